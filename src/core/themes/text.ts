/**
 * Words of English and French replies: tokens with their place in the text, stopwords, a language guess, stems.
 *
 * Stopword lists are short function-word lists on purpose: broad lists (stopwords-iso has 1,300 English words)
 * drop words like "home", "school" or "open" that carry themes in residents' replies.
 */
import { createRequire } from 'node:module';
import { SHORTHAND_STOPWORDS } from './lists.js';

export type Lang = 'en' | 'fr';

const EN = `a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
either else etc even ever every few for from further get gets got had hadn't has hasn't have haven't having he he'd
he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've ie if in into is isn't
it it's its itself just let's like me might more most much must mustn't my myself no nor not now of off on once only
or other ought our ours ourselves out over own per quite rather really same shall shan't she she'd she'll she's
should shouldn't since so some still such than that that's the their theirs them themselves then there there's these
they they'd they'll they're they've this those though through thus to too under until up upon us very via was wasn't
we we'd we'll we're we've were weren't what what's when when's where where's whether which while who who's whom whose
why why's will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
yourselves im ive dont cant doesnt didnt isnt wont thats whats s t d ll m re ve y eg yes ok okay oh um hi hello thanks
thank please`;

const FR = `a à afin ai aie aient aies ait alors as au aucun aucune auquel aura aurai auraient aurais aurait auras aurez
auriez aurions aurons auront aussi autre autres aux auxquelles auxquels avaient avais avait avant avec avez aviez
avions avoir avons ayant ayez ayons c ça car ce ceci cela celle celles celui cependant ces cet cette ceux chacun
chaque chez ci comme comment d dans de depuis des desquelles desquels dont du duquel elle elles en encore entre es
est et étaient étais était étant été êtes étiez étions être eu eue eues eûmes eurent eus eusse eussent eusses
eussiez eussions eut eût eûtes eux fûmes furent fus fusse fussent fusses fussiez fussions fut fût fûtes ici il ils
j je jusqu jusque l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais me même mêmes
mes moi mon n ne ni nos notre nous on ont ou où par parce pas peu peut pour pourquoi qu quand que quel quelle quelles
quels qui quoi s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront ses si sinon
soi soient sois soit sommes son sont soyez soyons suis sur t ta te tes toi ton tous tout toute toutes très tu un une
vos votre vous y oui non ok merci bonjour salut alors donc voilà cela ça faut fait faire plus trop jamais
toujours encore fois tous rien beaucoup bien aussi déjà`;

export const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(`${EN} ${SHORTHAND_STOPWORDS.en}`.split(/\s+/u)),
  fr: new Set(`${FR} ${SHORTHAND_STOPWORDS.fr}`.split(/\s+/u)),
};

/** Words that are stopwords in either language: labels neither start nor end with them. */
export function isStopword(word: string): boolean {
  return STOPWORDS.en.has(word) || STOPWORDS.fr.has(word);
}

/**
 * French stopwords that are no sign of French: lone letters French elides ("l'eau", "c'est": alone they are an
 * initial or "C" the language) and words English uses as they are ("comment", "non", "NE").
 */
const NOT_FRENCH_SIGNS = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'comment', 'non', 'ne']);

/** Scrubbed-text placeholders such as `[phone]`, `[name]`, `[email]`: never features, never labels. */
export const PLACEHOLDER = /\[[a-z_ -]{1,20}\]/giu;

export interface Token {
  /** Lowercased surface form (French elisions like "l'" and a possessive "'s" removed). */
  word: string;
  /** `word` without accents (see `fold`). */
  folded: string;
  /** Span in the original text. */
  start: number;
  end: number;
  /** Written with a capital letter. */
  capital: boolean;
}

