import { describe, expect, it } from 'vitest';
import { chooseK } from '../../../src/core/themes/choose-k.js';
import { prepareDoc, tfidf } from '../../../src/core/themes/features.js';
import { type Points, sphericalKMeans } from '../../../src/core/themes/kmeans.js';

/** `topics` groups of replies; each reply takes 3 of its group's 8 words, so the true count is `topics`. */
function points(topics: number, perTopic: number): { p: Points; rows: Int32Array } {
  const texts: string[] = [];
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let t = 0; t < topics; t++) {
    const words = Array.from(
      { length: 8 },
      (_, j) => `topic${String.fromCharCode(97 + t)}word${String.fromCharCode(97 + j)}`,
    );
    for (let i = 0; i < perTopic; i++) {
      const picked = new Set<string>();
      while (picked.size < 3) picked.add(words[Math.floor(rand() * 8)]!);
      texts.push([...picked].join(' '));
    }
  }
  const { matrix } = tfidf(
    texts.map((x) => prepareDoc(x, 'en')),
    2,
  );
  const p: Points = { n: texts.length, sparse: matrix, dense: new Float32Array(0), dims: 0 };
  return { p, rows: Int32Array.from(texts.keys()) };
}

/** Plain k-means as the candidates' clustering (the engine passes its whole pipeline). */
const kmeans = (p: Points, seed: number) => (k: number, rows: Int32Array) =>
  sphericalKMeans(p, { k, restarts: 1, restartSample: rows.length, maxIter: 10, seed, rows }).assign;

describe('chooseK', () => {
  it('finds the number of well-separated topics', () => {
    const { p, rows } = points(6, 40);
    const choice = chooseK(p, { kMin: 2, kMax: 20, rows, fit: kmeans(p, 42), silhouetteRows: 240 });
    expect(choice.k).toBeGreaterThanOrEqual(5);
    expect(choice.k).toBeLessThanOrEqual(8);
    expect(Number.isNaN(choice.silhouette[choice.k]!)).toBe(false);
  });

  it('stays within [kMin, kMax]', () => {
    const { p, rows } = points(6, 40);
    const choice = chooseK(p, { kMin: 2, kMax: 3, rows, fit: kmeans(p, 42), silhouetteRows: 240 });
    expect(choice.k).toBeGreaterThanOrEqual(2);
    expect(choice.k).toBeLessThanOrEqual(3);
  });

  it('is deterministic', () => {
    const { p, rows } = points(4, 30);
    const a = chooseK(p, { kMin: 2, kMax: 12, rows, fit: kmeans(p, 7), silhouetteRows: 120 });
    const b = chooseK(p, { kMin: 2, kMax: 12, rows, fit: kmeans(p, 7), silhouetteRows: 120 });
    expect(a.k).toBe(b.k);
    expect([...a.silhouette]).toEqual([...b.silhouette]);
  });

  it('scores the partitions the given clustering returns', () => {
    // The true 6 topics when asked for 5 themes (one label more than asked), an arbitrary split otherwise: the
    // choice must follow the partitions it is given, not a k-means fit of its own.
    const { p, rows } = points(6, 40);
    const partition = (k: number, r: Int32Array) => {
      const assign = new Int32Array(p.n).fill(-1);
      for (const i of r) assign[i] = k === 5 ? Math.floor(i / 40) : i % k;
      return assign;
    };
    const choice = chooseK(p, { kMin: 2, kMax: 20, rows, fit: partition, silhouetteRows: 240 });
    expect(choice.k).toBe(5);
    // The chosen candidate's partition comes back, for the final run to start from.
    expect([...choice.assign!]).toEqual([...partition(5, rows)]);
  });

  it('hands each candidate the partition fitted for the previous one', () => {
    const { p, rows } = points(6, 40);
    const seen: Array<{ k: number; previous: Int32Array | undefined }> = [];
    const returned = new Map<number, Int32Array>();
    chooseK(p, {
      kMin: 2,
      kMax: 20,
      rows,
      silhouetteRows: 240,
      fit: (k, r, previous) => {
        seen.push({ k, previous });
        const assign = kmeans(p, 42)(k, r);
        returned.set(k, assign);
        return assign;
      },
    });
    expect(seen[0]!.previous).toBeUndefined();
    for (let x = 1; x < seen.length; x++) expect(seen[x]!.previous).toBe(returned.get(seen[x - 1]!.k));
  });

  it('stops scanning once larger k stop improving', () => {
    const { p, rows } = points(6, 40);
    const asked: number[] = [];
    const fit = (k: number, r: Int32Array) => {
      asked.push(k);
      return kmeans(p, 42)(k, r);
    };
    chooseK(p, { kMin: 2, kMax: 200, rows, fit, silhouetteRows: 240 });
    // The grid runs 2, 3, 4, 5, 7, 9, 12, … up to 200; the peak is near 6, so the largest candidates are skipped.
    expect(Math.max(...asked)).toBeLessThan(40);
  });
});
