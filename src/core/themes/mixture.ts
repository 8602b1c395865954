/**
 * A Dirichlet-multinomial mixture over the replies' features (Yin & Wang 2014, "A Dirichlet Multinomial Mixture
 * Model-based Approach for Short Text Clustering", GSDMM), run as deterministic sweeps from the k-means themes.
 *
 * Each theme is a distribution over features; a reply moves to the theme under which all its features together are
 * most likely, so one incidental word ("nos enfants") does not keep a reply on climate in a theme on families.
 * Unlike GSDMM the sweeps take the most likely theme instead of drawing one, visit replies in the caller's
 * (canonical) order, and move a reply only for a clearly better theme, so the result is the same on every run and a
 * few added replies move nobody else. Unthemed replies stay out: the mixture only refines what k-means grouped. A
 * reply that writes the word its theme was seeded by stays (`pinned`): a large theme has seen more of every word,
 * and would otherwise swallow the narrower themes its topic holds ("classes moyennes" inside taxes).
 */
import { type Analysis, Kind } from './features.js';

export interface MixtureOptions {
  /** Passes over all replies; 0 turns the mixture off. */
  sweeps: number;
  /** Prior count of replies per theme: large values keep the mixture from pouring small themes into large ones. */
  alpha: number;
  /** Prior count of every feature in every theme: small values let one shared word decide. */
  beta: number;
  /** How many tokens a topic feature counts for (0: topics are left to the words). */
  conceptTokens: number;
  /** Word pairs as tokens too. */
  pairs: boolean;
  /** A reply leaves its theme only for one under which it is e^margin times as likely. */
  margin: number;
  /** A reply that writes the word its theme was seeded by stays there. */
  pin: boolean;
  /** The sweeps never take a theme under the minimum size (they only refine, never dissolve). */
  keepSize: boolean;
}

export const MIXTURE_DEFAULTS: MixtureOptions = {
  sweeps: 5,
  alpha: 1,
  beta: 0.7,
  conceptTokens: 2,
  pairs: false,
  margin: 1.5,
  pin: true,
  keepSize: true,
};

/** A reply's tokens: its distinct features and how many tokens each counts for. */
interface Doc {
  features: Int32Array;
  counts: Int32Array;
  length: number;
}

function docsOf(a: Analysis, o: MixtureOptions): Doc[] {
  const { kind } = a.space;
  const tokens = (f: number): number => {
    if (kind[f] === Kind.Word) return 1;
    if (kind[f] === Kind.Concept) return o.conceptTokens;
    return kind[f] === Kind.Pair && o.pairs ? 1 : 0;
  };
  return a.replyVectors.map((v) => {
    const features: number[] = [];
    const counts: number[] = [];
    for (const f of v.idx) {
      const c = tokens(f);
      if (c <= 0) continue;
      features.push(f);
      counts.push(c);
    }
    return {
      features: Int32Array.from(features),
      counts: Int32Array.from(counts),
      length: counts.reduce((s, c) => s + c, 0),
    };
  });
}

/**
 * Moves replies among `k` themes (`assign`: theme of each reply, -1 unthemed; `pinned` replies stay but count) by the
 * mixture's sweeps and returns the new assignment; themes keep their indices, and a theme may end empty.
 */
export function mixtureSweeps(
  a: Analysis,
  assign: Int32Array,
  k: number,
  o: MixtureOptions,
  pinned?: Uint8Array,
  floor = 0,
): Int32Array {
  const out = Int32Array.from(assign);
  if (o.sweeps <= 0 || k < 2) return out;
  const docs = docsOf(a, o);
  const dims = a.space.keys.length;
  const used = new Uint8Array(dims);
  for (const d of docs) for (const f of d.features) used[f] = 1;
  let vocabulary = 0;
  for (const x of used) vocabulary += x;
  // Counts laid out feature by feature (each feature's counts in all themes side by side), read in order.
  const nzw = new Int32Array(dims * k);
  const nz = new Int32Array(k);
  const mz = new Int32Array(k);
  const move = (i: number, t: number, sign: number) => {
    const d = docs[i]!;
    mz[t]! += sign;
    nz[t]! += sign * d.length;
    for (let j = 0; j < d.features.length; j++) nzw[d.features[j]! * k + t]! += sign * d.counts[j]!;
  };
  out.forEach((t, i) => {
    if (t >= 0) move(i, t, 1);
  });
  const vb = vocabulary * o.beta;
  const scores = new Float64Array(k);
  for (let sweep = 0; sweep < o.sweeps; sweep++) {
    let moved = 0;
    for (let i = 0; i < docs.length; i++) {
      const from = out[i]!;
      const d = docs[i]!;
      if (from < 0 || d.length === 0 || pinned?.[i] || mz[from]! <= floor) continue;
      move(i, from, -1);
      // log p(theme | the other replies' assignment) + log p(reply | theme), GSDMM's conditional.
      for (let t = 0; t < k; t++) {
        if (mz[t]! <= 0 && t !== from) {
          scores[t] = Number.NEGATIVE_INFINITY;
          continue;
        }
        let s = Math.log(mz[t]! + o.alpha);
        for (let j = 0; j < d.features.length; j++) {
          const base = nzw[d.features[j]! * k + t]! + o.beta;
          for (let c = 0; c < d.counts[j]!; c++) s += Math.log(base + c);
        }
        for (let c = 0; c < d.length; c++) s -= Math.log(nz[t]! + vb + c);
        scores[t] = s;
      }
      let best = from;
      for (let t = 0; t < k; t++) if (scores[t]! > scores[best]! + 1e-9) best = t;
      // A reply stays unless another theme is clearly better.
      if (scores[best]! <= scores[from]! + o.margin) best = from;
      else moved++;
      move(i, best, 1);
      out[i] = best;
    }
    if (moved === 0) break;
  }
  return out;
}
