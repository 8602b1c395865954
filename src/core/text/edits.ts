/** Edit distances for typos, from `fastest-levenshtein`. */
import { distance } from 'fastest-levenshtein';

const sorted = (w: string) => [...w].sort().join('');

/** Typos: edit distance, with a swap of two neighbouring letters counted once. */
export function typoDistance(word: string, target: string): number {
  const d = distance(word, target);
  if (d === 2 && word.length === target.length && sorted(word) === sorted(target)) {
    for (let i = 0; i + 1 < word.length; i++) {
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (swapped === target) return 1;
    }
  }
  return d;
}
