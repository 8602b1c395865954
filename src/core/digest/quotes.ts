/**
 * Choosing what residents are quoted saying. A quote must be about its theme (it names one of the theme's words),
 * says something new (no near-duplicate of a quote already in the digest), and a theme quotes each person at most
 * once, so one voice repeated does not sound like several.
 */
import { topicRank, topicsNamed } from '../themes/features.js';
import { PLAIN_ADJECTIVES } from '../themes/member-words.js';
import { saysWhoOnly } from '../themes/self-statements.js';
import { guessLanguage, isStopword, tokenize } from '../themes/text.js';
import { namedTopic, topicOfKey } from '../themes/topic-names.js';

/** A reply (or the claim of it) that the engine placed in a theme. */
export interface QuoteCandidate {
  text: string;
  /** Who wrote it (participant, imported author, or the reply itself). */
  voice: string;
  /** The engine chose it as one of the theme's most central quotes. */
  central: boolean;
}

/** Quotes shorter than this say too little; longer ones flood a chat message. */
const MIN_CHARS = 12;
const MAX_CHARS = 280;
/** Share of the shorter quote's words another quote repeats for the two to be near-duplicates. */
const NEAR_DUPLICATE = 0.7;
/** Words shorter than this carry no topic ("the", "on", "à"). */
const MIN_WORD = 3;

/**
 * Lowercase, no accents, a plural `s` and then a final `e` dropped, so a word's singular and plural meet however
 * its plural is made: "Buses" and "bus", "voitures" and "voiture", "écoles" and "ecole".
 */
export function normalizeWord(word: string): string {
  let plain = /^[a-z0-9]*$/.test(word) ? word : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (plain.length > 3 && plain.endsWith('s')) plain = plain.slice(0, -1);
  if (plain.length > 3 && plain.endsWith('e')) plain = plain.slice(0, -1);
  return plain;
}

function wordsOf(text: string, minLength: number): Set<string> {
  const out = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= minLength) out.add(normalizeWord(word));
  }
  return out;
}

/** The words that make a quote about a theme: the longer words of its labels, and its keywords (heaviest first). */
export interface About {
  label: ReadonlySet<string>;
  /** The theme's heaviest keywords: what most of its members talk about. */
  core: ReadonlySet<string>;
  keywords: ReadonlySet<string>;
  /** The lexicon topic the label is the name of ("Aînés et retraites"), -1 for a label in members' own words. */
  topic: number;
  /** The lexicon topic the theme was found by (its key), for a label in members' words; else -1. */
  keyTopic: number;
}

/** Keywords that weigh as much as its core: the engine lists them heaviest first. */
const CORE_KEYWORDS = 3;
/**
 * A quote is about its theme from this relevance on: a word of its label or of its core keywords, or two of its other
 * keywords (a label in other words than the members': "Add trolleys for hop on hop off service" under "Public
 * transit"). Those come after the first kind.
 */
const ON_TOPIC = 2;

/** Adjectives that say what kind of thing, not what about ("public", "affordable", "foreign"), as `wordsOf` gives them. */
const MODIFIERS = new Set([...PLAIN_ADJECTIVES].map(normalizeWord));

/**
 * The words that make a quote about a theme. A label's modifier alone does not ("public servants" under "Public
 * transit").
 */
export function aboutWords(keywords: readonly string[], labels: readonly string[], key?: string): About {
  const label = new Set<string>();
  for (const l of labels) for (const w of wordsOf(l, 4)) if (!MODIFIERS.has(w)) label.add(w);
  return {
    label,
    // A name among the heaviest keywords ("Louisville" under "Public transit") is where, not what.
    core: wordsOf(
      keywords
        .slice(0, CORE_KEYWORDS)
        .filter((k) => !/^\p{Lu}/u.test(k))
        .join(' '),
      MIN_WORD,
    ),
    keyTopic: key === undefined ? -1 : topicOfKey(key),
    keywords: wordsOf(keywords.join(' '), MIN_WORD),
    topic: labels.map((l) => namedTopic(l)).find((t) => t >= 0) ?? -1,
  };
}

