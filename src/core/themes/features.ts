/**
 * From replies to vectors: tokens, claims, the civic topics the lexicon finds, background words and names, then one
 * sparse unit vector per reply and per claim over stemmed words, word pairs and topics (sublinear TF-IDF).
 */
import {
  BACKGROUND_SHARE,
  COMMUNITY_WORDS,
  FRENCH_FUNCTION_WORDS,
  GENERIC,
  MIN_REPLIES_FOR_SHARES,
  NAME_CONCENTRATION,
  TOPIC_BACKGROUND_SHARE,
} from './background.js';
import { splitClaims } from './claims.js';
import { englishCognate } from './cognates.js';
import { CONCEPTS, IDIOMS, PARTICIPANTS } from './lexicon.js';
import { FRENCH_IDIOMS, FRENCH_NARROWED, FRENCH_TERMS } from './lexicon-fr.js';
import { foldWord, type Match, PhraseMatcher } from './phrases.js';
import { saysWhoOnly } from './self-statements.js';
import { Speller } from './spelling.js';
import {
  fold,
  guessLanguage,
  type Lang,
  mostlyCapitals,
  STOPWORDS,
  stem,
  type Token,
  tokenize,
  usualForm,
} from './text.js';
import { frenchAdverb, frenchSingular } from './word-class.js';

export interface SparseVector {
  /** Feature ids, ascending. */
  idx: Int32Array;
  val: Float32Array;
}

export interface Reply {
  id: string;
  text: string;
  lang: Lang;
  tokens: Token[];
  /** 1 for tokens inside a name (see `nameRuns`). */
  named: Uint8Array;
  /** 1 for tokens of background names and words (the town, THEMES_BACKGROUND_WORDS, "community"): never in a label. */
  masked: Uint8Array;
  /** 1 for tokens of an idiom, where a topic word takes another sense ("des économies"): no use of the word. */
  idiom: Uint8Array;
  participant: string;
}

export interface Claim {
  reply: number;
  /** Span in the reply's text, and range in its tokens. */
  start: number;
  end: number;
  from: number;
  to: number;
  vector: SparseVector;
}

export enum Kind {
  Word = 0,
  Pair = 1,
  Concept = 2,
  /** A dimension of a plugged-in sentence embedding. */
  Dense = 3,
}

/** The feature space of one run. */
export interface Space {
  keys: string[];
  kind: Kind[];
  /** 1 for a name (capitalised words that are no civic topic words): it never seeds or holds a theme. */
  name: Uint8Array;
  /** Concept index of a Concept feature, else -1. */
  concept: Int32Array;
  /** The most frequent written form of each feature, for keywords. */
  surface: string[];
}

export interface Analysis {
  replies: Reply[];
  /** Each reply as a whole. */
  replyVectors: SparseVector[];
  /** Lexicon topics each reply is about (none when the lexicon is not used; background topics excluded). */
  replyConcepts: number[][];
  /** The lexicon terms each reply names, by topic (accent-free words), to tell a topic named in many words apart. */
  replyTerms: Array<Map<number, string[]>>;
  /** Claims of all replies, in reply order. */
  claims: Claim[];
  space: Space;
  /** What was taken as background here (names, the question's subject), for the record. */
  background: string[];
  /**
   * The feature key of a word as this run reads it: its stem, or a French word's English cognate or singular. Labels,
   * keywords and quotes look words up by it, so they weigh a word as the themes do.
   */
  keyOf: (word: string, lang: Lang) => string;
}

