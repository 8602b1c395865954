/**
 * Person names. Two kinds of evidence, both needed because residents write "I'm Sarah", "ask for Dr. Okafor" and
 * "Marie-Ève said the bus is late":
 * - cues: "my name is", "I'm", "this is", "je m'appelle", "mon nom est", "ask for", titles (Dr., Ms., Mme, M.),
 *   greetings ("Hi", "Bonjour"), speech verbs ("says"), and "Name:" labels;
 * - the name lists of `./lexicon.js`: a capitalized run is a name when it holds an unambiguous first name, or a
 *   first and a last name together.
 * A run right before a place or organization word ("Jasper Park", "Michael's Hospital") or after a place prefix
 * ("St.", "Rue", "Mount") is a place and stays.
 */
import { isWord, lexicon, stopwords } from './lexicon.js';
import type { Candidate } from './spans.js';

interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower case, without a possessive "'s". */
  key: string;
  cap: boolean;
  /** Separator between the previous token and this one. */
  gap: string;
}

const TOKEN = /[\p{L}\p{M}](?:[\p{L}\p{M}'’-]*[\p{L}\p{M}])?/gu;

const PLACE_AFTER = new Set(
  `park parc street st avenue ave road rd boulevard blvd drive lane way court place square crescent terrace hospital
  hôpital clinic clinique centre center school école college collège university université library bibliothèque church
  église cathedral mosque temple synagogue hall arena stadium lake lac river rivière mountain mount mont bay beach plage
  island île bridge pont station gare airport aéroport market marché mall plaza tower building foundation fondation
  association society société council conseil committee comité inc ltd llc corp corporation company co group groupe bank
  banque hotel hôtel restaurant café cafe bakery pharmacy pharmacie store shop museum musée gallery theatre theater
  théâtre institute institut academy académie ministry department services trust fund club gardens garden jardin
  heights hills valley village town city county township ward district region province state highway trail creek forest
  falls point cove harbour harbor county institute house maison manor estates tavern pub bar grill kitchen foods
  market motors labs studio studios records press news media times post journal radio tv network associates partners
  brothers sisters & fc united investments consulting software solutions systems technologies holdings capital
  financial insurance international global agency ventures enterprises industries logistics health healthcare energy
  airlines electric realty properties law legal llp dds orchestra band choir sons daughters country homes days festival fest`.split(
    /\s+/,
  ),
);
const PLACE_BEFORE = new Set(
  `st st. ste saint sainte mount mt lake lac fort port cape cap rue avenue boulevard chemin parc université university
  collège college école school hôpital hospital place pont île pointe camp lac lake église church musée museum jardin
  centre center la le les el los las san santa são`.split(/\s+/),
);
// Nationalities, languages, months, days and holidays: capitalized, and some are first names in the lists.
const NOT_NAMES = new Set(
  `english french german spanish italian portuguese chinese japanese korean russian polish dutch greek arabic american
  canadian british irish indian african european asian mexican brazilian québécois quebecois français anglais
  czech swiss swedish danish norwegian finnish hungarian austrian belgian turkish ukrainian romanian vietnamese filipino
  haitian lebanese syrian moroccan algerian tunisian senegalese congolese somali ethiopian nigerian ghanaian colombian
  peruvian chilean argentinian cuban jamaican
  january february march april may june july august september october november december monday tuesday wednesday
  thursday friday saturday sunday janvier février mars avril mai juin juillet août septembre octobre novembre décembre
  lundi mardi mercredi jeudi vendredi samedi dimanche christmas easter noël pâques`.split(/\s+/),
);
const TITLE_WORDS = new Set(
  'dr dre mr mrs ms mx miss mme mmes mlle prof sir madame monsieur mademoiselle docteur docteure'.split(' '),
);
const PARTICLES = new Set(
  'van von de du da di del della der den ten ter le la bin ibn al el dos das mac'.split(' '),
);
// Cues are found in one pass over the text; a name may start where a cue ends. "M." needs its dot ("I'm Sure").
const TITLE_CUE =
  /(?<![A-Za-zÀ-ÿ'’])(?:(?:dr|dre|mr|mrs|ms|mx|miss|mme|mmes|mlle|prof|sir|madame|monsieur|mademoiselle|docteur|docteure)\.?|M\.)[ \t]+/gi;
const STRONG_CUE =
  /(?:\bmy name(?:'s| is)|\bname is|\bnamed|\bcalled|\bcalls? me|\bnamed (?:him|her|them)|\bcall (?:him|her|them)|\bje m['’]appelle|\bmon nom (?:est|c['’]est)|\bmon pr[ée]nom (?:est|c['’]est)|\bask for|\bdemandez|\bdemander|\bsigned|\bsign[ée]|\bunder(?: my [a-z']+ name)?|\bname on the account\?[ \t]*user:|\b(?:last|first|full|maiden|middle|your|his|her|their) name(?: is)?\??|\bname:|\bnom[ \t]?:|\bpr[ée]nom[ \t]?:|\bfrom:|\bde la part de|\bsous le nom de|\bcontact|\bparler [àa])[ \t]*\n?[ \t]*/gi;
// Cues after which even an unknown capitalized word is taken as a name ("says Iwase", "I'm Okafor", "my son Tayo").
const INTRO_CUE =
  /(?:\bi['’]?m|\bi am|\bthis is|\bc['’]est|\bje suis|\bmoi c['’]est|\bhi|\bhey|\bhello|\bdear|\bbonjour|\bsalut|\ballo|\bmerci|\bthanks|\bthank you|\bsays|\bsaid|\basked|\btold|\breplied|\bwrote|\bkid|\bson|\bdaughter|\bwife|\bhusband|\bpartner['’]s name|\bneighbou?r|\bvoisine?|\bfils|\bfille|\bfemme|\bmari)[ \t,]+/gi;
const STRONG_HINT = /nam|nom|cal|appel|ask|demand|sign|under|from|part|contact|parler/i;
const SELF_INTRO = /(?:\bi['’]?m|\bi am|\bthis is|\bc['’]est|\bje suis|\bmoi c['’]est)[ \t,]+$/i;
// Cues after which a known name (from the lists) is taken even when it is also a common last name ("with Baker").
const WEAK_CUE = /(?:\bit['’]s|\bdit|\bavec|\bwith|\bto|\band|\bor|\bet)[ \t,]+/gi;

// Evidence after the word: "Mehrudin shouted", "Ciset lives on", "Franciska's kid", "Don't go to town, Mark!".
const AFTER_CUE =
  /^(?:[ \t]+(?:said|says|shouted|asked|told|replied|wrote|explained|lives|lived|is from|a dit|habite|est de)\b|['’]s[ \t]+(?:kid|kids|son|daughter|wife|husband|partner|mom|mother|dad|father|brother|sister|friend|baby|fils|fille)\b)/i;
const VOCATIVE_BEFORE = /,[ \t]*$/u;
const VOCATIVE_AFTER = /^[ \t]*[!?]/u;

type Cue = 'strong' | 'title' | 'intro' | 'weak';

function cueEnds(text: string): Map<number, Cue> {
  const ends = new Map<number, Cue>();
  const scan = (re: RegExp, cue: Cue): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const end = m.index + m[0].length;
      if (!ends.has(end)) ends.set(end, cue);
      if (m[0].length === 0) re.lastIndex += 1;
    }
  };
  // The strong-cue pattern is the slowest here; most messages hold none of its words.
  if (STRONG_HINT.test(text)) scan(STRONG_CUE, 'strong');
  scan(TITLE_CUE, 'title');
  scan(INTRO_CUE, 'intro');
  scan(WEAK_CUE, 'weak');
  return ends;
}

let STOP: Set<string> | undefined;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const t = m[0];
    const lower = t.toLowerCase();
    const possessive =
      lower.length > 2 && lower[lower.length - 1] === 's' && /['’]/u.test(lower[lower.length - 2] ?? '');
    const key = possessive ? lower.slice(0, -2) : lower;
    // Capitalized, not shouted: "Marie", "Dr", "J" yes; "LONDON" no.
    const cap =
      t !== lower && t[0] !== lower[0] && (t.length <= 2 || t.slice(1) !== t.slice(1).toUpperCase());
    tokens.push({
      text: t,
      start: m.index,
      end: m.index + t.length,
      key,
      cap,
      gap: text.slice(prevEnd, m.index),
    });
    prevEnd = m.index + t.length;
  }
  return tokens;
}

type Kind = 'first' | 'weakFirst' | 'last' | 'weakLast' | 'unknown' | 'proper' | 'word';

const kindCache = new Map<string, Kind>();

/** Words that never start a name, whatever the cue: "Dr. The", "my name is not". */
function stopish(key: string): boolean {
  STOP ??= new Set(stopwords());
  return STOP.has(key) || NOT_NAMES.has(key);
}

function classify(key: string): Kind {
  const lex = lexicon();
  STOP ??= new Set(stopwords());
  if (NOT_NAMES.has(key) || STOP.has(key) || TITLE_WORDS.has(key) || key.length < 2) return 'word';
  // Contractions: "I'm", "you're", "c'est", "l'école".
  const apostrophe = key.search(/['’]/u);
  if (apostrophe > 0 && (STOP.has(key.slice(0, apostrophe)) || apostrophe === 1)) return 'word';
  // A place that is also a name ("Victoria", "Austin") needs the same support as "Will" or "Rose".
  const place = lex.places.has(key);
  const common = place || lex.common.has(key);
  if (lex.first.has(key)) return common ? 'weakFirst' : 'first';
  if (lex.last.has(key)) return common ? 'weakLast' : 'last';
  if (place) return 'word';
  // Capitalized-only in Hunspell: a brand, a place or a famous surname ("Google", "Nicholson"); never a name alone.
  if (lex.properOnly.has(key)) return 'proper';
  return isWord(lex, key) ? 'word' : 'unknown';
}

/** Memoized: replies repeat the same few thousand words. */
function kind(key: string): Kind {
  let k = kindCache.get(key);
  if (k === undefined) {
    k = classify(key);
    if (kindCache.size > 100_000) kindCache.clear();
    kindCache.set(key, k);
  }
  return k;
}

/**
 * Tokens joined by a single space or hyphen may belong to one name, and "P. Hertzog" after an initial; a period
 * after a word ends the sentence ("Montréal. Notre-Dame"), and a lower-case single letter ("a", "à") is no initial.
 */
function joined(prev: Token, next: Token): boolean {
  if (next.gap.startsWith('.')) return prev.text.length === 1 && /^\.[ \t]$/u.test(next.gap);
  return /^(?:[ \t]|[ \t]*-[ \t]*)$/u.test(next.gap) && (prev.text.length > 1 || prev.cap);
}

/** Number of tokens from i that spell a known multi-word place, or 0. */
function placeSpan(tokens: Token[], i: number): number {
  const { places, placeHeads } = lexicon();
  let phrase = tokens[i]!.key;
  if (!placeHeads.has(phrase)) return 0;
  for (let n = 2; n <= 3 && i + n - 1 < tokens.length; n += 1) {
    const next = tokens[i + n - 1]!;
    if (!/^[ \t-]$/u.test(next.gap)) break;
    phrase += next.gap + next.key;
    if (places.has(phrase)) return n;
  }
  return 0;
}

function sentenceStart(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at).trimEnd();
  return before === '' || /[.!?:;\n"“«>]$/u.test(before);
}

function isInitial(t: Token): boolean {
  return t.cap && t.text.length === 1;
}

function placeContext(tokens: Token[], from: number, to: number): boolean {
  const next = tokens[to + 1];
  if (next?.cap && joined(tokens[to]!, next) && PLACE_AFTER.has(next.key)) return true;
  if (PLACE_AFTER.has(tokens[to]!.key) && from < to) return true;
  const prev = tokens[from - 1];
  if (
    prev &&
    /^\.?[ \t-]+$/u.test(tokens[from]!.gap) &&
    PLACE_BEFORE.has(prev.key + (tokens[from]!.gap.startsWith('.') ? '.' : ''))
  )
    return true;
  if (prev && PLACE_BEFORE.has(prev.key) && /^[ \t-]$/u.test(tokens[from]!.gap) && prev.cap) return true;
  return false;
}

/** Extends a name from token i over the capitalized name-like tokens that follow it (at most four in all). */
function extend(tokens: Token[], i: number, allowLower: boolean): number {
  let j = i;
  while (j + 1 < tokens.length && j - i < 3) {
    const next = tokens[j + 1]!;
    if (!joined(tokens[j]!, next)) break;
    if (PARTICLES.has(next.key) && tokens[j + 2]?.cap && joined(next, tokens[j + 2]!)) {
      j += 1;
      continue;
    }
    const k = kind(next.key);
    const prevKind = kind(tokens[j]!.key);
    // "Nancy Hogan", "Sarah Green": after a first name, a capitalized ordinary word is the surname.
    const surname =
      (prevKind === 'first' || isInitial(tokens[j]!)) &&
      next.cap &&
      !stopish(next.key) &&
      !PLACE_AFTER.has(next.key);
    const nameLike = k !== 'word' || isInitial(next) || surname;
    if (next.cap ? !nameLike || PLACE_AFTER.has(next.key) : !(allowLower && (k === 'first' || k === 'last')))
      break;
    j += 1;
  }
  return j;
}

// "Usamov and Bowers", "Kónya, Becker and Vasquez": a name-like word listed with a name is a name too.
const COMMA = /^[ \t]*(?:,|&)[ \t]*$/u;
const CONJUNCTIONS = new Set(['and', 'et', 'or', 'ou']);

export function detectNames(text: string, out: Candidate[]): void {
  const tokens = tokenize(text);
  const used = new Uint8Array(tokens.length);
  const named = new Uint8Array(tokens.length);
  /** Tokens i..j are a name. */
  const push = (i: number, j: number, priority: number): void => {
    out.push({ type: 'name', start: tokens[i]!.start, end: tokens[j]!.end, priority });
    named.fill(1, i, j + 1);
    used.fill(1, i, j + 1);
  };
  const cues = cueEnds(text);
  // In ordinary text a lower-case word is no name; messages typed all in lower case ("hi im sarah") are different.
  const lowerText = !/\p{Lu}/u.test(text);
  for (let i = 0; i < tokens.length; i += 1) {
    if (used[i]) continue;
    const t = tokens[i]!;
    const cue = cues.get(t.start);
    // Most words are lower case: in ordinary text only a strong cue ("my name is vitoria") makes one a name.
    if (!t.cap && !lowerText && cue !== 'strong') continue;
    const k = kind(t.key);

    // Multi-word places ("New Zealand", "Czech Republic") stay, unless a strong cue says otherwise.
    if (t.cap && cue !== 'strong' && cue !== 'title') {
      const span = placeSpan(tokens, i);
      if (span > 0) {
        used.fill(1, i, i + span);
        continue;
      }
    }

    // Cue-led names: the cue carries the evidence, the lists only veto ordinary words.
    // "Ask for Dr. Okafor": the title stays, the title cue takes the name after it.
    if (
      (cue === 'strong' || (cue === 'title' && t.cap)) &&
      !TITLE_WORDS.has(t.key) &&
      !(t.key === 'm' && text[t.end] === '.')
    ) {
      const ok = t.cap ? !stopish(t.key) : k === 'first' || k === 'last' || k === 'unknown';
      if (ok) {
        const j = extend(tokens, i, !t.cap);
        if (!placeContext(tokens, i, j)) {
          push(i, j, 50);
          continue;
        }
      }
    }
    // "I'm Sure", "je suis Catholique": after a self-description an ordinary word is an adjective, not a name.
    const selfIntro = cue === 'intro' && SELF_INTRO.test(text.slice(Math.max(0, t.start - 12), t.start));
    const introOk = cue === 'intro' && k !== 'word' && !(selfIntro && isWord(lexicon(), t.key));
    const weakOk = cue === 'weak' && (k === 'first' || k === 'last');
    if (t.cap && (introOk || weakOk)) {
      const j = extend(tokens, i, false);
      if (!placeContext(tokens, i, j) && (k !== 'proper' || j > i)) {
        push(i, j, 45);
        continue;
      }
    }
    if (cue === 'intro' && lowerText && k === 'first' && !lexicon().dictionary.has(t.key)) {
      push(i, i, 45);
      continue;
    }
    // "Leverett: What a wife." — a speaker label at the start of a line.
    if (
      text[t.end] === ':' &&
      t.cap &&
      k !== 'word' &&
      k !== 'proper' &&
      /^[ \t>?]*$/u.test(text.slice(text.lastIndexOf('\n', t.start) + 1, t.start))
    ) {
      push(i, i, 45);
      continue;
    }

    // Evidence after the word.
    if (t.cap && k !== 'word' && k !== 'proper') {
      const after = text.slice(t.end, t.end + 24);
      const vocative =
        VOCATIVE_AFTER.test(after) && VOCATIVE_BEFORE.test(text.slice(Math.max(0, t.start - 3), t.start));
      if (AFTER_CUE.test(after) || vocative) {
        push(i, i, 42);
        continue;
      }
    }

    // List-led names.
    if (!t.cap && !(lowerText && k === 'first' && t.key.length >= 4)) continue;
    if (t.cap && k === 'word' && !isInitial(t)) continue;
    const j = t.cap ? extend(tokens, i, false) : i;
    if (placeContext(tokens, i, j)) {
      used.fill(1, i, j + 1);
      continue;
    }
    const kinds: Kind[] = [];
    let initialInside = false;
    for (let x = i; x <= j; x += 1) {
      const tok = tokens[x]!;
      if (isInitial(tok)) initialInside ||= x > i && x < j;
      else if (!PARTICLES.has(tok.key)) kinds.push(kind(tok.key));
    }
    const many = kinds.length >= 2;
    // "Warren Co." or "Park" alone: an organization or place word is no name by itself.
    const placeWord = !many && PLACE_AFTER.has(t.key);
    const isName = placeWord
      ? false
      : t.cap
        ? kinds.includes('first') ||
          // "Will Smith", "Victoria Bruun": an ambiguous first name with a surname-like word after it.
          (many &&
            kinds[0] === 'weakFirst' &&
            kinds.slice(1).some((x) => x !== 'weakFirst' && x !== 'weakLast')) ||
          // "Tilly Nicholson", "Ushurma Dratchev", "Mohmad R. Vizirov": several name-like words together.
          (many && (kinds.includes('last') || kinds.includes('unknown') || initialInside)) ||
          // "starring Borkowski": a known surname inside a sentence.
          (!many && kinds[0] === 'last' && !sentenceStart(text, t.start))
        : k === 'first' && !lexicon().dictionary.has(t.key);
    if (isName) {
      push(i, j, 40);
    }
  }
  // A known name coordinated with another name-like word seeds the list ("Kónya, Becker and Vasquez").
  const nameLike = (x: number): boolean =>
    x >= 0 && x < tokens.length && tokens[x]!.cap && !used[x] && kind(tokens[x]!.key) !== 'word';
  const gap = (a: number, b: number): string => tokens[Math.max(a, b)]!.gap;
  /** Tokens listed with token i: "A, i", "i & B", "A and i", "i, and B". */
  const neighbours = (i: number): number[] => {
    const found: number[] = [];
    for (const near of [i - 1, i + 1]) {
      if (near < 0 || near >= tokens.length) continue;
      if (COMMA.test(gap(i, near))) found.push(near);
      else if (CONJUNCTIONS.has(tokens[near]!.key) && /^[ \t]*,?[ \t]+$/u.test(gap(i, near))) {
        const far = near + (near - i);
        if (far >= 0 && far < tokens.length && /^[ \t]+$/u.test(gap(near, far))) found.push(far);
      }
    }
    return found;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const k = kind(tokens[i]!.key);
    if (!nameLike(i) || (k !== 'first' && k !== 'last')) continue;
    if (neighbours(i).some((n) => nameLike(n) || named[n] === 1)) {
      push(i, i, 40);
    }
  }
  for (let pass = 0, changed = true; changed && pass < 5; pass += 1) {
    changed = false;
    for (let i = 0; i < tokens.length; i += 1) {
      if (!nameLike(i) || !neighbours(i).some((n) => named[n] === 1)) continue;
      push(i, i, 40);
      changed = true;
    }
  }

  // A name found once is a name everywhere in the message ("Wacława Adamska ... starring Adamska").
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i += 1)
    if (named[i] && tokens[i]!.text.length > 1) names.add(tokens[i]!.key);
  if (names.size === 0) return;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (used[i] || !names.has(t.key) || (!t.cap && !lowerText)) continue;
    push(i, i, 40);
  }
}
