/**
 * Word classes from the Hunspell dictionaries (`dictionary-fr`, Grammalecte's; `dictionary-en`, SCOWL's en_US): an
 * entry's suffix classes say what it can become, so they also say what a written word can be. Keywords use it to
 * leave out verbs ("taxer", "eliminate") and adjectives ("greater"). Each dictionary is read once, when first asked.
 */
import dictionaryEn from 'dictionary-en';
import dictionaryFr from 'dictionary-fr';
import { hunspellEntries } from '../text/hunspell.js';

interface Rule {
  flag: string;
  strip: string;
  add: string;
  condition: RegExp;
}

interface Dictionary {
  /**
   * Each entry's flags as written, one string per word (a word listed twice, "être" noun and verb, has its lists
   * joined by a space): tens of thousands of words, split only when looked up.
   */
  entries: Map<string, string>;
  /** Flag width: 2 for `FLAG long` (French), else 1. */
  width: number;
  /** Suffix rules by the last letter of what they add ('' for none). */
  rules: Map<string, Rule[]>;
  /** Prefix rules ("re", "un" in en_US), for telling known words. */
  prefixes: Rule[];
  /** The flags of suffix classes whose rules add an imperfect, `-ait` or `-aient` (French: they conjugate verbs). */
  imperfect: Set<string>;
  /** The flags of every suffix class. */
  suffixFlags: Set<string>;
}

function load(dic: Uint8Array, aff: Uint8Array): Dictionary {
  const affText = new TextDecoder().decode(aff);
  const width = /^FLAG\s+long/mu.test(affText) ? 2 : 1;
  const entries = new Map<string, string>();
  for (const { word, flags } of hunspellEntries(dic)) {
    const before = entries.get(word);
    entries.set(word, before === undefined ? flags : `${before} ${flags}`);
  }
  const rules = new Map<string, Rule[]>();
  const imperfect = new Set<string>();
  const suffixFlags = new Set<string>();
  const prefixes: Rule[] = [];
  for (const line of affText.split('\n')) {
    const p = line.trim().split(/\s+/u);
    if (p[0] === 'PFX' && p.length >= 5) {
      const [, flag, stripped, added, condition] = p as [string, string, string, string, string];
      const add = added.split('/')[0] === '0' ? '' : added.split('/')[0]!;
      const strip = stripped === '0' ? '' : stripped;
      prefixes.push({
        flag,
        strip,
        add,
        condition: new RegExp(`^${condition === '.' ? '' : condition}`, 'u'),
      });
    }
    if (p[0] !== 'SFX' || p.length < 5) continue;
    const [, flag, stripped, added, condition] = p as [string, string, string, string, string];
    const add = added.split('/')[0] === '0' ? '' : added.split('/')[0]!;
    if (add.endsWith('aient') || add.endsWith('ait')) imperfect.add(flag);
    suffixFlags.add(flag);
    const rule = {
      flag,
      strip: stripped === '0' ? '' : stripped,
      add,
      condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u'),
    };
    const key = add.at(-1) ?? '';
    const list = rules.get(key);
    if (list) list.push(rule);
    else rules.set(key, [rule]);
  }
  return { entries, width, rules, prefixes, imperfect, suffixFlags };
}

/** A word's entries, each as its list of flags. */
function entriesOf(d: Dictionary, word: string): string[][] {
  const raw = d.entries.get(word);
  if (raw === undefined) return [];
  return raw.split(' ').map((list) => list.match(d.width === 2 ? /.{2}/gu : /./gu) ?? []);
}

/**
 * Every reading of a written word: its own entries (no flag), and each entry a suffix rule makes it from (the rule's
 * flag, with that entry's lemma and flags).
 */
function readings(
  d: Dictionary,
  word: string,
): Array<{ lemma: string; flag: string | undefined; flags: string[] }> {
  const out: Array<{ lemma: string; flag: string | undefined; flags: string[] }> = [];
  for (const flags of entriesOf(d, word)) out.push({ lemma: word, flag: undefined, flags });
  for (const key of [word.at(-1) ?? '', '']) {
    for (const r of d.rules.get(key) ?? []) {
      if (!word.endsWith(r.add) || word.length < r.add.length) continue;
      const lemma = word.slice(0, word.length - r.add.length) + r.strip;
      if (!r.condition.test(lemma)) continue;
      for (const flags of entriesOf(d, lemma))
        if (flags.includes(r.flag)) out.push({ lemma, flag: r.flag, flags });
    }
  }
  return out;
}

let french: Dictionary | undefined;
let english: Dictionary | undefined;
const frenchAnswers = new Map<string, boolean>();
const englishAnswers = new Map<string, EnglishWordClass>();