/**
 * Whether a quote says what the label says: 2 when it names the label's topic more than any other topic (or, for a
 * label in members' words, writes one of them), 1 when it names the topic as much as another one, or more than half
 * as much ("un parc d'éoliennes en mer" is as much energy as nature), 0 when it names it only in passing among
 * another topic's words, as the engine reads a reply's topics ("la pollution des eaux … les mers" is water, not
 * nature), or only shares keywords ("le bio ne coûte pas plus cher" under "Aînés et retraites", by "coût"). A topic
 * is named by its lexicon terms, as the engine reads them, so a word of the label in another sense ("les économies"
 * under "Économie et industrie") names nothing.
 */
function naming(
  counts: ReadonlyMap<number, number> | undefined,
  words: ReadonlySet<string>,
  about: About,
): number {
  if (about.topic >= 0) return counts ? topicRank(counts, about.topic) : 0;
  if ([...words].some((w) => about.label.has(w))) return 2;
  // A label in members' words ("Public transit") is also named by its theme's topic ("passenger train"), less.
  return about.keyTopic >= 0 && counts && topicRank(counts, about.keyTopic) > 0 ? 1 : 0;
}

/**
 * How much `words` are about the theme: a word of its label counts 3, a core keyword 2. Other keywords (`peripheral`)
 * rank a quote only after those, or among quotes as much about it: a stray member's word can make a keyword ("dream"
 * in a theme about government), and a quote sharing mostly such words is about something else ("fuel for planes and
 * ships" under "Roads and traffic").
 */
function relevance(words: ReadonlySet<string>, about: About): { hits: number; peripheral: number } {
  let hits = 0;
  let peripheral = 0;
  for (const w of words) {
    if (about.label.has(w)) hits += 3;
    else if (about.core.has(w)) hits += 2;
    else if (about.keywords.has(w)) peripheral += 1;
  }
  return { hits, peripheral };
}

function nearDuplicate(x: ReadonlySet<string>, y: ReadonlySet<string>, a: string, b: string): boolean {
  if (x.size === 0 || y.size === 0) return a.trim().toLowerCase() === b.trim().toLowerCase();
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared / Math.min(x.size, y.size) >= NEAR_DUPLICATE;
}

