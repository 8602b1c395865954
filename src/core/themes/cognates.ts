/**
 * French words read as their English cognates ("identité" → "identity", "économique" → "economic"), so a subject
 * written in both languages is one word feature. A cognate comes from the regular correspondences of learned
 * endings (-ité/-ity, -ique/-ic, -aire/-ary, -eux/-ous, …) or from the same spelling, and both words must be in their
 * language's dictionary: no edit distance, which pairs unrelated words ("gardons" / "garden").
 */
import { fold } from './text.js';
import { knownWord } from './word-class.js';

/** Fewest letters of a French word read as an English one: short words are too often false friends. */
const MIN_LETTERS = 6;

/** French endings and their English counterparts, longest first (accents folded). */
const ENDINGS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ification', ['ification']],
  ['ellement', []],
  ['ement', ['ment']],
  ['ment', []],
  ['aute', ['ity']],
  ['ite', ['ity']],
  ['tie', ['cy']],
  ['ique', ['ic', 'ical']],
  ['isme', ['ism']],
  ['iste', ['ist']],
  ['aire', ['ary']],
  ['oire', ['ory']],
  ['elle', ['al']],
  ['el', ['al']],
  ['euse', ['ous']],
  ['eux', ['ous']],
  ['ive', ['ive']],
  ['if', ['ive']],
  ['eur', ['or', 'er']],
  ['ie', ['y']],
];

/** Plural endings of French nouns and adjectives, to the singular ("-eux" is singular too). */
function singular(word: string): string {
  if (word.endsWith('aux') && word.length > 5) return `${word.slice(0, -3)}al`;
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (/[^s]s$/u.test(word)) return word.slice(0, -1);
  return word;
}

/** One doubled consonant written once ("développement" → "developement"), the English habit. */
function undoubled(word: string): string[] {
  const out: string[] = [];
  for (const m of word.matchAll(/([bcdfglmnprt])\1/gu))
    out.push(word.slice(0, m.index) + word.slice(m.index + 1));
  return out;
}

/**
 * Well-known false friends that a rule or the spelling would pair: "actuel" is current, "formation" training,
 * "isolation" insulation, "collège" a middle school.
 */
const FALSE_FRIENDS = new Set(
  'actuel actuelle eventuel eventuelle librairie location sensible formation isolation college conference deception preservatif sympathique tentative trouble patron petrole supporter demander realiser pretendre assister attendre monnaie crier blesser injure figure occasion office parent phrase stage issue large'.split(
    ' ',
  ),
);

const answers = new Map<string, string | null>();

/** The English word a French word is a cognate of, or null. `word` is lowercase, as written. */
export function englishCognate(word: string): string | null {
  let answer = answers.get(word);
  if (answer !== undefined) return answer;
  answer = null;
  const folded = fold(singular(word));
  if (folded.length >= MIN_LETTERS && /^[a-z]+$/u.test(folded) && !FALSE_FRIENDS.has(folded)) {
    const candidates: string[] = [folded];
    for (const [ending, english] of ENDINGS) {
      if (!folded.endsWith(ending)) continue;
      const root = folded.slice(0, -ending.length);
      for (const e of english) candidates.push(root + e);
      break;
    }
    for (const c of [...candidates]) candidates.push(...undoubled(c));
    answer = candidates.find((c) => c.length >= MIN_LETTERS - 1 && knownWord(c, 'en', false)) ?? null;
  }
  if (answers.size > 200_000) answers.clear();
  answers.set(word, answer);
  return answer;
}