/**
 * Whether the French word as written (any case) is only ever a verb form: infinitive, conjugated or participle. A
 * verb's classes conjugate it (one makes its imperfect, "-ait" or "-aient", even of an impersonal verb: "fallait";
 * `p+`/`q+` make its participles), also by a rule that replaces the whole word ("aller" → "va"); a word is a verb
 * form when such a class makes it and no noun or adjective class does ("loyer", "payer"'s noun "paye" aside).
 */
export function frenchVerbOnly(written: string): boolean {
  const word = written.toLowerCase();
  let answer = frenchAnswers.get(word);
  if (answer !== undefined) return answer;
  french ??= load(dictionaryFr.dic, dictionaryFr.aff);
  const d = french;
  const verbFlag = (f: string) => d.imperfect.has(f) || /^[pq][+.]$/u.test(f);
  let verb = false;
  let other = false;
  for (const { flag, flags } of readings(d, word)) {
    const isVerb = flag === undefined ? flags.some(verbFlag) : verbFlag(flag);
    if (isVerb) verb = true;
    else other = true;
  }
  answer = verb && !other;
  frenchAnswers.set(word, answer);
  return answer;
}

const frenchSingulars = new Map<string, string | null>();

/**
 * The singular of a French plural the dictionary makes by adding "s" or "x" to it ("emplois" → "emploi", "élus" →
 * "élu", "revenus" → "revenu"), which Snowball leaves apart after a vowel; none for a word listed as it is ("mois",
 * "fois", "pays").
 */
export function frenchSingular(written: string): string | undefined {
  const word = written.toLowerCase();
  let answer = frenchSingulars.get(word);
  if (answer !== undefined) return answer ?? undefined;
  answer = null;
  if (/[sx]$/u.test(word) && word.length > 3) {
    french ??= load(dictionaryFr.dic, dictionaryFr.aff);
    const d = french;
    const one = word.slice(0, -1);
    if (
      entriesOf(d, word).length === 0 &&
      readings(d, word).some((r) => r.lemma === one && r.flag !== undefined)
    )
      answer = one;
  }
  frenchSingulars.set(word, answer);
  return answer ?? undefined;
}

const frenchAdverbs = new Map<string, boolean>();

/**
 * Whether the French word as written is an adverb in "-ment" ("rapidement", "notamment"): the dictionary lists it
 * with no suffix class, where a noun in "-ment" takes its plural ("gouvernement", "logement").
 */
export function frenchAdverb(written: string): boolean {
  const word = written.toLowerCase();
  if (!word.endsWith('ment')) return false;
  let answer = frenchAdverbs.get(word);
  if (answer !== undefined) return answer;
  french ??= load(dictionaryFr.dic, dictionaryFr.aff);
  const d = french;
  const entries = entriesOf(d, word);
  answer = entries.length > 0 && entries.every((flags) => !flags.some((f) => d.suffixFlags.has(f)));
  frenchAdverbs.set(word, answer);
  return answer;
}

/** What an English word as written can be, as far as a theme's keywords care. */
export type EnglishWordClass = 'noun' | 'verb' | 'adjective';

/**
 * What the English word as written (any case) can be: a noun whenever any reading makes it one (or the dictionary
 * does not know it: "NZers", "WKU"); else a verb ("eliminate", "expand", "eliminated"); else an adjective or adverb
 * ("greater", "affordable", "quickly"). In en_US a noun takes the possessive class (M) or lists its possessive
 * ("house's"), a verb the past (D) or "-ing" (G) class, an adjective the superlative class (T). An "-ing" form stays
 * a noun ("cycling", "dining"), like an agent ("renter").
 */
export function englishWordClass(written: string): EnglishWordClass {
  const word = written.toLowerCase();
  let answer = englishAnswers.get(word);
  if (answer !== undefined) return answer;
  english ??= load(dictionaryEn.dic, dictionaryEn.aff);
  const d = english;
  const found = readings(d, word);
  let noun = found.length === 0;
  let verb = false;
  for (const { lemma, flag, flags } of found) {
    const nounEntry = flags.includes('M') || d.entries.has(`${lemma}'s`);
    const verbEntry = flags.includes('D') || flags.includes('G');
    if (flag === undefined || flag === 'S') {
      if (nounEntry || !(verbEntry || flags.includes('T'))) noun = true;
      else if (verbEntry) verb = true;
    } else if (flag === 'D') verb = true;
    else if (flag === 'R' ? !flags.includes('T') : !['T', 'Y', 'B'].includes(flag)) noun = true;
  }
  answer = noun ? 'noun' : verb ? 'verb' : 'adjective';
  englishAnswers.set(word, answer);
  return answer;
}