export function isNearDuplicate(a: string, b: string): boolean {
  return nearDuplicate(wordsOf(a, MIN_WORD), wordsOf(b, MIN_WORD), a, b);
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The text with the words of each name other than its head blanked, so a name names only what its head does: "Church
 * Street" is a street, not a church ("Whitewater Park" stays a park). A name is a run of capitalised words with
 * nothing but a space or hyphen between (a possessive ends it); English names end on their head, French ones start with it. A text written
 * mostly in capitals (a title, shouting) has no names to tell apart.
 */
export function namesByTheirHeads(text: string): string {
  const tokens = tokenize(text);
  const capital = tokens.map((t) => {
    const raw = text.slice(t.start, t.end);
    return t.capital && !isStopword(t.word) && !/^\p{Lu}{2,}$/u.test(raw);
  });
  if (2 * capital.filter(Boolean).length > tokens.length) return text;
  const french = guessLanguage(text, tokens) === 'fr';
  const chars = text.split('');
  const blank = (t: number) => {
    for (let i = tokens[t]!.start; i < tokens[t]!.end; i++) chars[i] = ' ';
  };
  let t = 0;
  while (t < tokens.length) {
    let end = t + 1;
    while (
      capital[t] &&
      end < tokens.length &&
      capital[end] &&
      !/['’]s$/iu.test(text.slice(tokens[end - 1]!.start, tokens[end - 1]!.end)) &&
      /^[\s-]+$/u.test(text.slice(tokens[end - 1]!.end, tokens[end]!.start))
    )
      end++;
    if (end - t > 1) for (let k = t; k < end; k++) if (k !== (french ? t : end - 1)) blank(k);
    t = end;
  }
  return chars.join('');
}

/** Remembers every quote a digest shows, so no near-duplicate appears twice in it. */
export class QuoteBook {
  private readonly shown: Array<{ text: string; words: Set<string> }> = [];
  /** Shown quotes by word, so a candidate is compared only with quotes it shares a word with. */
  private readonly byWord = new Map<string, number[]>();
  private readonly cache = new Map<string, Set<string>>();
  /** Topics each text names (the lexicon read is the costly part of a pick): a group's quote picks again. */
  private readonly topics = new Map<string, ReadonlyMap<number, number>>();

  private topicsOf(text: string): ReadonlyMap<number, number> {
    let counts = this.topics.get(text);
    if (!counts) {
      counts = topicsNamed(namesByTheirHeads(text));
      this.topics.set(text, counts);
    }
    return counts;
  }

  private words(text: string): Set<string> {
    let set = this.cache.get(text);
    if (!set) {
      set = wordsOf(text, MIN_WORD);
      this.cache.set(text, set);
    }
    return set;
  }

  has(text: string): boolean {
    const words = this.words(text);
    if (words.size === 0) return this.shown.some((s) => nearDuplicate(s.words, words, s.text, text));
    const checked = new Set<number>();
    for (const w of words) {
      for (const i of this.byWord.get(w) ?? []) {
        if (checked.has(i)) continue;
        checked.add(i);
        const s = this.shown[i]!;
        if (nearDuplicate(s.words, words, s.text, text)) return true;
      }
    }
    return false;
  }

  private remember(text: string): void {
    if (this.has(text)) return;
    const words = this.words(text);
    const i = this.shown.push({ text, words }) - 1;
    for (const w of words) {
      const list = this.byWord.get(w);
      if (list) list.push(i);
      else this.byWord.set(w, [i]);
    }
  }

  /**
   * Up to `max` quotes from `candidates`: about the theme (or, when none is, the engine's central ones, else any),
   * best first (naming what the label names, see `naming`; then its label's words and core keywords, central to the
   * engine, then of a readable length, then naming its other keywords), one per person, none a near-duplicate of a
   * quote already shown. With `reuse`, a quote already shown elsewhere may be shown again when no other fits (a
   * group's quote on common ground may be one the theme shows).
   */
  pick(
    candidates: readonly QuoteCandidate[],
    about: About,
    max: number,
    options: { reuse?: boolean } = {},
  ): string[] {
    const scored = candidates
      .map((c, order) => ({ ...c, text: clean(c.text), order }))
      .filter((c) => c.text.length >= MIN_CHARS && c.text.length <= MAX_CHARS)
      .map((c) => ({
        ...c,
        ...relevance(this.words(c.text), about),
        names: naming(
          about.topic < 0 && about.keyTopic < 0 ? undefined : this.topicsOf(c.text),
          this.words(c.text),
          about,
        ),
      }));
    // A reply only saying who its writer is ("My household income is less than $100,000") shows no opinion on the
    // subject: it is quoted only when no other reply is.
    const telling = scored.filter((c) => !saysWhoOnly(c.text));
    const onTopic = telling.filter((c) => c.names > 0 || c.hits >= ON_TOPIC || c.peripheral >= ON_TOPIC);
    const central = telling.filter((c) => c.central);
    // A theme whose words are all the conversation's background (every bus reply says "bus") names nothing a quote
    // could repeat, and its central quotes may be from other weeks: its members still speak for it.
    const pool =
      onTopic.length > 0 ? onTopic : central.length > 0 ? central : telling.length > 0 ? telling : scored;
    // The engine's central quotes count as much as one more label word.
    const score = (c: { central: boolean; hits: number }) => c.hits + (c.central ? 3 : 0);
    // Replies that name what the label names come before any that only share its keywords, whatever the engine's
    // centrality: a keyword can be one word of a reply about something else.
    pool.sort(
      (a, b) =>
        b.names - a.names ||
        score(b) - score(a) ||
        lengthPenalty(a.text) - lengthPenalty(b.text) ||
        b.peripheral - a.peripheral ||
        a.order - b.order,
    );
    const out: string[] = [];
    const voices = new Set<string>();
    const take = (c: (typeof pool)[number]) => {
      out.push(c.text);
      voices.add(c.voice);
      this.remember(c.text);
    };
    for (const c of pool) {
      if (out.length >= max) break;
      if (voices.has(c.voice) || this.has(c.text)) continue;
      take(c);
    }
    if (options.reuse) {
      for (const c of pool) {
        if (out.length >= max) break;
        const words = this.words(c.text);
        if (voices.has(c.voice) || out.some((q) => nearDuplicate(this.words(q), words, q, c.text))) continue;
        take(c);
      }
    }
    return out;
  }
}

/** Quotes of 40–160 characters read best; shorter say little, longer are skimmed. */
function lengthPenalty(text: string): number {
  if (text.length < 40) return 40 - text.length;
  if (text.length > 160) return text.length - 160;
  return 0;
}
