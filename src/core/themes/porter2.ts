/**
 * wink-porter2-stemmer 2.0.1 without regular expressions, for words of a–z only (callers fall back to wink for
 * anything else). It reproduces wink's stems exactly, quirks included (regions tested with indexOf, the first
 * matching step-2/3 rule wins), not textbook Porter2; porter2.test.ts compares both on the Hunspell English words,
 * their inflections and the datasets (7.8 million words, no difference, when this was written). Why: the 10,529
 * distinct a–z words of stackoverflow-titles.csv took 66 ms main-thread CPU to stem with wink on a cold process,
 * 27 ms with this (medians of 5).
 */

const EXCEPTIONS = new Map<string, string>([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ['sky', 'sky'],
  ['news', 'news'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['andes', 'andes'],
]);
const INVARIANT = new Set([
  'inning',
  'outing',
  'canning',
  'herring',
  'proceed',
  'exceed',
  'succeed',
  'earring',
]);

const STEP2_SUFFIXES = [
  'ization',
  'ational',
  'fulness',
  'ousness',
  'iveness',
  'tional',
  'biliti',
  'lessli',
  'entli',
  'ation',
  'alism',
  'aliti',
  'ousli',
  'iviti',
  'fulli',
  'enci',
  'anci',
  'abli',
  'izer',
  'ator',
  'alli',
  'bli',
  'ogi',
  'li',
];
/** [suffix, replacement] in wink's order; the first that applies wins. */
const STEP2_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['iveness', 'ive'],
  ['tional', 'tion'],
  ['biliti', 'ble'],
  ['lessli', 'less'],
  ['iviti', 'ive'],
  ['ousli', 'ous'],
  ['ation', 'ate'],
  ['entli', 'ent'],
  ['alism', 'al'],
  ['aliti', 'al'],
  ['fulli', 'ful'],
  ['alli', 'al'],
  ['ator', 'ate'],
  ['izer', 'ize'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['abli', 'able'],
  ['bli', 'ble'],
];
const STEP3_SUFFIXES = ['ational', 'tional', 'alize', 'icate', 'iciti', 'ative', 'ical', 'ness', 'ful'];
const STEP3_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['alize', 'al'],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ness', ''],
  ['ful', ''],
];
const STEP4_SUFFIXES = [
  'ement',
  'ance',
  'ence',
  'able',
  'ible',
  'ment',
  'ant',
  'ent',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
  'al',
  'er',
  'ic',
];

/** [aeiouy] ('3' stands for a consonant y). */
function isVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
}

/** Longest of the suffixes that s ends with (what `/(a|b|…)$/` matches), or undefined. */
function longestSuffix(s: string, suffixes: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const x of suffixes) if (s.endsWith(x) && (best === undefined || x.length > best.length)) best = x;
  return best;
}

/**
 * wink's region: what follows the first vowel run and the non-vowel after it, when at least one character follows
 * (`/[aeiouy]+([^aeiouy]{1}.+)/`, minus the non-vowel), else ''. Later vowel runs cannot match when the first fails.
 */
function region(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && !isVowel(s.charCodeAt(i))) i++;
  while (i < n && isVowel(s.charCodeAt(i))) i++;
  return i > 0 && i + 1 < n && isVowel(s.charCodeAt(i - 1)) ? s.slice(i + 1) : '';
}

function regions(s: string): { r1: string; r2: string } {
  let r1 = region(s);
  if (r1 === '') return { r1: '', r2: '' };
  if (s.startsWith('gener') || s.startsWith('arsen')) r1 = s.slice(5);
  else if (s.startsWith('commun')) r1 = s.slice(6);
  return { r1, r2: region(r1) };
}

function isShort(s: string): boolean {
  const n = s.length;
  if (n >= 3) {
    const c = s.charCodeAt(n - 1);
    if (
      !isVowel(s.charCodeAt(n - 3)) &&
      isVowel(s.charCodeAt(n - 2)) &&
      !isVowel(c) &&
      c !== 119 &&
      c !== 120 &&
      c !== 51
    ) {
      return true;
    }
  }
  if (n === 1) return isVowel(s.charCodeAt(0));
  if (n === 2) return isVowel(s.charCodeAt(0)) && !isVowel(s.charCodeAt(1));
  return false;
}

function hasVowelBefore(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isVowel(s.charCodeAt(i))) return true;
  return false;
}

function prelude(word: string): string {
  let s = word.charCodeAt(0) === 121 ? `3${word.slice(1)}` : word;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 121 && isVowel(c) && s.charCodeAt(i + 1) === 121) {
      s = `${s.slice(0, i + 1)}3${s.slice(i + 2)}`;
      break;
    }
  }
  return s;
}