const englishBases = new Map<string, boolean>();

/**
 * Whether the English word as written (any case) is a verb's plain form, whatever else it is ("fix", "build",
 * "stop", "increase"): an entry taking the past (D) or "-ing" (G) class, or one whose "-ing" form is listed on its
 * own ("stopping", "cutting", "increasing"). A clause opening with one reads as a proposal.
 */
export function englishVerbBase(written: string): boolean {
  const word = written.toLowerCase();
  let answer = englishBases.get(word);
  if (answer !== undefined) return answer;
  english ??= load(dictionaryEn.dic, dictionaryEn.aff);
  const d = english;
  const ing = [`${word}${word.at(-1)}ing`, ...(word.endsWith('e') ? [`${word.slice(0, -1)}ing`] : [])];
  answer =
    entriesOf(d, word).some((flags) => flags.includes('D') || flags.includes('G')) ||
    ing.some((x) => d.entries.has(x));
  englishBases.set(word, answer);
  return answer;
}

const known: Record<'en' | 'fr', Map<string, boolean>> = { en: new Map(), fr: new Map() };
/** French entries written with accents by their accent-free form, and suffix rules with what they add accent-free. */
let frenchFolded:
  | { lemmas: Map<string, string[]>; rules: Map<string, Array<Rule & { folded: string }>> }
  | undefined;

const foldAccents = (w: string) =>
  w.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/gu, 'oe').replace(/æ/gu, 'ae');

/** Whether a French word written without its accents ("developper", "societes") is a dictionary word. */
function knownUnaccented(d: Dictionary, word: string): boolean {
  if (!frenchFolded) {
    const lemmas = new Map<string, string[]>();
    for (const lemma of d.entries.keys()) {
      const key = foldAccents(lemma.toLowerCase());
      if (key === lemma) continue;
      const list = lemmas.get(key);
      if (list) list.push(lemma);
      else lemmas.set(key, [lemma]);
    }
    const rules = new Map<string, Array<Rule & { folded: string }>>();
    for (const r of [...d.rules.values()].flat()) {
      const folded = foldAccents(r.add);
      const key = folded.at(-1) ?? '';
      const list = rules.get(key);
      if (list) list.push({ ...r, folded });
      else rules.set(key, [{ ...r, folded }]);
    }
    frenchFolded = { lemmas, rules };
  }
  const { lemmas, rules } = frenchFolded;
  const flagsOf = (lemma: string) => entriesOf(d, lemma).flat();
  const lemmasOf = (stem: string) => [...(d.entries.has(stem) ? [stem] : []), ...(lemmas.get(stem) ?? [])];
  if (lemmasOf(word).length > 0) return true;
  for (const r of [...(rules.get(word.at(-1) ?? '') ?? []), ...(rules.get('') ?? [])]) {
    if (!word.endsWith(r.folded) || word.length <= r.folded.length) continue;
    const stem = word.slice(0, word.length - r.folded.length) + foldAccents(r.strip);
    for (const lemma of lemmasOf(stem))
      if (r.condition.test(lemma) && flagsOf(lemma).includes(r.flag)) return true;
  }
  return false;
}

/**
 * Whether the language's dictionary knows the word as written: an entry, an entry's suffixed or prefixed form
 * ("reserve", "uncontrolled"). `loosely` also takes a proper noun written lowercase ("london") and a French word
 * written without its accents ("developper").
 */
export function knownWord(written: string, lang: 'en' | 'fr', loosely = true): boolean {
  const word = written.toLowerCase();
  const cache = known[lang];
  const key = loosely ? word : `=${word}`;
  let answer = cache.get(key);
  if (answer !== undefined) return answer;
  if (lang === 'fr') french ??= load(dictionaryFr.dic, dictionaryFr.aff);
  else english ??= load(dictionaryEn.dic, dictionaryEn.aff);
  const d = lang === 'fr' ? french! : english!;
  answer = readings(d, word).length > 0;
  if (!answer && loosely) answer = readings(d, word.charAt(0).toUpperCase() + word.slice(1)).length > 0;
  if (!answer && loosely && lang === 'fr' && /^[a-z]+$/u.test(word)) answer = knownUnaccented(d, word);
  for (const r of answer ? [] : d.prefixes) {
    if (!word.startsWith(r.add) || word.length <= r.add.length + 2) continue;
    const stem = r.strip + word.slice(r.add.length);
    if (!r.condition.test(stem)) continue;
    if (readings(d, stem).some((x) => x.flags.includes(r.flag))) {
      answer = true;
      break;
    }
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(key, answer);
  return answer;
}
