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
  /** Capitalized where case is evidence ("Marie"): never in text that carries no case (see `caseless`). */
  cap: boolean;
  /** Case says nothing about this token: all-lower-case, all-caps or headline text ("DRIVERS ED CLASSES"). */
  noCase: boolean;
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
  airlines electric realty properties law legal llp dds orchestra band choir sons daughters country homes days festival fest
  brand brands`.split(/\s+/),
);
// Lower-case words after a name that make it a street, a place or a business: residents write "Campbell lane",
// "the Hilton hotel", "the Duncan Hines brand".
const LOWER_PLACE_AFTER = new Set(
  `street st road rd avenue ave lane ln boulevard blvd drive highway hwy pike parkway pkwy crescent court trail
  park square plaza mall market brand brands company store shop hotel restaurant school library hospital church
  center centre neighborhood neighbourhood area district county township subdivision bridge creek river lake corridor
  campus building apartments tower station`.split(/\s+/),
);
const PLACE_BEFORE = new Set(
  `st st. ste saint sainte mount mt lake lac fort port cape cap rue avenue boulevard chemin parc université university
  collège college école school hôpital hospital place pont île pointe camp lac lake église church musée museum jardin
  centre center la le les el los las san santa são`.split(/\s+/),
);
// Nationalities, languages, months, days, holidays, continents, and contractions typed without their apostrophe
// ("Ive tried"): capitalized, and some are first names in the lists.
const NOT_NAMES = new Set(
  `english french german spanish italian portuguese chinese japanese korean russian polish dutch greek arabic american
  canadian british irish indian african european asian mexican brazilian québécois quebecois français anglais
  czech swiss swedish danish norwegian finnish hungarian austrian belgian turkish ukrainian romanian vietnamese filipino
  haitian lebanese syrian moroccan algerian tunisian senegalese congolese somali ethiopian nigerian ghanaian colombian
  peruvian chilean argentinian cuban jamaican
  january february march april may june july august september october november december monday tuesday wednesday
  thursday friday saturday sunday janvier février mars avril mai juin juillet août septembre octobre novembre décembre
  lundi mardi mercredi jeudi vendredi samedi dimanche christmas easter noël pâques
  america americas amérique amériques europe asia asie africa afrique oceania océanie antarctica antarctique arctic
  arctique
  ive im youre theyre weve youve theyve dont cant wont didnt isnt wasnt arent werent doesnt havent hasnt wouldnt
  couldnt shouldnt thats whats hes shes`.split(/\s+/),
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
const RELATION_BEFORE =
  /(?:\bkid|\bson|\bdaughter|\bwife|\bhusband|\bneighbou?r|\bvoisine?|\bfils|\bfille|\bfemme|\bmari)[ \t,]+$/i;
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
    // Capitalized, not shouted: "Marie", "Dr", "J" yes; "LONDON", "ED" no; "I" only as an initial ("I. Khan").
    const cap =
      t !== lower &&
      t[0] !== lower[0] &&
      (t.length === 1 ? t !== 'I' || text[m.index + 1] === '.' : t.slice(1) !== t.slice(1).toUpperCase());
    tokens.push({
      text: t,
      start: m.index,
      end: m.index + t.length,
      key,
      cap,
      noCase: false,
      gap: text.slice(prevEnd, m.index),
    });
    prevEnd = m.index + t.length;
  }
  return tokens;
}

/**
 * Marks the tokens whose case is no evidence of a name: all of them when the text has no lower-case or no upper-case
 * letter ("hi im sarah"), and those of a shouted phrase ("DRIVERS ED CLASSES") or a headline-case one, where nearly
 * every word is capitalized, function words included ("Best Way To Get Started With Mac"). They are read as lower
 * case. A lone shouted word in mixed text ("my IBAN is", "BG needs") is an acronym and no name.
 */
function markCaseless(text: string, tokens: Token[]): void {
  const all = !/\p{Lu}/u.test(text) || !/\p{Ll}/u.test(text);
  let from = 0;
  while (from < tokens.length) {
    let to = from;
    while (to + 1 < tokens.length && !PHRASE_END.test(tokens[to + 1]!.gap)) to += 1;
    if (all || shouted(tokens, from, to) || headline(text, tokens, from, to))
      for (let x = from; x <= to; x += 1) {
        tokens[x]!.cap = false;
        tokens[x]!.noCase = true;
      }
    from = to + 1;
  }
}

const PHRASE_END = /[.!?:;\n()"“”«»]/u;

function shouted(tokens: Token[], from: number, to: number): boolean {
  let words = 0;
  for (let x = from; x <= to; x += 1) {
    const t = tokens[x]!.text;
    if (t !== t.toUpperCase()) return false;
    if (t.length > 1 && t !== t.toLowerCase()) words += 1;
  }
  return words >= 3;
}

function headline(text: string, tokens: Token[], from: number, to: number): boolean {
  let words = 0;
  let capitalized = 0;
  let functionWords = 0;
  for (let x = from; x <= to; x += 1) {
    const t = tokens[x]!;
    if (stopish(t.key)) {
      if (t.cap && t.text.length > 1 && x > from && !sentenceStart(text, t.start)) functionWords += 1;
      continue;
    }
    if (t.text.length < 3) continue;
    words += 1;
    if (t.cap) capitalized += 1;
  }
  return functionWords >= 2 && words >= 4 && capitalized >= words * 0.75;
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
  if (next && joined(tokens[to]!, next) && (next.cap ? PLACE_AFTER : LOWER_PLACE_AFTER).has(next.key))
    return true;
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

/**
 * Extends a name from token i over the capitalized name-like tokens that follow it (at most four in all); a place
 * word ("Park", "Hall") ends it unless `placeWords` says the cue made it a person's surname.
 */
function extend(tokens: Token[], i: number, allowLower: boolean, placeWords = false): number {
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
      (placeWords || !PLACE_AFTER.has(next.key));
    const nameLike = k !== 'word' || isInitial(next) || surname;
    if (
      next.cap
        ? !nameLike || (!placeWords && PLACE_AFTER.has(next.key))
        : !(allowLower && (k === 'first' || k === 'last'))
    )
      break;
    j += 1;
  }
  return j;
}

// Capitalized words before a name that make it a person's ("Coach Carter", "Tante Rose"), unlike other capitalized
// words ("Trader Joe's", "Golden Corral").
const ROLE_WORDS = new Set(
  `officer coach uncle aunt auntie pastor councilwoman councilman chief grandma grandpa granny nana papa mama mom dad mum councillor councilor
  counsellor mayor principal nurse brother sister father mother detective judge president premier minister senator
  governor sergeant captain lieutenant reverend rev bishop rabbi imam deacon elder professor teacher mister cousin
  oncle tante maire conseiller conseillère présidente président ministre père mère frère soeur sœur cousine curé abbé
  pasteur`.split(/\s+/),
);

/**
 * A lone name right after a capitalized ordinary word inside a sentence is part of a proper noun, a business or a
 * place ("Trader Joe's", "Whole Foods"), unless that word is a role or a title ("Coach Carter").
 */
function partOfProperNoun(text: string, tokens: Token[], i: number, j: number): boolean {
  const prev = tokens[i - 1];
  if (j > i || !prev || !prev.cap || !/^[ \t]$/u.test(tokens[i]!.gap)) return false;
  if (sentenceStart(text, prev.start) || ROLE_WORDS.has(prev.key) || TITLE_WORDS.has(prev.key)) return false;
  return kind(prev.key) === 'word' && !stopish(prev.key);
}

// Words before a lone name that make it a place or a business: "behind Hilton", "in America", "en France".
const PLACE_PREPOSITIONS = new Set(
  `in at on near behind beside across opposite along by inside outside around toward towards into en au aux dans
  derrière devant près`.split(/\s+/),
);

/**
 * A lone name (no cue found it, no surname with it) after a place preposition is a place or a business, unless a
 * verb aims the preposition at someone ("shouted at Todd", "waved at Maria").
 */
function placeAfter(tokens: Token[], i: number, j: number): boolean {
  const prev = tokens[i - 1];
  if (j > i || prev === undefined || !/^[ \t]$/u.test(tokens[i]!.gap) || !PLACE_PREPOSITIONS.has(prev.key))
    return false;
  const verb = tokens[i - 2];
  return !(verb && /ed$/u.test(verb.key) && /^[ \t]$/u.test(prev.gap));
}

// Verb forms that follow a name as its predicate ("Walker began", "Crystal lives"): the name is the subject.
const PREDICATE =
  /^(?:\p{L}+(?:s|ed)|began|went|said|told|made|took|came|gave|got|had|was|did|saw|knew|thought|found|left|felt|brought|bought|wrote|ran|sat|stood|kept|met|paid|sent|spent|built|lost|won|sang|spoke|a|est|était|dit|fait|va|veut|peut)$/u;

/**
 * A lone first name that is also a word ("Urban", "Crystal", "Afro") is that word when it qualifies the lower-case
 * noun after it ("Urban sprawl", "Afro side"); before a verb it is a name ("Crystal lives on Elm").
 */
function wordFirstOnly(tokens: Token[], i: number, j: number): boolean {
  const lex = lexicon();
  const next = tokens[i + 1];
  return (
    j === i &&
    tokens[i]!.key === tokens[i]!.text.toLowerCase() &&
    kind(tokens[i]!.key) === 'first' &&
    lex.dictionary.has(tokens[i]!.key) &&
    next !== undefined &&
    !next.cap &&
    /^[ \t]$/u.test(next.gap) &&
    !stopish(next.key) &&
    isWord(lex, next.key) &&
    !PREDICATE.test(next.key)
  );
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
  // In ordinary text a lower-case word is no name; where case says nothing ("hi im sarah") the lists decide.
  markCaseless(text, tokens);
  for (let i = 0; i < tokens.length; i += 1) {
    if (used[i]) continue;
    const t = tokens[i]!;
    const cue = cues.get(t.start);
    // Most words are lower case: in ordinary text only a strong cue ("my name is vitoria") makes one a name.
    if (!t.cap && !t.noCase && cue !== 'strong') continue;
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
      // "ask for top-up": a lower-case compound is no unknown name.
      const ok = t.cap
        ? !stopish(t.key)
        : k === 'first' || k === 'last' || (k === 'unknown' && !t.key.includes('-'));
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
    // "Pastor Mike", "Tante Rose": a role word before a name-like word.
    const prev = tokens[i - 1];
    const role =
      prev?.cap === true &&
      ROLE_WORDS.has(prev.key) &&
      /^[ \t]$/u.test(t.gap) &&
      k !== 'word' &&
      k !== 'proper';
    if (t.cap && (introOk || weakOk || role)) {
      // "my neighbour Linda Park": after a word for a relative or a neighbour, "Park" is a surname.
      const relation =
        cue === 'intro' && RELATION_BEFORE.test(text.slice(Math.max(0, t.start - 14), t.start));
      const j = extend(tokens, i, false, relation);
      if ((relation || !placeContext(tokens, i, j)) && (k !== 'proper' || j > i)) {
        push(i, j, 45);
        continue;
      }
    }
    // Where case says nothing, a cue and a first name from the lists: "hi im priya", "TALK TO MARIA".
    if (
      t.noCase &&
      ((cue === 'intro' && !lexicon().dictionary.has(t.key)) || cue === 'weak') &&
      k === 'first'
    ) {
      push(i, extend(tokens, i, true), 45);
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
      // "la France est de", "Victoria is from": a place before "is from" is no person.
      if ((AFTER_CUE.test(after) && !lexicon().places.has(t.key)) || vocative) {
        push(i, i, 42);
        continue;
      }
    }

    // List-led names.
    if (!t.cap && !(t.noCase && k === 'first' && t.key.length >= 3)) continue;
    if (t.cap && k === 'word' && !isInitial(t)) continue;
    const j = extend(tokens, i, t.noCase);
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
      : t.cap &&
          (partOfProperNoun(text, tokens, i, j) || wordFirstOnly(tokens, i, j) || placeAfter(tokens, i, j))
        ? false
        : t.cap
          ? kinds.includes('first') ||
            // "Will Smith", "Victoria Bruun": an ambiguous first name with a surname-like word after it.
            (many &&
              kinds[0] === 'weakFirst' &&
              kinds.slice(1).some((x) => x !== 'weakFirst' && x !== 'weakLast')) ||
            // "Tilly Nicholson", "Ushurma Dratchev", "Mohmad R. Vizirov": several name-like words together.
            (many && (kinds.includes('last') || kinds.includes('unknown') || initialInside)) ||
            // "starring Borkowski": a known surname inside a sentence; one as common as a word in films and TV
            // ("affaire Renault", "on Campbell") is a brand or a place as often as a person.
            (!many &&
              kinds[0] === 'last' &&
              !sentenceStart(text, t.start) &&
              !lexicon().frequent.has(tokens[j]!.key))
          : // "maria gonzalez" where case says nothing: a first name and a surname, or a first name no word spells.
            (many && kinds.slice(1).every((x) => x === 'first' || x === 'last')) ||
            (k === 'first' && t.key.length >= 4 && !lexicon().dictionary.has(t.key));
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
    if (used[i] || !names.has(t.key) || (!t.cap && !t.noCase)) continue;
    push(i, i, 40);
  }
}
