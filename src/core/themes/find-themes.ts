/**
 * The theme engine: replies in, themes out.
 *
 * 1. Analysis (features.ts): each reply is split into claims; each claim becomes a sparse vector of stemmed words,
 *    word pairs and the civic topics it names (lexicon.ts), without background words and names (background.ts).
 * 2. Grouping (cluster.ts): seeds from topics and shared words, spherical k-means that may leave claims out, then a
 *    Dirichlet-multinomial mixture's sweeps (mixture.ts).
 * 3. Description (describe.ts): labels, keywords, quotes.
 *
 * Deterministic: replies are put in a canonical order first, and nothing is random, so any permutation of the same
 * replies gives the same themes.
 */

import { ErrorCode, VoicesError } from '../errors.js';
import { type Clustering, type ClusterOptions, cluster, findSeeds, type Seed } from './cluster.js';
import { describe, type Member, sameWords } from './describe.js';
import type { Embedder } from './embedder.js';
import { type Analysis, analyze, type FeatureOptions, Kind, unitVector } from './features.js';
import { CONCEPTS } from './lexicon.js';
import { fold, type Lang, stem } from './text.js';
import type { Theme, ThemeInput, ThemeModel, ThemeOptions, ThemeResult } from './types.js';

export interface EngineOptions extends ThemeOptions {
  /**
   * A sentence embedder (a local sentence model, say) whose vectors join the words' features; none by default (the
   * shipped word vectors earned no place: docs/decisions/themes.md).
   */
  embedder?: Embedder | undefined;
  /** Overrides of the analysis, for measurements. */
  features?: FeatureOptions;
  /** Overrides of the grouping, for measurements. */
  cluster?: Partial<ClusterOptions>;
  /**
   * A carried theme whose topic or word seeds this run too starts from that seed, as a fresh run's theme would
   * (default); false: from its stored centroid.
   */
  anchor?: boolean;
}

/**
 * Most shared-word seeds: about √(4n/3), from 8 to 40 (20 for 300 replies); topical words add up to half. Topics
 * enough replies name seed beyond it (`topicSeeds`).
 */
export function maxThemes(n: number): number {
  return Math.min(40, Math.max(8, Math.round(Math.sqrt((4 * n) / 3))));
}

/**
 * Smallest theme: 3 replies, 1 % of them from 400 on, and √n from 10,000 on (316 of 100,000). Rounded down, so a
 * round-sized set (300) keeps its minimum when a few late replies come (306), rather than stepping there.
 */
export function minThemeReplies(n: number): number {
  return Math.max(3, Math.floor(Math.min(0.01 * n, Math.sqrt(n))));
}

const CLUSTER_DEFAULTS = {
  minSimilarity: 0.1,
  iterations: 15,
  mergeSimilarity: 0.5,
  mergeApart: true,
  claimSimilarity: 0.6,
  claimWords: 1,
  holdShare: 0.5,
  holdCarried: 0.4,
  topicMinSimilarity: 0.2,
  topicSeeds: 40,
  naiveBayes: 8,
  draws: 3,
  topicalLift: 4,
  topicalMin: 5,
  topicalShare: 0.5,
  topicalDistinct: 3,
};
/** The smaller language gets its own label when it has this share of a theme's replies. */
const BILINGUAL_SHARE = 0.2;
/** With a forced number of themes nearly every reply gets one: only replies sharing nothing stay out. */
const FORCED_MIN_SIMILARITY = 0.0001;

export async function findThemes(
  input: readonly ThemeInput[],
  options: EngineOptions = {},
): Promise<ThemeResult> {
  const replies = [...input].sort((x, y) => compare(x.text, y.text) || compare(x.id, y.id));
  const n = replies.length;
  if (n === 0) return { themes: [], unthemed: [] };
  const forced = options.themes;
  if (forced !== undefined && (!Number.isInteger(forced) || forced < 1 || forced > n)) {
    throw new VoicesError(
      ErrorCode.InputInvalid,
      `cannot make ${forced} themes from ${n} replies: the number of themes must be from 1 to ${n}`,
    );
  }
  options.onProgress?.(0, 100);
  const embedding = options.embedder ? await options.embedder.embed(replies.map((r) => r.text)) : undefined;
  const analysis = analyze(replies, {
    backgroundWords: options.backgroundWords,
    question: options.question,
    embedding,
    ...options.features,
  });
  options.onProgress?.(40, 100);
  const minReplies = options.cluster?.minReplies ?? (forced === undefined ? minThemeReplies(n) : 2);
  const o: ClusterOptions = {
    ...CLUSTER_DEFAULTS,
    ...(forced === undefined ? {} : { minSimilarity: FORCED_MIN_SIMILARITY }),
    maxThemes: maxThemes(n),
    minReplies,
    ...options.cluster,
    k: forced,
  };
  const carried = options.model ? carriedSeeds(analysis, options.model) : [];
  const found = findSeeds(analysis, minReplies, forced ?? o.maxThemes, forced !== undefined, o);
  const fresh = found.filter((s) => !carried.some((c) => c.carried!.key === seedKey(analysis, s)));
  if (options.anchor ?? true) anchor(analysis, carried, found, minReplies);
  const seeds = [...carried, ...fresh];
  const clustering = cluster(analysis, seeds, o);
  options.onProgress?.(90, 100);
  const { themes, order } = buildThemes(analysis, clustering);
  const themed = new Set(themes.flatMap((t) => t.replyIds));
  const unthemed = analysis.replies.filter((r) => !themed.has(r.id)).map((r) => r.id);
  options.onProgress?.(100, 100);
  return { themes, unthemed, model: modelOf(analysis, clustering, themes, order) };
}

