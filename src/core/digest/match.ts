/**
 * Matching themes across weeks by content, never by label: the engine may word a theme's label
 * differently from one week to the next while residents are still talking about the same thing.
 * Two themes match on their centroids (cosine, when both come from the same feature space) or on the
 * overlap of their keywords; each theme matches at most one theme of the other week (greedy, best
 * score first).
 */

export interface ThemeFingerprint {
  keywords: string[];
  /** Unit-length centroid from the theme engine, when it gives one. */
  centroid?: number[] | undefined;
}

/** Cosine at or above which two centroids are the same theme. */
export const CENTROID_MATCH = 0.9;
/** Keyword overlap (shared / smaller set) at or above which two themes are the same theme. */
export const KEYWORD_MATCH = 0.3;

/** Lowercase, no accents, a plural `s` dropped: "Buses" and "bus" meet, "écoles" and "ecole" too. */
function normalizeWord(word: string): string {
  const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (plain.length > 4 && plain.endsWith('es')) return plain.slice(0, -2);
  if (plain.length > 3 && plain.endsWith('s')) return plain.slice(0, -1);
  return plain;
}

export function keywordSet(keywords: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const keyword of keywords) {
    for (const word of keyword.split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 2) out.add(normalizeWord(word));
    }
  }
  return out;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Similarity in [0, 1]; a pair is a match at or above 1 on the scale returned by `matchScore`. */
export function matchScore(a: ThemeFingerprint, b: ThemeFingerprint): number {
  let score = 0;
  if (a.centroid && b.centroid && a.centroid.length > 0 && a.centroid.length === b.centroid.length) {
    score = Math.max(score, cosine(a.centroid, b.centroid) / CENTROID_MATCH);
  }
  const ka = keywordSet(a.keywords);
  const kb = keywordSet(b.keywords);
  const smaller = Math.min(ka.size, kb.size);
  if (smaller > 0) {
    let shared = 0;
    for (const k of ka) if (kb.has(k)) shared += 1;
    // Overlap decides the match; Jaccard (tiny weight) prefers the closer of two themes that both contain it.
    const jaccard = shared / (ka.size + kb.size - shared);
    score = Math.max(score, shared / smaller / KEYWORD_MATCH + jaccard * 1e-3);
  }
  return score;
}

/**
 * One-to-one matches between `current` and `other` themes: a map from the index in `current` to the
 * index in `other`. Pairs scoring under the match thresholds stay unmatched.
 */
export function matchThemes(current: ThemeFingerprint[], other: ThemeFingerprint[]): Map<number, number> {
  const pairs: Array<{ i: number; j: number; score: number }> = [];
  current.forEach((a, i) => {
    other.forEach((b, j) => {
      const score = matchScore(a, b);
      if (score >= 1) pairs.push({ i, j, score });
    });
  });
  pairs.sort((p, q) => q.score - p.score || p.i - q.i || p.j - q.j);
  const out = new Map<number, number>();
  const taken = new Set<number>();
  for (const { i, j } of pairs) {
    if (out.has(i) || taken.has(j)) continue;
    out.set(i, j);
    taken.add(j);
  }
  return out;
}
