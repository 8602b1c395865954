/**
 * Tokens, stopwords, language guess and stems for English and French replies.
 *
 * Stopword lists are short function-word lists on purpose: broad lists (stopwords-iso has 1,300 English words)
 * drop words like "home", "school" or "open" that carry themes in residents' replies.
 */
import { createRequire } from 'node:module';

interface Stemmer {
  stem(word: string): string;
}
interface SnowballFactory {
  newStemmer(algorithm: string): Stemmer;
}
const require = createRequire(import.meta.url);
// Porter2 (the Snowball English algorithm) from `porter2`: English stemming is on every run's critical path, and on
// the 12,071 distinct words of the three English datasets it takes 28 ms cold against 87 ms for
// wink-porter2-stemmer, with the same stems for all but one ("yyyy"). French stays on Snowball.
const porter2 = (require('porter2') as { stem: (word: string) => string }).stem;

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
yourselves im ive dont cant doesnt didnt isnt wont thats whats s t d ll m re ve y yes ok okay oh um hi hello thanks
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
  en: new Set(EN.split(/\s+/)),
  fr: new Set(FR.split(/\s+/)),
};

/**
 * French stopwords that are no sign of French: lone letters French elides ("l'eau", "c'est": the tokenizer splits
 * them off, so alone they are an initial or "C" the language), and words English text uses as they are ("comment",
 * "non", "NE"). A French reply with them has other signs ("Non merci", "Je ne sais pas", accents).
 */
const NOT_FRENCH_SIGNS = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'comment', 'non', 'ne']);

/**
 * Whether a word counts as a sign of French: a French stopword not in NOT_FRENCH_SIGNS. "C stack overflow on Project
 * Euler" counted c and on as French against on, and "Wordpress Comment Display Modification" comment against nothing.
 */
export function isFrenchHit(word: string): boolean {
  return STOPWORDS.fr.has(word) && !NOT_FRENCH_SIGNS.has(word);
}

/** Words that are stopwords in either language: labels must not start or end with them. */
export function isStopword(word: string): boolean {
  return STOPWORDS.en.has(word) || STOPWORDS.fr.has(word);
}

const english: Stemmer = { stem: porter2 };
let french: Stemmer | undefined;
// snowball-stemmers loads all its languages and only French needs it: load it on the first French stem, so
// English-only runs never pay for it (evaluating this module: median 34 ms -> 3.5 ms over 5 runs, esbuild bundle).
function stemmer(lang: Lang): Stemmer {
  if (lang === 'en') return english;
  french ??= (require('snowball-stemmers') as SnowballFactory).newStemmer('french');
  return french;
}
const stemCache: Record<Lang, Map<string, string>> = { en: new Map(), fr: new Map() };

