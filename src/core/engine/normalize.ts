/**
 * How a resident's message is read for meaning (never how it is stored): lower case, accents and
 * apostrophes gone ("d'accord", "daccord" and "D’ACCORD" read alike), punctuation as spaces, letters
 * repeated for emphasis folded ("yesss", "stoooop"), and the few emoji that carry an answer kept as
 * signs. Built-in Unicode properties do all of it: no library is needed for this part.
 */

export type Sign = 'yes' | 'no' | 'stop';

export interface Reading {
  /** Words joined by single spaces. */
  text: string;
  words: string[];
  signs: Sign[];
  /** Clauses (split at . ! ? ; , and line breaks), each normalized like `text`. */
  clauses: string[];
}

const SIGNS: Array<[RegExp, Sign]> = [
  [/[\u{1F44D}\u{1F44C}\u{2705}\u{2714}\u{2611}\u{1F646}\u{1F197}\u{1F64B}\u{1F91D}]/u, 'yes'],
  [/[\u{1F44E}\u{274C}\u{274E}\u{1F645}\u{1F6AB}]/u, 'no'],
  [/[\u{1F6D1}\u{26D4}\u{270B}]/u, 'stop'],
];

function fold(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      // An apostrophe inside a word joins it: don't → dont, c'est → cest, m'écrire → mecrire.
      .replace(/(\p{L})['’‘`´ʼ](?=\p{L})/gu, '$1')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      // Emphasis: three or more of a letter read as one (yesss, stoooop, pleeease).
      .replace(/(\p{L})\1{2,}/gu, '$1')
      .trim()
  );
}

export function read(text: string): Reading {
  const signs: Sign[] = [];
  for (const [pattern, sign] of SIGNS) if (pattern.test(text)) signs.push(sign);
  const folded = fold(text);
  const clauses = text
    .split(/[.!?;,\n]+|\s[-–—]\s/)
    .map(fold)
    .filter((c) => c.length > 0);
  return { text: folded, words: folded ? folded.split(' ') : [], signs, clauses };
}

/** Letters and digits in a text, for "is there anything here" checks. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