/** The themes, largest first, and the clustering's index of each. */
function buildThemes(a: Analysis, c: Clustering): { themes: Theme[]; order: number[] } {
  const members = c.centroids.map((): Member[] => []);
  const elsewhere = new Set(c.extra.map((x) => x.claim));
  const claimsOf = a.replies.map((): number[] => []);
  a.claims.forEach((claim, i) => {
    claimsOf[claim.reply]!.push(i);
  });
  const memberClaims = c.centroids.map((): number[] => []);
  a.replies.forEach((r, i) => {
    const t = c.assign[i]!;
    if (t < 0) return;
    members[t]!.push({
      reply: i,
      from: 0,
      to: r.tokens.length,
      start: 0,
      end: r.text.length,
      sim: c.sim[i]!,
    });
    const own = claimsOf[i]!.filter((x) => !elsewhere.has(x));
    memberClaims[t]!.push(...(own.length > 0 ? own : claimsOf[i]!));
  });
  for (const x of c.extra) {
    const claim = a.claims[x.claim]!;
    members[x.theme]!.push({
      reply: claim.reply,
      from: claim.from,
      to: claim.to,
      start: claim.start,
      end: claim.end,
      sim: x.sim,
    });
    memberClaims[x.theme]!.push(x.claim);
  }
  const described = members
    .map((list, t) => ({ t, list, replies: [...new Set(list.map((m) => m.reply))].sort((x, y) => x - y) }))
    .filter((x) => x.list.length > 0)
    .map((x) => ({ ...x, d: describe(a, c, x.t, x.list) }))
    .sort((x, y) => y.replies.length - x.replies.length || compare(x.d.key, y.d.key));
  const used = new Set<string>();
  const keys = new Set<string>();
  // Replies a larger theme quotes: another theme quotes them only when it has no other.
  const quoted = new Set<string>();
  const themes = described.map(({ t, replies, d }, i): Theme => {
    const main: Lang = d.languages.fr > d.languages.en ? 'fr' : 'en';
    const other: Lang = main === 'en' ? 'fr' : 'en';
    const labels: Theme['labels'] = {};
    labels[main] = pickLabel(d.candidates[main], used, d.keywords, main, d.alike);
    if (d.languages[other] >= BILINGUAL_SHARE * replies.length) {
      const second = pickLabel(d.candidates[other], used, [], other, d.alike, labels[main]);
      if (second && second !== labels[main]) labels[other] = second;
    }
    const label = [labels[main], labels[other]].filter((x) => x).join(' / ') || `Theme ${i + 1}`;
    used.add(label.toLowerCase());
    let key = d.key;
    for (let x = 2; keys.has(key); x++) key = `${d.key}-${x}`;
    keys.add(key);
    const quotes = d.quotes(labels, quoted);
    for (const q of quotes) quoted.add(q.replyId);
    return {
      id: `t${i + 1}`,
      key,
      label,
      labels,
      keywords: d.keywords,
      replyIds: replies.map((r) => a.replies[r]!.id),
      claims: [...memberClaims[t]!]
        .sort((x, y) => x - y)
        .map((j) => {
          const claim = a.claims[j]!;
          const reply = a.replies[claim.reply]!;
          return { replyId: reply.id, text: reply.text.slice(claim.start, claim.end) };
        }),
      quotes,
      participants: new Set(replies.map((r) => a.replies[r]!.participant)).size,
    };
  });
  return { themes, order: described.map((x) => x.t) };
}

/**
 * The first candidate no larger theme took, nor said in the same words (see `sameWords`), itself or a phrase it
 * stands for (`alike`); else the first with a keyword to tell it apart. `own`: the theme's label in its main
 * language, when this is its second.
 */
