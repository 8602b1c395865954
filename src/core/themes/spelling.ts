/**
 * Slips in lexicon words ("enviroment", "goverment", "pollusion"): a written word neither Hunspell dictionary knows,
 * one edit (a swap of neighbouring letters counts one) from one lexicon reading, is read as that word, unless a word
 * of the reply's language is as near. Both must be long enough that one edit rarely turns a word into another, and a
 * slip keeps its first letter. Candidates come from an index of the lexicon's words and their one-letter deletions;
 * each written word is looked at once per process.
 */
import { typoDistance } from '../text/edits.js';
import { push } from './lists.js';
import { dropPlural, type TermWord } from './phrases.js';
import type { Lang, Token } from './text.js';
import { knownWord } from './word-class.js';

/** Fewest letters of a prefix term (`word*`) a slip may stand for, and most letters after it. */
const MIN_PREFIX = 7;
const PREFIX_ENDING = 3;

interface Word {
  text: string;
  prefix: boolean;
  /** What the word stands for as a term of its own (none: it only appears inside phrases). */
  targets: number[];
}

export class Speller {
  /** Lexicon words (a prefix term's prefix) by themselves and by each of their one-letter deletions. */
  private readonly near = new Map<string, Word[]>();
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];
  private readonly prefixLengths: number[];
  private readonly answers: Record<Lang, Map<string, string | null>> = { en: new Map(), fr: new Map() };

  /** `words`: the lexicon's words; `minLength`: fewest letters of a slip and of the lexicon word it stands for. */
  constructor(
    words: Iterable<TermWord>,
    private readonly minLength: number,
  ) {
    const byId = new Map<string, Word>();
    for (const w of words) {
      if (w.prefix) this.prefixes.push(w.text);
      else this.exact.add(w.text);
      const id = `${w.text}${w.prefix ? '*' : ''}`;
      let word = byId.get(id);
      if (!word) {
        word = { text: w.text, prefix: w.prefix, targets: [] };
        byId.set(id, word);
        if (w.text.length >= minLength && /^[a-z]+$/u.test(w.text))
          for (const key of new Set([w.text, ...deletions(w.text)])) push(this.near, key, word);
      }
      if (w.target !== undefined && !word.targets.includes(w.target)) word.targets.push(w.target);
    }
    for (const word of byId.values()) word.targets.sort((x, y) => x - y);
    this.prefixLengths = [
      ...new Set(this.prefixes.filter((p) => p.length >= MIN_PREFIX).map((p) => p.length)),
    ];
  }

  /** The accent-free form to match in the token's place when it is a slip of a lexicon word, else undefined. */
  correct(token: Token, lang: Lang): string | undefined {
    const folded = token.folded;
    if (folded.length < this.minLength || !/^[a-z]+$/u.test(folded)) return undefined;
    const answers = this.answers[lang];
    let answer = answers.get(token.word);
    if (answer === undefined) {
      answer = this.meant(folded, token.word, lang);
      if (answers.size > 200_000) answers.clear();
      answers.set(token.word, answer);
    }
    return answer ?? undefined;
  }

  private meant(folded: string, written: string, lang: Lang): string | null {
    const plain = dropPlural(folded);
    if (this.exact.has(plain) || this.prefixes.some((p) => folded.startsWith(p))) return null;
    const found = new Map<string, { meant: string; targets: number[] }>();
    for (const w of this.candidates(plain))
      if (!w.prefix && w.text[0] === plain[0] && typoDistance(plain, w.text) === 1)
        found.set(w.text, { meant: w.text, targets: w.targets });
    // A long prefix against the word's first letters (one fewer, as many, one more) ending on the prefix's last
    // letter and followed by an ending at most: else the word only shares a stem with it ("incentivize",
    // "incentive*"), and a short stem is no evidence ("seperate", "sewer*").
    for (const length of this.prefixLengths)
      for (const cut of [-1, 0, 1]) {
        const head = folded.slice(0, length + cut);
        if (head.length !== length + cut || folded.length - head.length > PREFIX_ENDING) continue;
        for (const w of this.candidates(head))
          if (
            w.prefix &&
            w.text.length === length &&
            w.text[0] === head[0] &&
            w.text.at(-1) === head.at(-1) &&
            typoDistance(head, w.text) === 1
          )
            found.set(`${w.text}*`, { meant: w.text + folded.slice(head.length), targets: w.targets });
      }
    // Lexicon words that stand for the same, or only appear in phrases, are one reading: "environment" and
    // "environment*", "apartment*" and "appartement*".
    const readings = [...found.values()].sort(
      (x, y) => y.targets.length - x.targets.length || y.meant.length - x.meant.length,
    );
    const standFor = new Set(readings.filter((r) => r.targets.length > 0).map((r) => r.targets.join()));
    const lexical = new Set(readings.map((r) => dropPlural(r.meant)));
    if (readings.length === 0 || standFor.size > 1 || (standFor.size === 0 && lexical.size > 1)) return null;
    // Replies mix languages ("J'ai vécu à Warren County"): a word either dictionary knows is no slip, nor is one a
    // word of the reply's language as near as the lexicon's ("feture": "feature" as much as "future").
    if (knownWord(written, lang) || knownWord(written, lang === 'en' ? 'fr' : 'en')) return null;
    for (const other of edits(folded))
      if (other[0] === folded[0] && !lexical.has(dropPlural(other)) && knownWord(other, lang, false))
        return null;
    return readings[0]!.meant;
  }

  private candidates(word: string): Word[] {
    const out: Word[] = [];
    for (const key of new Set([word, ...deletions(word)])) out.push(...(this.near.get(key) ?? []));
    return out;
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every word one edit from `word` (a letter dropped, added, changed, or two neighbours swapped). */
function edits(word: string): Set<string> {
  const out = new Set<string>(deletions(word));
  for (let i = 0; i <= word.length; i++) {
    for (const c of LETTERS) {
      out.add(word.slice(0, i) + c + word.slice(i));
      if (i < word.length && c !== word[i]) out.add(word.slice(0, i) + c + word.slice(i + 1));
    }
    if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  out.delete(word);
  return out;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