export function stem(word: string, lang: Lang): string {
  const cache = stemCache[lang];
  let s = cache.get(word);
  if (s === undefined) {
    s = stemWord(word, lang);
    if (cache.size > 200_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

/** `stem` without its cache, for callers that keep their own (a Vocab stems each word once). */
export function stemWord(word: string, lang: Lang): string {
  // Tokens like "c#", "asp.net" or "2fa" are names: keep them whole.
  return /^[\p{L}]+$/u.test(word) ? stemmer(lang).stem(word) : word;
}

/** Scrubbed-text placeholders such as `[phone]`, `[name]`, `[email]`: never features, never labels. */
export const PLACEHOLDER = /\[[a-z_ -]{1,20}\]/giu;

export interface Token {
  /** Lowercased surface form (elisions like French "l'" removed). */
  word: string;
  /** Position in the original text, for phrase extraction. */
  start: number;
  end: number;
}

const TOKEN = /\.?[\p{L}\p{N}][\p{L}\p{N}#+_]*(?:[.'’-][\p{L}\p{N}][\p{L}\p{N}#+_]*)*[#+]*/gu;
const ELISION = /^(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’]/u;

/** Splits text into lowercase word tokens; placeholders become breaks (no token spans them). */
export function tokenize(text: string): Token[] {
  const list = new TokenList();
  scanTokens(text, list);
  return list.tokens;
}

/** Receives each token of scanTokens: the lowercased word and its span, as in Token. */
export interface TokenSink {
  token(word: string, start: number, end: number): void;
  /**
   * When present, receives instead of `token` the tokens that are exactly `lower.slice(start, end)` of the
   * lowercased text, so a sink that can look the span up in place never makes the substring.
   */
  tokenIn?(lower: string, start: number, end: number): void;
}

class TokenList implements TokenSink {
  readonly tokens: Token[] = [];

  token(word: string, start: number, end: number): void {
    this.tokens.push({ word, start, end });
  }
}

/** tokenize without the Token objects, for callers that only look at each token once. Returns whether the text is ASCII. */
export function scanTokens(text: string, sink: TokenSink): boolean {
  // Fast paths (this runs on every reply): most replies are ASCII, without placeholders or apostrophes.
  const ascii = isAscii(text);
  let clean = ascii ? text : text.normalize('NFC');
  if (clean.includes('[')) clean = clean.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
  // ASCII lowercasing keeps every offset.
  if (ascii) scanAscii(clean.toLowerCase(), sink);
  else for (const m of clean.matchAll(TOKEN)) emit(sink, m[0].toLowerCase(), m.index, m.index + m[0].length);
  return ascii;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** [a-z0-9]: what `[\p{L}\p{N}]` matches in lowercase ASCII. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** `[\p{L}\p{N}#+_]` in lowercase ASCII. */
function isWordChar(c: number): boolean {
  return isAlnum(c) || c === 35 || c === 43 || c === 95;
}

/**
 * The TOKEN regex as a char-code scanner, for lowercase ASCII text only (there `’` cannot occur). Same matches, and
 * the trailing `[#+]*` never adds anything since the word loop already took `#` and `+`. Lowercasing the whole text
 * once and handing plain tokens (no apostrophe, no leading dot) straight to the sink: prepareDoc over the 20,000
 * stackoverflow titles, cold, main-thread CPU 144 -> 125 ms (median of 11).
 */
function scanAscii(text: string, sink: TokenSink): void {
  const inPlace = hasTokenIn(sink) ? sink : undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let j: number;
    if (isAlnum(c)) j = i + 1;
    else if (c === 46 && i + 1 < n && isAlnum(text.charCodeAt(i + 1))) j = i + 2;
    else {
      i++;
      continue;
    }
    while (j < n && isWordChar(text.charCodeAt(j))) j++;
    let apostrophe = false;
    // (?:[.'-][\p{L}\p{N}][\p{L}\p{N}#+_]*)*
    while (j + 1 < n) {
      const sep = text.charCodeAt(j);
      if ((sep !== 46 && sep !== 39 && sep !== 45) || !isAlnum(text.charCodeAt(j + 1))) break;
      if (sep === 39) apostrophe = true;
      j += 2;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
    }
    if (apostrophe || c === 46) emit(sink, text.slice(i, j), i, j);
    else if (inPlace) inPlace.tokenIn(text, i, j);
    else sink.token(text.slice(i, j), i, j);
    i = j;
  }
}

function hasTokenIn(sink: TokenSink): sink is Required<TokenSink> {
  return sink.tokenIn !== undefined;
}

/** Takes a lowercased TOKEN match `[start, end)`, drops French elisions, possessive `'s` and a stray leading dot. */
function emit(sink: TokenSink, lower: string, index: number, end: number): void {
  let word = lower;
  let start = index;
  if (word.includes("'") || word.includes('’')) {
    const el = ELISION.exec(word);
    if (el) {
      start += el[0].length;
      word = word.slice(el[0].length);
    }
    word = word.replace(/['’]s$/u, '').replace(/’/gu, "'");
  }
  if (word.charCodeAt(0) === 46 && !/^\.[a-z]{2,5}$/u.test(word)) {
    word = word.slice(1);
    start += 1;
  }
  if (word.length === 0) return;
  sink.token(word, start, end);
}

/**
 * 32-bit FNV-1a of the chars `text[start, end)`, unsigned; `h` continues the hash of a prefix. One hash for interning
 * words in place (Vocab) and for the canonical order of replies (findThemes).
 */
export function fnv1a(text: string, start = 0, end = text.length, h = 0x811c9dc5): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const FR_HINT = /[àâçéèêëîïôùûüÿœ]/u;
const ACCENTED_WORD = /\p{L}*[àâçéèêëîïôùûüÿœ]\p{L}*/giu;
/**
 * Words English borrowed with their accents: alone they are no sign of French ("Love the café", "More cafés
 * downtown" and "A new café" were stemmed as French). A French reply with them has other signs ("Un nouveau café").
 */
const ENGLISH_LOANWORDS = new Set(
  `café cafés résumé résumés exposé exposés naïve naïveté cliché clichés décor déjà touché fiancé fiancée fiancés
  fiancées entrée entrées façade façades rosé protégé protégée soufflé sauté sautéed pâté purée crème brûlée attaché
  communiqué appliqué blasé passé risqué née`.split(/\s+/u),
);

/** Whether the text has a letter with a French accent in a word English did not borrow as it is. */
function frenchAccent(text: string): boolean {
  if (!FR_HINT.test(text)) return false;
  for (const m of text.matchAll(ACCENTED_WORD)) if (!ENGLISH_LOANWORDS.has(m[0].toLowerCase())) return true;
  return false;
}

/**
 * en/fr from the text's stopword hits (English stopwords, French signs: see isFrenchHit) and French diacritics or
 * elisions; English when unsure. Callers count the hits themselves (prepareDoc, from cached per-word flags).
 * @param ascii whether the text is known to be ASCII (as scanTokens reports).
 */
export function languageFromHits(en: number, fr: number, text: string, ascii = false): Lang {
  // The two hints add at most 2.5: test them only when they can change the outcome (42 % of stackoverflow titles
  // and 93 % of banking77's skip them), and when they can match: both need a non-ASCII letter or an apostrophe.
  if (fr > en) return 'fr';
  if (fr + 2.5 <= en || (ascii && !text.includes("'"))) return 'en';
  let score = fr;
  if (frenchAccent(text)) score += 1.5;
  if (/\b[ldjcmnst]['’]\p{L}/u.test(text)) score += 1;
  return score > en ? 'fr' : 'en';
}

/** `/^\s+$/u.test(text.slice(from, to))` without the slice. */
export function onlySpaces(text: string, from: number, to: number): boolean {
  const end = Math.min(to, text.length);
  if (from >= end) return false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !/\s/u.test(text[i]!)) return false;
  }
  return true;
}