function step1a(s: string): string {
  const n = s.length;
  if (n >= 5 && s.endsWith('sses')) return `${s.slice(0, -4)}ss`;
  if (s.endsWith('ied') || s.endsWith('ies')) {
    if (n >= 5) return `${s.slice(0, -3)}i`;
    if (n === 4) return `${s.slice(0, -3)}ie`;
  }
  if (n >= 3 && (s.endsWith('us') || s.endsWith('ss'))) return s;
  const part = n >= 2 && s.endsWith('s') ? s.slice(0, -1) : s;
  // `/[aeiuouy](.+)$/`: a vowel with at least one character after it.
  return hasVowelBefore(part, part.length - 1) ? part : s;
}

function step1b(s: string): string {
  if (s.endsWith('eed') || s.endsWith('eedly')) {
    const r1 = regions(s).r1;
    if (!(r1.endsWith('eed') || r1.endsWith('eedly'))) return s;
    return `${s.slice(0, s.endsWith('eed') ? -3 : -5)}ee`;
  }
  let cut = 0;
  if (s.endsWith('ed')) cut = 2;
  else if (s.endsWith('edly')) cut = 4;
  else if (s.endsWith('ingly')) cut = 5;
  else if (s.endsWith('ing')) cut = 3;
  if (cut === 0 || !hasVowelBefore(s, s.length - cut)) return s;
  const sd = s.slice(0, -cut);
  if (sd.endsWith('at') || sd.endsWith('bl') || sd.endsWith('iz')) return `${sd}e`;
  const n = sd.length;
  if (n >= 2 && sd.charCodeAt(n - 1) === sd.charCodeAt(n - 2) && 'bdfgmnprt'.includes(sd[n - 1]!)) {
    return sd.slice(0, -1);
  }
  return isShort(sd) && regions(sd).r1 === '' ? `${sd}e` : sd;
}

function step1c(s: string): string {
  const n = s.length;
  const c = s.charCodeAt(n - 1);
  if (n >= 3 && (c === 121 || c === 51) && !isVowel(s.charCodeAt(n - 2))) return `${s.slice(0, -1)}i`;
  return s;
}

function replaceFirst(s: string, rules: ReadonlyArray<readonly [string, string]>): string | undefined {
  for (const [suffix, replacement] of rules) {
    if (s.endsWith(suffix)) return s.slice(0, s.length - suffix.length) + replacement;
  }
  return undefined;
}

function step2(s: string): string {
  const match = longestSuffix(s, STEP2_SUFFIXES);
  if (match === undefined || !regions(s).r1.includes(match)) return s;
  const ruled = replaceFirst(s, STEP2_RULES);
  if (ruled !== undefined) return ruled;
  if (s.endsWith('logi')) return `${s.slice(0, -1)}`;
  const n = s.length;
  if (n >= 3 && s.endsWith('li') && 'cdeghkmnrt'.includes(s[n - 3]!)) return s.slice(0, -2);
  return s;
}

function step3(s: string): string {
  const match = longestSuffix(s, STEP3_SUFFIXES);
  if (match === undefined) return s;
  const rgn = regions(s);
  if (!rgn.r1.includes(match)) return s;
  const ruled = replaceFirst(s, STEP3_RULES);
  if (ruled !== undefined) return ruled;
  if (rgn.r2.includes('ative') && s.endsWith('ative')) return s.slice(0, -5);
  return s;
}

function step4(s: string): string {
  const full = longestSuffix(s, s.endsWith('ion') ? [...STEP4_SUFFIXES, 'ion'] : STEP4_SUFFIXES);
  if (full === undefined || !regions(s).r2.includes(full)) return s;
  const plain = longestSuffix(s, STEP4_SUFFIXES);
  if (plain !== undefined) return s.slice(0, s.length - plain.length);
  if (s.endsWith('sion') || s.endsWith('tion')) return s.slice(0, -3);
  return s;
}

function step5(s: string): string {
  if (s.endsWith('e')) {
    const rgn = regions(s);
    const preceding = s.slice(0, -1);
    return rgn.r2.includes('e') || (rgn.r1.includes('e') && !isShort(preceding)) ? preceding : s;
  }
  if (s.endsWith('l')) {
    const r2 = regions(s).r2;
    return r2 !== '' && r2.endsWith('l') && s.endsWith('ll') ? s.slice(0, -1) : s;
  }
  return s;
}

/** True when porter2() handles the word itself: only a–z. */
export function isPlainWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** wink-porter2-stemmer's stem for a word of a–z only (see isPlainWord). */
export function porter2(word: string): string {
  if (word.length < 3) return word;
  const exception = EXCEPTIONS.get(word);
  if (exception !== undefined) return exception;
  let s = step1a(prelude(word));
  if (!INVARIANT.has(s)) s = step5(step4(step3(step2(step1c(step1b(s))))));
  return s.replaceAll('3', 'y');
}
