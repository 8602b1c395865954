import { describe, expect, it } from 'vitest';
import { prepareDoc, tfidf } from '../../../src/core/themes/features.js';
import { bisectThemes, mergeSplit, type Points, refineNaiveBayes } from '../../../src/core/themes/kmeans.js';

const SPREAD = ['error', 'file', 'code', 'window'];

/**
 * Four themes, each with its own word; four words ("error", "file"…) are spread over all of them (most in the second).
 * The last reply has the first theme's word plus the four spread words, and starts in the second theme.
 */
function setup(): { p: Points; assign: Int32Array; rows: Int32Array; last: number } {
  const texts: string[] = [];
  const assign: number[] = [];
  const own = ['alpha', 'bravo', 'charlie', 'delta'];
  const spread = [3, 8, 4, 4];
  own.forEach((word, q) => {
    for (let i = 0; i < 8; i++) {
      // Five words per reply (commas: no bigrams), so every theme has the same number of term uses.
      const rest =
        i < spread[q]! ? SPREAD : [1, 2, 3, 4].map((j) => `${word}${'abcdefgh'[i]}${'wxyz'[j - 1]}`);
      texts.push([word, ...rest].join(', '));
      assign.push(q);
    }
  });
  texts.push(['alpha', ...SPREAD].join(', '));
  assign.push(1);
  const { matrix } = tfidf(
    texts.map((t) => prepareDoc(t, 'en')),
    1,
  );
  const p: Points = { n: texts.length, sparse: matrix, dense: new Float32Array(0), dims: 0 };
  return { p, assign: Int32Array.from(assign), rows: Int32Array.from(texts.keys()), last: texts.length - 1 };
}

describe('refineNaiveBayes', () => {
  it('lets only words concentrated in one theme vote', () => {
    const plain = setup();
    refineNaiveBayes(plain.p, plain.assign, plain.rows, 4, 1, 1);
    // Every word votes: the two spread words outweigh the distinctive one.
    expect(plain.assign[plain.last]).toBe(1);

    const voting = setup();
    refineNaiveBayes(voting.p, voting.assign, voting.rows, 4, 1, 1, 0.5);
    expect(voting.assign[voting.last]).toBe(0);
    // Replies of a theme's own word stay where they are.
    expect([...voting.assign.slice(0, 32)]).toEqual([...setup().assign.slice(0, 32)]);
  });

  it('gives the same result after a call on other rows (the kernel reuses its scratch memory)', () => {
    const a = setup();
    const b = setup();
    refineNaiveBayes(a.p, a.assign, a.rows, 4, 3, 1, 0.5);
    // Another call first, with other rows, fewer themes and every word voting, leaves its counts in the scratch.
    const other = setup();
    refineNaiveBayes(other.p, other.assign, other.rows.subarray(0, 20), 3, 2, 0.5);
    refineNaiveBayes(b.p, b.assign, b.rows, 4, 3, 1, 0.5);
    expect([...b.assign]).toEqual([...a.assign]);
  });

  it('smooths over `vocabulary` terms when the points give it, not the columns they have', () => {
    // Columns x, y, z1..z3 (presence counts only; values do not matter). Theme 0: 30 replies "z1 z2 z3" and 4 "x";
    // theme 1: 1 "x" and 3 "y". A reply "x" scores (4 + 1) / (94 + V) in theme 0 against 2 / (4 + V) in theme 1:
    // theme 1 wins over V = 5 columns, theme 0 over a vocabulary of 1,000 terms (and theme 1's "x" joins it).
    const rows: number[][] = [
      ...Array.from({ length: 30 }, () => [2, 3, 4]),
      ...Array.from({ length: 4 }, () => [0]),
      [0],
      ...Array.from({ length: 3 }, () => [1]),
    ];
    const assign = () => Int32Array.from(rows, (_, i) => (i < 34 ? 0 : 1));
    const sparse = {
      rowPtr: Int32Array.from([0, ...rows.map((_, i) => rows.slice(0, i + 1).flat().length)]),
      cols: Int32Array.from(rows.flat()),
      vals: new Float32Array(rows.flat().length).fill(1),
      width: 5,
    };
    const p: Points = { n: rows.length, sparse, dense: new Float32Array(0), dims: 0 };
    const all = Int32Array.from(rows.keys());
    const columns = assign();
    refineNaiveBayes(p, columns, all, 2, 1, 1);
    expect([...columns.slice(30, 35)]).toEqual([1, 1, 1, 1, 1]);
    const vocabulary = assign();
    refineNaiveBayes({ ...p, vocabulary: 1000 }, vocabulary, all, 2, 1, 1);
    expect([...vocabulary.slice(30, 35)]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('mergeSplit', () => {
  /**
   * Four topics of 12 replies, each with its own word. The starting themes are wrong the way short texts go wrong:
   * "apple" is split over themes 0 and 3, and every "drum" reply is scattered over themes 0–2.
   */
  function scattered(): { p: Points; assign: Int32Array; rows: Int32Array } {
    const topics = [
      ['apple', ['orchard', 'cider', 'pie', 'harvest']],
      ['boat', ['sail', 'harbor', 'anchor', 'deck']],
      ['chess', ['knight', 'bishop', 'rook', 'opening']],
      ['drum', ['beat', 'rhythm', 'snare', 'cymbal']],
    ] as const;
    const texts: string[] = [];
    const assign: number[] = [];
    topics.forEach(([word, others], t) => {
      for (let i = 0; i < 12; i++) {
        texts.push(`${word}, ${others[i % 4]}, ${others[(i + 1) % 4]}`);
        assign.push(t === 0 ? (i < 6 ? 0 : 3) : t === 3 ? i % 3 : t);
      }
    });
    const { matrix } = tfidf(
      texts.map((x) => prepareDoc(x, 'en')),
      1,
    );
    const p: Points = { n: texts.length, sparse: matrix, dense: new Float32Array(0), dims: 0 };
    return { p, assign: Int32Array.from(assign), rows: Int32Array.from(texts.keys()) };
  }

  it('gathers a topic scattered over many themes and merges a topic split in two', () => {
    const { p, assign, rows } = scattered();
    const moves = mergeSplit(p, assign, rows, 4, 1, () => {}, 4);
    expect(moves).toBeGreaterThan(0);
    const themeOf = (from: number) => new Set([...assign.slice(from, from + 12)]);
    // Each topic ends in one theme, and the four themes differ.
    for (const from of [0, 12, 24, 36]) expect(themeOf(from).size).toBe(1);
    expect(new Set([0, 12, 24, 36].map((from) => assign[from])).size).toBe(4);
  });
});

describe('bisectThemes', () => {
  it('parts themes until there are k, each new theme taking replies; stops when no theme has 4 replies', () => {
    const { p, assign, rows } = setup();
    expect(bisectThemes(p, rows, assign, 4, 6, 1)).toBe(6);
    for (let q = 0; q < 6; q++) expect(assign.includes(q)).toBe(true);

    const small = setup();
    // Two replies in each of three themes: none can be parted.
    const few = Int32Array.from([0, 1, 8, 9, 16, 17]);
    const before = [...small.assign];
    expect(bisectThemes(small.p, few, small.assign, 3, 5, 1)).toBe(3);
    expect([...small.assign]).toEqual(before);
  });
});
