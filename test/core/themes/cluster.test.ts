import { describe, expect, it } from 'vitest';
import { type ClusterParams, clusterOnce } from '../../../src/core/themes/cluster.js';
import { prepareDoc, tfidf } from '../../../src/core/themes/features.js';
import { type Points, restrictPoints } from '../../../src/core/themes/kmeans.js';

/**
 * 4 topics × 30 replies, each reply 3 of its topic's 6 words; row i belongs to topic ⌊i / 30⌋. With `noise`, each
 * reply also has that many words drawn from all topics' words and 20 words no topic owns.
 */
function topics(noise = 0): { p: Points; rows: Int32Array } {
  let seed = 99;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const texts: string[] = [];
  for (let t = 0; t < 4; t++) {
    for (let i = 0; i < 30; i++) {
      const words = new Set<string>();
      while (words.size < 3) words.add(`topic${'abcd'[t]}word${'abcdef'[Math.floor(rand() * 6)]}`);
      for (let x = 0; x < noise; x++) {
        const any = Math.floor(rand() * 44);
        words.add(any < 24 ? `topic${'abcd'[any % 4]}word${'abcdef'[any >> 2]}` : `common${any}`);
      }
      texts.push([...words].join(', '));
    }
  }
  const { matrix } = tfidf(
    texts.map((x) => prepareDoc(x, 'en')),
    1,
  );
  return {
    p: { n: texts.length, sparse: matrix, dense: new Float32Array(0), dims: 0 },
    rows: Int32Array.from(texts.keys()),
  };
}

const params: ClusterParams = {
  k: 4,
  seed: 42,
  restarts: 2,
  restartSample: 1000,
  restartIter: 10,
  finalIter: 5,
  nbRounds: 4,
  settleRounds: 1,
  finalRounds: 2,
  maxMoves: 2,
  nbSmoothing: 1,
  nbMinConcentration: 0.5,
};

describe('clusterOnce', () => {
  it('finds well-separated topics', () => {
    const { p, rows } = topics();
    const { assign } = clusterOnce(p, rows, params);
    for (let t = 0; t < 4; t++) {
      const ids = new Set(Array.from({ length: 30 }, (_, i) => assign[t * 30 + i]));
      expect(ids.size).toBe(1);
    }
    expect(new Set(assign).size).toBe(4);
  });

  it('starts from the themes of a run on a sample when given one, theme numbers included', () => {
    const { p, rows } = topics();
    // A sample (every third row) already themed, with the topics numbered 1, 3, 0, 2: restarts would number them
    // by their own seeding; starting from the sample's centroids keeps this numbering.
    const order = [1, 3, 0, 2];
    const sample = rows.filter((i) => i % 3 === 0);
    const sampleAssign = new Int32Array(p.n).fill(-1);
    for (const i of sample) sampleAssign[i] = order[Math.floor(i / 30)]!;
    const started = clusterOnce(p, rows, params, undefined, { rows: sample, assign: sampleAssign });
    for (const i of rows) expect(started.assign[i]).toBe(order[Math.floor(i / 30)]);
    const restarted = clusterOnce(p, rows, params);
    expect(Array.from(rows, (i) => restarted.assign[i])).not.toEqual(
      Array.from(rows, (i) => started.assign[i]),
    );
  });

  it('from a start with fewer themes, parts the least coherent one: a theme of two topics parts', () => {
    const { p, rows } = topics();
    // Topics a and b have a theme each; c and d share one. Row 0 (topic a) is the first row: seeding the new theme
    // there (as k-means fills an empty theme), not by parting the c + d theme, would split a and leave c and d together.
    const start = Int32Array.from(rows, (i) => Math.min(2, Math.floor(i / 30)));
    const kmeansOnly = { ...params, nbRounds: 0, finalRounds: 0, maxMoves: 0 };
    const { assign } = clusterOnce(p, rows, kmeansOnly, undefined, { rows, assign: start });
    for (let t = 0; t < 4; t++) {
      const ids = new Set(Array.from({ length: 30 }, (_, i) => assign[t * 30 + i]));
      expect(ids.size).toBe(1);
    }
    expect(new Set(assign).size).toBe(4);
  });

  it('themes a sample on restrictPoints(sample) exactly as on the whole space, on fewer columns', () => {
    const { p, rows } = topics(3);
    const sample = rows.filter((i) => i % 4 === 0);
    const whole = clusterOnce(p, sample, params);
    const restricted = restrictPoints(p, sample);
    expect(restricted.n).toBe(sample.length);
    expect(restricted.sparse.width).toBeLessThan(p.sparse.width);
    expect(restricted.vocabulary).toBe(p.sparse.width);
    const local = clusterOnce(restricted, Int32Array.from(sample.keys()), params);
    expect(Array.from(local.assign)).toEqual(Array.from(sample, (i) => whole.assign[i]));
  });
});
