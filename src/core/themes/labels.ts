/**
 * Theme labels: the most distinctive 2–4 word phrase that members actually wrote, scored by how many members use it
 * and how much its words weigh in the theme's lexical centroid (TF-IDF weight already encodes distinctiveness).
 */
import type { Doc } from './features.js';
import { isStopword, stem } from './text.js';

export interface LabelCandidate {
  /** Exact slice of a member's text. */
  text: string;
  score: number;
}

/**
 * @param members member docs, most central first
 * @param weight  centroid weight of a feature key (stem or "stem stem"), 0 when absent
 */
export function pickLabel(members: readonly Doc[], weight: (term: string) => number): string | undefined {
  const seen = new Map<string, { count: number; text: string; score: number }>();
  for (const doc of members) {
    const inDoc = new Set<string>();
    const toks = doc.tokens;
    for (let a = 0; a < toks.length; a++) {
      const first = toks[a]!;
      if (isStopword(first.word) || /^\d/u.test(first.word) || first.word.length < 2) continue;
      let w = 0;
      const stems: string[] = [];
      for (let b = a; b < Math.min(toks.length, a + 4); b++) {
        const t = toks[b]!;
        // A phrase never crosses punctuation.
        if (b > a && !/^\s+$/u.test(doc.text.slice(toks[b - 1]!.end, t.start))) break;
        if (!isStopword(t.word)) {
          const s = stem(t.word, doc.lang);
          w += weight(s);
          const prev = stems[stems.length - 1];
          if (prev !== undefined && b > a && !isStopword(toks[b - 1]!.word)) w += weight(`${prev} ${s}`);
          stems.push(s);
        }
        if (b === a) continue;
        if (isStopword(t.word) || t.word.length < 2) continue;
        const key = toks
          .slice(a, b + 1)
          .map((x) => x.word)
          .join(' ');
        if (inDoc.has(key)) continue;
        inDoc.add(key);
        // Prefer phrases whose every content word matters; penalise padding with function words.
        const len = b - a + 1;
        const score = w / (1 + 0.15 * (len - stems.length)) / Math.sqrt(len / 2);
        const e = seen.get(key);
        if (e) e.count++;
        else seen.set(key, { count: 1, text: doc.text.slice(first.start, t.end), score });
      }
    }
  }
  // Prefer phrases several members wrote; when none repeats, the best phrase any central member wrote.
  for (const minCount of members.length >= 4 ? [2, 1] : [1]) {
    let best: { key: string; value: number; text: string } | undefined;
    for (const [key, e] of seen) {
      if (e.count < minCount || e.score <= 0) continue;
      const value = e.score * Math.sqrt(e.count);
      if (!best || value > best.value + 1e-12 || (Math.abs(value - best.value) <= 1e-12 && key < best.key)) {
        best = { key, value, text: e.text };
      }
    }
    if (best) return best.text.replace(/\s+/gu, ' ');
  }
  return undefined;
}