const TOKEN = /\.?[\p{L}\p{N}][\p{L}\p{N}#+_]*(?:[.'’-][\p{L}\p{N}][\p{L}\p{N}#+_]*)*[#+]*/gu;
const ELISION = /^(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’]/u;

/** Lowercase word tokens; placeholders are not words (no token spans them). */
export function tokenize(text: string): Token[] {
  const clean = text.includes('[') ? text.replace(PLACEHOLDER, (m) => ' '.repeat(m.length)) : text;
  const tokens: Token[] = [];
  // ASCII text (most replies) needs no folding.
  const ascii = !/[^\p{ASCII}]/u.test(clean);
  for (const m of clean.matchAll(TOKEN)) {
    let word = m[0].toLowerCase();
    let start = m.index;
    const end = start + m[0].length;
    if (word.includes("'") || word.includes('’')) {
      const elision = ELISION.exec(word);
      if (elision) {
        start += elision[0].length;
        word = word.slice(elision[0].length);
      }
      word = word.replace(/['’]s$/u, '').replace(/’/gu, "'");
    }
    // A leading dot belongs to names like ".net", not to a word after a full stop without a space.
    if (word.startsWith('.') && !/^\.[a-z]{2,5}$/u.test(word)) {
      word = word.slice(1);
      start += 1;
    }
    if (word.length === 0) continue;
    const first = text[start] ?? '';
    tokens.push({
      word,
      folded: ascii ? word : fold(word),
      start,
      end,
      capital: first !== first.toLowerCase(),
    });
  }
  return tokens;
}

/**
 * Words English borrowed with their accents: alone they are no sign of French ("Love the café", "More cafés
 * downtown"). A French reply with them has other signs ("Un nouveau café").
 */
const ENGLISH_LOANWORDS = new Set(
  `café cafés résumé résumés exposé exposés naïve naïveté cliché clichés décor déjà touché fiancé fiancée fiancés
  fiancées entrée entrées façade façades rosé protégé protégée soufflé sauté sautéed pâté purée crème brûlée attaché
  communiqué appliqué blasé passé risqué née`.split(/\s+/u),
);
const ACCENT = /[àâçéèêëîïôùûüÿœ]/u;

/** en or fr from stopword hits, accents and elisions; English when unsure. */
export function guessLanguage(text: string, tokens: readonly Token[]): Lang {
  let en = 0;
  let fr = 0;
  for (const { word } of tokens) {
    if (STOPWORDS.en.has(word)) en++;
    if (STOPWORDS.fr.has(word) && !NOT_FRENCH_SIGNS.has(word)) fr++;
    else if (ACCENT.test(word) && !ENGLISH_LOANWORDS.has(word)) fr += 0.75;
  }
  if (/\b(?:[ldjcmnst]|qu)['’]\p{L}/iu.test(text)) fr += 1;
  return fr > en ? 'fr' : 'en';
}

const folds = new Map<string, string>();

/** Lowercase without accents: "École" and "ecole" are one word to the lexicon and to background words. */
export function fold(word: string): string {
  let f = folds.get(word);
  if (f === undefined) {
    f = /^[a-z0-9'-]*$/u.test(word)
      ? word
      : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/gu, 'oe').replace(/æ/gu, 'ae');
    if (folds.size > 200_000) folds.clear();
    folds.set(word, f);
  }
  return f;
}

/**
 * The form residents write a word or phrase in, from how often each form was written: spellings that differ only by
 * accents or case count as one, and the most written of them is shown, but an accented one wins over an unaccented
 * one written up to twice as often ("impôt" over "impot": accents are dropped on phones and keyboards, never added by
 * mistake; "retraites" written far more than "retraités" is a word of its own).
 */
export function usualForm(counts: ReadonlyMap<string, number>): string {
  const groups = new Map<string, { total: number; forms: Array<[string, number]> }>();
  for (const [form, count] of counts) {
    const key = fold(form);
    let g = groups.get(key);
    if (!g) {
      g = { total: 0, forms: [] };
      groups.set(key, g);
    }
    g.total += count;
    g.forms.push([form, count]);
  }
  let best: { total: number; forms: Array<[string, number]> } | undefined;
  let bestKey = '';
  for (const [key, g] of groups)
    if (!best || g.total > best.total || (g.total === best.total && key < bestKey))
      [best, bestKey] = [g, key];
  if (!best) return '';
  const forms = best.forms.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const top = forms[0]!;
  if (/[^\p{ASCII}]/u.test(top[0])) return top[0];
  const accented = forms.find(([form, count]) => /[^\p{ASCII}]/u.test(form) && 2 * count >= top[1]);
  return (accented ?? top)[0];
}

interface Stemmer {
  stem(word: string): string;
}
const require = createRequire(import.meta.url);
const english: Stemmer = { stem: (require('porter2') as { stem: (word: string) => string }).stem };
let french: Stemmer | undefined;
const stems: Record<Lang, Map<string, string>> = { en: new Map(), fr: new Map() };

/** Fewest words in capitals that make a run of words shouted rather than a run of acronyms ("EPA and TVA"). */
const SHOUTED_WORDS = 3;

/**
 * Whether tokens[from, to) are written mostly in capitals ("NOUS DEVONS ÉQUIPER LES TOITS"): there, case says
 * nothing about names. Words of two letters or more count; a word is in capitals when it has no lowercase letter.
 */
export function mostlyCapitals(
  text: string,
  tokens: readonly Token[],
  from = 0,
  to = tokens.length,
): boolean {
  if (from >= to || !/\p{Lu}\p{Lu}/u.test(text.slice(tokens[from]!.start, tokens[to - 1]!.end))) return false;
  let words = 0;
  let capitals = 0;
  for (let t = from; t < to; t++) {
    const written = text.slice(tokens[t]!.start, tokens[t]!.end);
    if (!/\p{L}.*\p{L}/u.test(written)) continue;
    words++;
    if (written === written.toUpperCase()) capitals++;
  }
  return capitals >= SHOUTED_WORDS && 2 * capitals > words;
}

/**
 * English nouns in -ing that name another topic than their verb: Porter2 would make "parking" "park" and "training"
 * "train", putting parking with parks and job training with trains.
 */
const ING_NOUNS = new Set(
  'parking training planning building buildings housing zoning funding spending meeting meetings shopping dining lighting clothing'.split(
    ' ',
  ),
);

/** Plurals Porter2 leaves apart from their singular ("buses" → "buse", "bus" → "bus"). */
const PLURALS = new Map([
  ['buses', 'bus'],
  ['busses', 'bus'],
]);

/**
 * Porter2 (English) or Snowball (French) stem, accents folded so a word's French and English spellings can meet.
 * Names with digits or symbols ("5g", "i-65") stay whole.
 */
export function stem(word: string, lang: Lang): string {
  const cache = stems[lang];
  let s = cache.get(word);
  if (s === undefined) {
    if (!/^\p{L}+$/u.test(word)) s = fold(word);
    else if (lang === 'en')
      s = ING_NOUNS.has(word) ? word.replace(/s$/u, '') : fold(english.stem(PLURALS.get(word) ?? word));
    else {
      french ??= (require('snowball-stemmers') as { newStemmer(name: string): Stemmer }).newStemmer('french');
      s = fold(french.stem(word));
    }
    if (cache.size > 200_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

/** 32-bit FNV-1a hash of a string: the canonical order of replies, and order-independent samples. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
