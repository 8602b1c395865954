/**
 * Finds listed words and phrases in token lists, for the civic lexicon and for background words. A term is one or
 * more words compared after `foldWord` (accents, case and plural dropped); a word ending in `*` matches every word
 * that starts with it.
 */
import { push } from './lists.js';
import { fold } from './text.js';

/** Accent-free lowercase with an English or French plural dropped: "Écoles" → "ecole", "cities" → "city". */
export function foldWord(word: string): string {
  return dropPlural(fold(word));
}

/** `foldWord` of a word already folded. */
export function dropPlural(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('aux')) return `${w.slice(0, -3)}al`;
  if (w.length > 3 && (w.endsWith('eaux') || w.endsWith('eux'))) return w.slice(0, -1);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is'))
    return w.slice(0, -1);
  return w;
}

interface Part {
  text: string;
  prefix: boolean;
}

/** A word of a term; `target` when the word is the whole term. */
export interface TermWord extends Part {
  target?: number;
}

interface Entry {
  parts: Part[];
  /** Index of what the term stands for (a concept, a background phrase). */
  target: number;
}

export interface Match {
  /** First token and one past the last. */
  from: number;
  to: number;
  targets: number[];
}

const PREFIX_KEY = 3;

export class PhraseMatcher {
  private readonly exact = new Map<string, Entry[]>();
  /** Entries whose first word is a prefix, by its first PREFIX_KEY letters. */
  private readonly prefixes = new Map<string, Entry[]>();

  /** `terms[target]` lists the terms of each target. */
  constructor(terms: ReadonlyArray<readonly string[]>) {
    terms.forEach((list, target) => {
      for (const term of list) this.add(term, target);
    });
  }

  /** Every word of every term, as matched (a prefix without its `*`), with the target of a one-word term. */
  words(): TermWord[] {
    const entries = [...this.exact.values(), ...this.prefixes.values()].flat();
    return entries.flatMap((e) =>
      e.parts.map((p) => ({ ...p, ...(e.parts.length === 1 ? { target: e.target } : {}) })),
    );
  }

  get size(): number {
    return this.exact.size + this.prefixes.size;
  }

  private add(term: string, target: number): void {
    // Elided articles ("garde d'enfants") are not tokens: see `tokenize`.
    const parts = term
      .replace(/\b(?:[ldjcmnst]|qu)['’]/gu, '')
      .trim()
      .split(/[\s']+/u)
      .filter((p) => p.length > 0)
      .map((p): Part => {
        const prefix = p.endsWith('*');
        const text = prefix ? fold(p.slice(0, -1)) : foldWord(p);
        return { text, prefix };
      });
    const first = parts[0];
    if (!first || first.text.length === 0) return;
    const entry: Entry = { parts, target };
    if (first.prefix && first.text.length >= PREFIX_KEY)
      push(this.prefixes, first.text.slice(0, PREFIX_KEY), entry);
    else push(this.exact, first.text, entry);
  }

  /**
   * Longest matches, left to right, never overlapping; several targets share a match when their terms are equally
   * long there.
   */
  match(tokens: ReadonlyArray<{ folded: string }>): Match[] {
    const folded = tokens.map((t) => t.folded);
    const plain = folded.map(dropPlural);
    const words = folded;
    const out: Match[] = [];
    for (let i = 0; i < words.length; ) {
      let best = 0;
      let targets: number[] = [];
      const candidates = [
        ...(this.exact.get(plain[i]!) ?? []),
        ...(this.prefixes.get(folded[i]!.slice(0, PREFIX_KEY)) ?? []),
      ];
      for (const entry of candidates) {
        const length = matchLength(entry.parts, folded, plain, i);
        if (length === 0 || length < best) continue;
        if (length > best) {
          best = length;
          targets = [];
        }
        if (!targets.includes(entry.target)) targets.push(entry.target);
      }
      if (best > 0) {
        out.push({ from: i, to: i + best, targets });
        i += best;
      } else i++;
    }
    return out;
  }
}

function matchLength(
  parts: readonly Part[],
  folded: readonly string[],
  plain: readonly string[],
  at: number,
): number {
  if (at + parts.length > folded.length) return 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const ok = part.prefix ? folded[at + p]!.startsWith(part.text) : plain[at + p] === part.text;
    if (!ok) return 0;
  }
  return parts.length;
}