function pickLabel(
  candidates: readonly string[],
  used: Set<string>,
  keywords: readonly string[],
  lang: Lang,
  alike: ReadonlyMap<string, readonly string[]>,
  own?: string,
): string | undefined {
  // The theme's own label in the other language ("Public transport" for "Transport public") is no other theme's.
  const others = [...used].flatMap((u) => u.split(' / ')).filter((u) => u !== own?.toLowerCase());
  const taken = (label: string) =>
    [label, ...(alike.get(label) ?? [])].some(
      (x) => used.has(x.toLowerCase()) || others.some((part) => sameWords(x, part, lang)),
    );
  for (const c of candidates) {
    if (!taken(c)) {
      used.add(c.toLowerCase());
      return c;
    }
  }
  const first = candidates[0] ?? keywords[0];
  if (!first) return undefined;
  for (const k of keywords) {
    const label = `${first} (${k})`;
    if (!taken(label) && !sameWords(k, first, lang)) {
      used.add(label.toLowerCase());
      return label;
    }
  }
  return first;
}

/** Terms kept per theme in a model: enough to place replies, small enough to store with every digest. */
const MODEL_TERMS = 40;

/** The themes as definitions (their heaviest features), for a later run to start from. */
function modelOf(a: Analysis, c: Clustering, themes: Theme[], order: readonly number[]): ThemeModel {
  return {
    version: 1,
    themes: themes.map((t, i) => {
      const centroid = c.centroids[order[i]!]!;
      const terms: Array<[string, number]> = [];
      centroid.forEach((w, f) => {
        if (w > 0 && a.space.kind[f] !== Kind.Dense)
          terms.push([a.space.keys[f]!, Math.round(w * 1e4) / 1e4]);
      });
      terms.sort((x, y) => y[1] - x[1] || compare(x[0], y[0]));
      return { key: t.key, label: t.label, labels: t.labels, terms: terms.slice(0, MODEL_TERMS) };
    }),
  };
}

/** Seeds from a previous run's themes: their centroids rebuilt over this run's features, keys and labels kept. */
function carriedSeeds(a: Analysis, model: ThemeModel): Seed[] {
  const ids = new Map(a.space.keys.map((k, i) => [k, i]));
  const seeds: Seed[] = [];
  for (const t of model.themes) {
    const entries: Array<[number, number]> = [];
    for (const [key, weight] of t.terms) {
      const id = ids.get(key);
      if (id !== undefined && weight > 0) entries.push([id, weight]);
    }
    if (entries.length === 0) continue;
    const centroid = unitVector(entries);
    seeds.push({ concept: -1, word: -1, replies: [], carried: { centroid, key: t.key, labels: t.labels } });
  }
  return seeds;
}

/**
 * A carried theme whose topic or word seeds this run too starts from that seed's replies, not from where its centroid
 * had drifted to: its stored centroid holds whatever else its first members said ("Lost River Cave" for parks), and
 * k-means would keep it there while the topic's own replies went to the nearest other theme. A topic or word no seed
 * of this run stands for (a shared word the greedy cover passed over this time) still defines its theme while enough
 * replies name it, as the seed would have: else a few late replies could change which replies a theme starts from.
 */
function anchor(a: Analysis, carried: Seed[], found: readonly Seed[], minReplies: number): void {
  for (const c of carried) {
    const same = found.find((s) => seedKey(a, s) === c.carried!.key) ?? keySeed(a, c.carried!.key);
    if (!same || same.replies.length < minReplies) continue;
    c.concept = same.concept;
    c.word = same.word;
    c.replies = same.replies;
    c.carried = { key: c.carried!.key, labels: c.carried!.labels };
  }
}

/**
 * The replies a carried theme's key stands for: a topic's replies naming it, a word's replies holding it. Undefined
 * for a key that is neither (a theme's two heaviest words).
 */
function keySeed(a: Analysis, key: string): Seed | undefined {
  const concept = CONCEPTS.findIndex((c) => c.id === key);
  if (concept >= 0) {
    const replies: number[] = [];
    a.replyConcepts.forEach((list, r) => {
      if (list.includes(concept)) replies.push(r);
    });
    return { concept, word: -1, replies };
  }
  const { kind, surface, keys } = a.space;
  // The key is the word as first written; its usual form may have changed since, its stem has not.
  const stems = new Set([stem(key, 'en'), stem(key, 'fr')]);
  let word = -1;
  for (let f = 0; f < keys.length && word < 0; f++)
    if (kind[f] === Kind.Word && fold(surface[f]!) === key) word = f;
  for (let f = 0; f < keys.length && word < 0; f++)
    if (kind[f] === Kind.Word && stems.has(keys[f]!)) word = f;
  if (word < 0) return undefined;
  const replies: number[] = [];
  a.replyVectors.forEach((v, r) => {
    if (v.idx.includes(word)) replies.push(r);
  });
  return { concept: -1, word, replies };
}

/** The key a fresh seed's theme would get (see describe), to skip seeds a carried theme already stands for. */
function seedKey(a: Analysis, s: Seed): string {
  return s.concept >= 0 ? CONCEPTS[s.concept]!.id : s.word >= 0 ? fold(a.space.surface[s.word]!) : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