export interface FeatureOptions {
  /** Operator's background words or phrases (THEMES_BACKGROUND_WORDS). */
  backgroundWords?: readonly string[] | undefined;
  /** The question the replies answer: its words are background. */
  question?: string | undefined;
  /** Weight of a topic feature relative to a word of the same TF-IDF weight; 0 leaves the lexicon out. */
  conceptWeight?: number;
  /** Lexicon topics (ids) to leave out, to measure how the engine does on topics no lexicon holds. */
  withoutConcepts?: readonly string[];
  /** Word pairs as features. */
  pairs?: boolean;
  /**
   * Sentence vectors of the replies from an `Embedder` (row-major, n × d), joined to each reply's features with
   * `embeddingWeight` of its length.
   */
  embedding?: Float32Array | undefined;
  embeddingWeight?: number;
  /** Read no names by case in a claim written mostly in capitals. */
  shouting?: boolean;
  /** Fewest letters of a misspelled word read as the lexicon word one edit from it (see `Speller`); 0: none. */
  spelling?: number;
  /** Read a French word as its English cognate when English replies use it (see `englishCognate`). */
  cognates?: boolean;
  /** Replies that only say who their writer is are one topic of their own, with no words (see `saysWhoOnly`). */
  participants?: boolean;
  /**
   * French function words are no features however written: without accents ("ca", "etre"), those the stopword list
   * lacks (`FRENCH_FUNCTION_WORDS`: "partout", "puis") and adverbs in "-ment".
   */
  frenchFunctionWords?: boolean;
  /** A French plural the dictionary makes from its singular is keyed as the singular ("emplois", "emploi"). */
  frenchPlurals?: boolean;
  /** The lexicon with the French counterparts of its English terms (`FRENCH_TERMS`, `FRENCH_IDIOMS`). */
  frenchTerms?: boolean;
  /** Word pairs of French replies across the prepositions and articles of a compound ("impôt sur la fortune"). */
  frenchPairs?: boolean;
}

const DEFAULTS = {
  conceptWeight: 1.5,
  pairs: true,
  embeddingWeight: 0.25,
  shouting: true,
  spelling: 5,
  cognates: true,
  participants: true,
  frenchFunctionWords: true,
  frenchPlurals: true,
  frenchTerms: true,
  frenchPairs: true,
};

/** Share of replies the lexicon must name a topic in to be used (civic sets: 0.6–0.95; others: under 0.1). */
const LEXICON_MIN_SHARE = 0.3;
/** French words that join the nouns of a compound ("taxe sur le carburant", "transport en commun"), and how many. */
const FRENCH_LINKS = new Set(['de', 'du', 'des', 'à', 'au', 'aux', 'en', 'sur', 'la', 'le', 'les']);
const MAX_LINKS = 2;
/** A name needs this many replies naming a topic before its spread over topics says anything. */
const NAME_EVIDENCE = 3;

/** The lexicon's terms, and its idioms as one more target that stands for no topic. */
const lexicon = new PhraseMatcher([...CONCEPTS.map((c) => c.terms.split(',')), IDIOMS.split(',')]);
let frenchLexicon: PhraseMatcher | undefined;
const NO_TOPIC = CONCEPTS.length;
const spellers = new Map<string, Speller>();

/** The lexicon, with the French counterparts of its English terms when `french`. */
function lexiconOf(french: boolean): PhraseMatcher {
  if (!french) return lexicon;
  frenchLexicon ??= new PhraseMatcher([
    ...CONCEPTS.map((c) => [
      ...c.terms.split(',').filter((t) => !FRENCH_NARROWED[c.id]?.includes(t.trim())),
      ...(FRENCH_TERMS[c.id] ?? '').split(','),
    ]),
    [...IDIOMS.split(','), ...FRENCH_IDIOMS.split(',')],
  ]);
  return frenchLexicon;
}

/** Lexicon matches in a reply's tokens, misspelled lexicon words (see `Speller`) read as meant when `spelling` > 0. */
function lexiconMatches(tokens: readonly Token[], lang: Lang, spelling: number, french = false): Match[] {
  const matcher = lexiconOf(french);
  if (spelling <= 0) return matcher.match(tokens);
  let speller = spellers.get(`${spelling}${french ? 'fr' : ''}`);
  if (!speller) {
    speller = new Speller(matcher.words(), spelling);
    spellers.set(`${spelling}${french ? 'fr' : ''}`, speller);
  }
  let read: Array<{ folded: string }> | undefined;
  tokens.forEach((t, i) => {
    const meant = speller.correct(t, lang);
    if (meant === undefined) return;
    read ??= [...tokens];
    read[i] = { folded: meant };
  });
  return matcher.match(read ?? tokens);
}

/**
 * Builds the default reading's lexicon and speller now: the first `topicsNamed` would otherwise build them, on a
 * server's event loop while it reads a digest's quotes.
 */
export function warmUpTopicReading(): void {
  lexiconMatches([], 'en', DEFAULTS.spelling, DEFAULTS.frenchTerms);
}

/**
 * How many times `text` names each lexicon topic (index in CONCEPTS), read as the engine reads a reply: an idiom
 * ("des économies") names none, and a lone function word no topic.
 */
export function topicsNamed(text: string, language?: Lang): Map<number, number> {
  const tokens = tokenize(text);
  const lang = language ?? guessLanguage(text, tokens);
  const counts = new Map<number, number>();
  for (const h of lexiconMatches(tokens, lang, DEFAULTS.spelling, DEFAULTS.frenchTerms)) {
    if (h.to - h.from === 1 && STOPWORDS[lang].has(tokens[h.from]!.word)) continue;
    for (const c of h.targets) if (c !== NO_TOPIC) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

/**
 * How much a text with these topic counts is about `topic`: 2 when it names it more than any other topic, 1 when as
 * much as another or more than half as much, 0 when not at all or only in passing among another topic's words.
 */
export function topicRank(counts: ReadonlyMap<number, number>, topic: number): 0 | 1 | 2 {
  const own = counts.get(topic) ?? 0;
  let other = 0;
  for (const [c, n] of counts) if (c !== topic) other = Math.max(other, n);
  if (own === 0 || 2 * own <= other) return 0;
  return own > other ? 2 : 1;
}

interface Draft {
  reply: number;
  start: number;
  end: number;
  from: number;
  to: number;
}

export function analyze(
  inputs: ReadonlyArray<{
    id: string;
    text: string;
    language?: Lang | undefined;
    participantId?: string | undefined;
  }>,
  options: FeatureOptions = {},
): Analysis {
  const o = { ...DEFAULTS, ...options };
  const dropped = new Set(CONCEPTS.flatMap((c, i) => (o.withoutConcepts?.includes(c.id) ? [i] : [])));
  const replies: Reply[] = inputs.map((r) => {
    const tokens = tokenize(r.text);
    return {
      id: r.id,
      text: r.text,
      tokens,
      lang: r.language ?? guessLanguage(r.text, tokens),
      named: new Uint8Array(tokens.length),
      masked: new Uint8Array(tokens.length),
      idiom: new Uint8Array(tokens.length),
      participant: r.participantId ?? r.id,
    };
  });
  const n = replies.length;
  const shares = n >= MIN_REPLIES_FOR_SHARES;
  const claimsByReply = replies.map((r, reply) => claimsOf(r, reply));
  const drafts = claimsByReply.flat();

  // Topics named in each reply; a topic in half the replies is the question's subject, and a lexicon that
  // names a topic in few replies (product questions, bank messages) only matches by accident there.
  // A lone function word is no topic word ("car" is "because" in French).
  // A reply that only says who its writer is ("I live in a town") names no subject but the writer: its words
  // would tie it to replies about housing or income, so it keeps none.
  const aboutWriter = replies.map((r) => o.participants && saysWhoOnly(r.text));
  // An idiom names no topic; its span is kept so that keywords do not count a word written inside it.
  const hits = replies.map((r, i) => {
    const matches = lexiconMatches(r.tokens, r.lang, o.spelling, o.frenchTerms).filter(
      (h) => h.to - h.from > 1 || !STOPWORDS[r.lang].has(r.tokens[h.from]!.word),
    );
    for (const h of matches) if (h.targets.includes(NO_TOPIC)) r.idiom.fill(1, h.from, h.to);
    if (aboutWriter[i])
      return claimsByReply[i]!.map((d) => ({ from: d.from, to: d.to, targets: [PARTICIPANTS] }));
    return matches
      .map((h) => ({ ...h, targets: h.targets.filter((c) => c !== NO_TOPIC && !dropped.has(c)) }))
      .filter((h) => h.targets.length > 0);
  });
  const conceptReplies = CONCEPTS.map((): number[] => []);
  hits.forEach((list, reply) => {
    for (const c of new Set(list.flatMap((h) => h.targets))) conceptReplies[c]!.push(reply);
  });
  const civic = hits.filter((list) => list.length > 0).length;
  const useLexicon = o.conceptWeight > 0 && (!shares || civic >= LEXICON_MIN_SHARE * n);
  // Outside civic sets (bank messages: "I am overseas") the rule is not asked.
  const writers = useLexicon ? aboutWriter : aboutWriter.map(() => false);
  writers.forEach((about, i) => {
    if (about) replies[i]!.masked.fill(1);
  });
  // Shares that make a word or topic the question's subject are of the replies that answer it.
  const answering = n - writers.filter(Boolean).length;
  // The question's own topics are background too ("What about parking?").
  const asked = new Set(
    o.question
      ? lexiconOf(o.frenchTerms)
          .match(tokenize(o.question))
          .flatMap((h) => h.targets.filter((c) => c !== NO_TOPIC))
      : [],
  );
  const usable = conceptReplies.map(
    (list, c) =>
      useLexicon && !asked.has(c) && !(shares && list.length >= TOPIC_BACKGROUND_SHARE * answering),
  );
  const background: string[] = CONCEPTS.filter((_, c) => useLexicon && !usable[c]).map((c) => `@${c.id}`);
  // A reply is about the topics it names most; one it names in passing among several others it is not about.
  const replyConcepts = hits.map((list) => {
    const counts = new Map<number, number>();
    for (const h of list) for (const c of h.targets) if (usable[c]) counts.set(c, (counts.get(c) ?? 0) + 1);
    const most = Math.max(0, ...counts.values());
    return [...counts]
      .filter(([, count]) => count * 2 > most)
      .map(([c]) => c)
      .sort((x, y) => x - y);
  });

  // Names; those whose replies no topic holds half of are the community's own (the town, the county, the region).
  const lexiconToken = replies.map((r, i) => {
    const marks = new Uint8Array(r.tokens.length);
    for (const h of hits[i]!) marks.fill(1, h.from, h.to);
    return marks;
  });
  const nameToken = replies.map((r) => r.named);
  const nameReplies = new Map<string, Set<number>>();
  const nameForms = new Map<string, Set<string>>();
  for (const d of drafts) {
    const r = replies[d.reply]!;
    // A claim too short to tell is shouted when its reply is.
    const few = r.tokens.slice(d.from, d.to).filter((t) => t.word.length > 1).length < 3;
    const [from, to] = few ? [0, r.tokens.length] : [d.from, d.to];
    if (o.shouting && mostlyCapitals(r.text, r.tokens, from, to)) continue;
    for (const run of nameRuns(r, d.from, d.to, lexiconToken[d.reply]!)) {
      const key = nameKey(run.words);
      addTo(nameReplies, key, d.reply);
      addTo(nameForms, key, run.words.join(' '));
      nameToken[d.reply]!.fill(1, run.from, run.to);
    }
  }
  const spread = [...nameReplies]
    .filter(
      ([, set]) =>
        (shares && set.size >= BACKGROUND_SHARE * answering) || spreadOverTopics([...set], replyConcepts),
    )
    .map(([phrase]) => phrase)
    .sort();
  background.push(...spread);
  // Names and words that must never show in a label; the question's words, like other words of the question's
  // subject, only stop being features ("Social housing" may label a theme of a consultation on housing).
  const spreadForms = spread.flatMap((key) => [key, ...(nameForms.get(key) ?? [])]);
  const masker = new PhraseMatcher([
    [...(o.backgroundWords ?? []), ...spreadForms, ...COMMUNITY_WORDS].filter((w) => w.trim().length > 0),
  ]);
  const masked = replies.map((r) => {
    for (const m of masker.match(r.tokens)) r.masked.fill(1, m.from, m.to);
    for (let t = 0; t < r.masked.length; t++) if (r.masked[t]) r.named[t] = 0;
    return r.masked;
  });
  const questionTokens = o.question ? tokenize(o.question) : [];
  const questionLang = guessLanguage(o.question ?? '', questionTokens);
  const questionKeys = questionTokens
    .filter((t) => isFeatureWord(t, questionLang, o.frenchFunctionWords))
    .map((t) => stem(t.word, questionLang));

  // A French word written by English replies too, in its English form, is their word ("développement",
  // "development").
  const englishKeys = new Set<string>();
  if (o.cognates)
    replies.forEach((r, i) => {
      if (r.lang !== 'en') return;
      r.tokens.forEach((token, t) => {
        if (!masked[i]![t] && isFeatureWord(token, 'en')) englishKeys.add(stem(token.word, 'en'));
      });
    });
  const keyOf = (word: string, lang: Lang): string => {
    if (lang === 'fr' && englishKeys.size > 0) {
      const cognate = englishCognate(word);
      const key = cognate && stem(cognate, 'en');
      if (key && englishKeys.has(key)) return key;
    }
    const singular = lang === 'fr' && o.frenchPlurals ? frenchSingular(word) : undefined;
    return stem(singular ?? word, lang);
  };
  // Feature words of each claim (empty key: not a feature, and a break between word pairs).
  const keyReplies = new Map<string, Set<number>>();
  const words = drafts.map((d) => {
    const r = replies[d.reply]!;
    const list: Array<{ key: string; surface: string; name: boolean; link?: boolean }> = [];
    for (let t = d.from; t < d.to; t++) {
      const word = r.tokens[t]!.word;
      if (masked[d.reply]![t] || !isFeatureWord(r.tokens[t]!, r.lang, o.frenchFunctionWords)) {
        const link = o.frenchPairs && r.lang === 'fr' && !masked[d.reply]![t] && FRENCH_LINKS.has(word);
        list.push({ key: '', surface: word, name: false, ...(link ? { link } : {}) });
        continue;
      }
      const key = keyOf(word, r.lang);
      list.push({ key, surface: word, name: nameToken[d.reply]![t] === 1 });
      addTo(keyReplies, key, d.reply);
    }
    return list;
  });
  // A word in a third of the replies is the question's subject too ("housing" when asked about housing).
  const backgroundKeys = new Set<string>(questionKeys);
  if (shares)
    for (const [key, set] of keyReplies)
      if (set.size >= BACKGROUND_SHARE * answering) backgroundKeys.add(key);
  background.push(...[...backgroundKeys].sort());

  const space = new SpaceBuilder();
  CONCEPTS.forEach((c, i) => {
    space.id(`@${c.id}`, Kind.Concept, i);
  });
  const counts = drafts.map((d, i) => {
    const count = new Map<number, number>();
    const add = (id: number) => count.set(id, (count.get(id) ?? 0) + 1);
    let prev: { key: string; surface: string } | undefined;
    // French joins a compound's words with a preposition and article ("impôt sur la fortune").
    let links: string[] = [];
    for (const w of words[i]!) {
      if (w.link && prev && links.length < MAX_LINKS) {
        links.push(w.surface);
        continue;
      }
      if (!w.key || backgroundKeys.has(w.key)) {
        prev = undefined;
        links = [];
        continue;
      }
      const id = space.id(w.key, Kind.Word);
      space.saw(id, w.surface, w.name);
      add(id);
      if (o.pairs && prev) {
        const pair = space.id(`${prev.key} ${w.key}`, Kind.Pair);
        space.saw(pair, [prev.surface, ...links, w.surface].join(' '));
        add(pair);
      }
      prev = w;
      links = [];
    }
    for (const h of hits[d.reply]!) {
      if (h.from < d.from || h.to > d.to) continue;
      for (const c of h.targets) if (usable[c]) add(c);
    }
    return count;
  });

  // Reply frequency (a reply counts once however many of its claims use a feature); a feature of one reply
  // groups nothing.
  const replyCounts = replies.map(() => new Map<number, number>());
  drafts.forEach((d, i) => {
    const into = replyCounts[d.reply]!;
    const about = replyConcepts[d.reply]!;
    for (const [id, tf] of counts[i]!) {
      // The reply as a whole keeps the topics it is about; each claim keeps every topic it names.
      if (space.kind[id] === Kind.Concept && !about.includes(space.concept(id))) continue;
      into.set(id, (into.get(id) ?? 0) + tf);
    }
  });
  const df = new Int32Array(space.keys.length);
  for (const count of replyCounts) for (const id of count.keys()) df[id]!++;
  // A feature of one reply groups nothing; one of two only ties a reply to one other (a joke sharing "free" with
  // "Free parking downtown" is no parking reply).
  const minDf = n >= MIN_REPLIES_FOR_SHARES ? 3 : 2;
  const vectorOf = (count: Map<number, number>): SparseVector => {
    const entries: Array<[number, number]> = [];
    for (const [id, tf] of count) {
      if (df[id]! < minDf) continue;
      let w = (1 + Math.log(tf)) * (Math.log((n + 1) / (df[id]! + 1)) + 1);
      if (space.kind[id] === Kind.Concept) w *= o.conceptWeight;
      entries.push([id, w]);
    }
    return unitVector(entries);
  };
  let replyVectors = replyCounts.map(vectorOf);
  if (o.embedding) replyVectors = withEmbedding(replyVectors, o.embedding, o.embeddingWeight, space);
  const replyTerms = hits.map((list, r) => {
    const terms = new Map<number, string[]>();
    for (const h of list) {
      const term = replies[r]!.tokens.slice(h.from, h.to)
        .map((t) => t.folded)
        .join(' ');
      for (const c of h.targets) terms.set(c, [...(terms.get(c) ?? []), term]);
    }
    return terms;
  });
  return {
    replies,
    replyVectors,
    replyConcepts,
    replyTerms,
    claims: drafts.map((d, i) => ({ ...d, vector: vectorOf(counts[i]!) })),
    space: space.build(),
    background,
    keyOf,
  };
}

/**
 * Each reply's vector with its sentence vector joined: centred on the corpus mean (so unrelated replies are not alike
 * for sharing the common direction), unit length, weighted √w against √(1−w) for the words.
 */
function withEmbedding(
  vectors: SparseVector[],
  embedding: Float32Array,
  weight: number,
  space: SpaceBuilder,
): SparseVector[] {
  const n = vectors.length;
  const d = embedding.length / n;
  const first = space.keys.length;
  for (let j = 0; j < d; j++) space.id(`~${j}`, Kind.Dense);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += embedding[i * d + j]! / n;
  return vectors.map((v, i) => {
    const row = Array.from({ length: d }, (_, j) => embedding[i * d + j]! - mean[j]!);
    const norm = Math.hypot(...row);
    const known = embedding.subarray(i * d, (i + 1) * d).some((x) => x !== 0);
    if (!known || !(norm > 0)) return v;
    const words = v.idx.length > 0 ? Math.sqrt(1 - weight) : 0;
    const sentence = v.idx.length > 0 ? Math.sqrt(weight) : 1;
    return {
      idx: Int32Array.from([...v.idx, ...row.map((_, j) => first + j)]),
      val: Float32Array.from([
        ...Array.from(v.val, (x) => x * words),
        ...row.map((x) => (x / norm) * sentence),
      ]),
    };
  });
}

/** Claim spans of a reply, with their token ranges. */
function claimsOf(r: Reply, reply: number): Draft[] {
  const out: Draft[] = [];
  let t = 0;
  for (const span of splitClaims(r.text)) {
    while (t < r.tokens.length && r.tokens[t]!.end <= span.start) t++;
    const from = t;
    while (t < r.tokens.length && r.tokens[t]!.start < span.end) t++;
    if (t > from) out.push({ reply, start: span.start, end: span.end, from, to: t });
  }
  return out;
}

/** Whether replies writing a name talk about many topics, none holding NAME_CONCENTRATION of them. */
function spreadOverTopics(replies: readonly number[], replyConcepts: readonly number[][]): boolean {
  const counts = new Map<number, number>();
  let naming = 0;
  for (const r of replies) {
    const concepts = replyConcepts[r]!;
    if (concepts.length === 0) continue;
    naming++;
    for (const c of concepts) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (naming < NAME_EVIDENCE) return false;
  let most = 0;
  for (const count of counts.values()) most = Math.max(most, count);
  return most < NAME_CONCENTRATION * naming;
}

class SpaceBuilder {
  readonly keys: string[] = [];
  readonly kind: Kind[] = [];
  /** Uses of each feature, and how many of them inside a name. */
  private readonly uses: number[] = [];
  private readonly named: number[] = [];
  private readonly concepts: number[] = [];
  private readonly surfaces: Array<Map<string, number>> = [];
  private readonly ids = new Map<string, number>();

  id(key: string, kind: Kind, concept = -1): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      this.kind.push(kind);
      this.uses.push(0);
      this.named.push(0);
      this.concepts.push(concept);
      this.surfaces.push(new Map());
    }
    return id;
  }

  /** Concept index of a Concept feature. */
  concept(id: number): number {
    return this.concepts[id]!;
  }

  saw(id: number, surface: string, named = false): void {
    const map = this.surfaces[id]!;
    map.set(surface, (map.get(surface) ?? 0) + 1);
    this.uses[id]!++;
    if (named) this.named[id]!++;
  }

  build(): Space {
    return {
      keys: this.keys,
      kind: this.kind,
      // A word is a name when most of its uses are ("Elm" in "Elm Road"), not when a title capitalised it once.
      name: Uint8Array.from(this.uses, (uses, id) => (2 * this.named[id]! > uses ? 1 : 0)),
      concept: Int32Array.from(this.concepts),
      surface: this.surfaces.map(usualForm),
    };
  }
}

function isFeatureWord(token: Token, lang: Lang, frenchFunctionWords = false): boolean {
  const { word } = token;
  if (word.length < 2 || STOPWORDS[lang].has(word) || STOPWORDS.en.has(word)) return false;
  if (!/\p{L}/u.test(word) || GENERIC.has(token.folded)) return false;
  return !(frenchFunctionWords && lang === 'fr' && frenchFunctionWord(token));
}

const FOLDED_FRENCH_STOPWORDS = new Set([...STOPWORDS.fr].map(fold));

/** Whether a French word is a function word, written with its accents or without, or an adverb in "-ment". */
function frenchFunctionWord({ word, folded }: Token): boolean {
  return FOLDED_FRENCH_STOPWORDS.has(folded) || FRENCH_FUNCTION_WORDS.has(folded) || frenchAdverb(word);
}

/**
 * Names: runs of capitalised words inside a claim (a lone capital opening a claim is just a sentence start, unless
 * it is an acronym), not made only of lexicon, generic or community words.
 */
function nameRuns(
  r: Reply,
  from: number,
  to: number,
  lexiconToken: Uint8Array,
): Array<{ from: number; to: number; words: string[] }> {
  const runs: Array<{ from: number; to: number; words: string[] }> = [];
  const capital = (t: number) => r.tokens[t]!.capital && !STOPWORDS[r.lang].has(r.tokens[t]!.word);
  let t = from;
  while (t < to) {
    if (!capital(t)) {
      t++;
      continue;
    }
    const start = t;
    while (t < to && capital(t)) t++;
    const span = r.tokens.slice(start, t);
    const acronym = span.length === 1 && /^\p{Lu}{2,5}$/u.test(r.text.slice(span[0]!.start, span[0]!.end));
    const plain = span.every(
      (x, k) => lexiconToken[start + k] === 1 || GENERIC.has(x.folded) || COMMUNITY_WORDS.has(x.folded),
    );
    if ((span.length > 1 || start > from || acronym) && !plain) {
      runs.push({ from: start, to: t, words: span.map((x) => foldWord(x.word)) });
    }
  }
  return runs;
}

/** Words that end a place's name without changing the place: "Warren County", "Warren Co", "Warren" are one. */
const NAME_TAILS = new Set([...COMMUNITY_WORDS, 'co', 'cty', 'twp']);

/** A name as one place, however it is written: without its trailing "County" or "Co". */
function nameKey(words: readonly string[]): string {
  let end = words.length;
  while (end > 1 && NAME_TAILS.has(words[end - 1]!)) end--;
  return words.slice(0, end).join(' ');
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

export function unitVector(entries: Array<[number, number]>): SparseVector {
  entries.sort((a, b) => a[0] - b[0]);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return {
    idx: Int32Array.from(entries, (e) => e[0]),
    val: Float32Array.from(entries, (e) => e[1] / norm),
  };
}
