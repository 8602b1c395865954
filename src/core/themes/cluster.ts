/**
 * Grouping replies into themes: seeds, then spherical k-means that may leave a reply out; then claims that fit another
 * theme than their reply's add it there.
 *
 * Seeds are the civic topics replies name (lexicon), then topical words (a subject residents write about in words of
 * its own, finer than the lexicon's topics), then, for replies no seed holds, the words most of them share (greedy
 * cover: the word in most such replies, its replies set aside, again). Seeds make the result stable (a few
 * more replies do not move a topic's seed) and the number of themes automatic. k-means then lets each theme gather
 * the replies closest to it, learning which words go with which topic from the replies themselves; a reply close to
 * no theme stays unthemed. A theme that keeps too few replies, or that nothing holds together (no topic or word
 * shared by half its replies), is dissolved. Last, a Dirichlet-multinomial mixture (mixture.ts) moves a reply to the
 * theme all its words fit best.
 */
import { type Analysis, Kind, type SparseVector, unitVector } from './features.js';
import { push } from './lists.js';
import { MIXTURE_DEFAULTS, type MixtureOptions, mixtureSweeps } from './mixture.js';

export interface Seed {
  /** Concept index, or -1 for a seed word. */
  concept: number;
  /** Feature id of the seed word, or -1 (a theme split off another). */
  word: number;
  replies: number[];
  /**
   * A theme of a previous run's model this one starts from: its key and labels carry over, and its centroid unless
   * the seed's replies define it.
   */
  carried?: { centroid?: SparseVector; key: string; labels: { en?: string; fr?: string } };
}

export interface ClusterOptions {
  /** Force this many themes. */
  k?: number | undefined;
  /** A theme needs this many distinct replies. */
  minReplies: number;
  /** Cosine to its theme below which a reply is left unthemed. */
  minSimilarity: number;
  /**
   * Cosine to a topic's theme below which a reply that does not name the topic is left out of it (automatic k only;
   * at most `minSimilarity`: off).
   */
  topicMinSimilarity?: number;
  iterations: number;
  /** Two themes whose centroids are this close become one (automatic k only). */
  mergeSimilarity: number;
  /**
   * A word's theme merges with a close theme only once its replies no longer stand apart from that theme's
   * (`topicalDistinct`, as for seeding); false: close themes always merge.
   */
  mergeApart: boolean;
  /** Most themes in automatic mode. */
  maxThemes: number;
  /**
   * Most topic seeds in automatic mode, when more than `maxThemes`: every topic named by `minReplies` replies seeds,
   * so that a topic residents raise is not folded into a broader theme because others are raised more.
   */
  topicSeeds: number;
  /** Cosine above which a claim adds its reply to another theme than the reply's own. */
  claimSimilarity: number;
  /** Words (other replies' too, topics aside) a claim needs to add its reply to another theme. */
  claimWords: number;
  /** Share of a theme's replies that must share a topic or a word for it to stand (automatic k only). */
  holdShare: number;
  /**
   * The same for a theme carried from an earlier run, lower so that a few late replies joining it cannot dissolve a
   * theme organizers have already read (a hysteresis, as for trend words).
   */
  holdCarried: number;
  /** Naive-Bayes rounds after k-means with a forced number of themes. */
  naiveBayes: number;
  /** k-means++ draws with a forced number of themes (the tightest is kept). */
  draws: number;
  /**
   * A word seeds a theme of its own, even inside a topic, when its replies are this many times as alike (without the
   * word) as any two replies; 0: only words of replies no topic holds seed (automatic k only).
   */
  topicalLift: number;
  /** Replies a topical word needs to seed (at least the smallest theme). */
  topicalMin: number;
  /** Most topical-word seeds, as a share of `maxThemes` (they come on top of the topic seeds). */
  topicalShare: number;
  /**
   * Inside a topic, a topical word seeds only when its replies are this many times as alike as they are like the
   * topic's other replies (words alone, the word itself aside): a part residents treat apart, not the whole.
   */
  topicalDistinct: number;
  /** A Dirichlet-multinomial mixture's sweeps after k-means (automatic k only; see mixture.ts). */
  mixture?: Partial<MixtureOptions> | undefined;
}

export interface Clustering {
  /** Theme of each reply, -1 when unthemed. */
  assign: Int32Array;
  /** Cosine of each reply to its theme (to its best theme when unthemed). */
  sim: Float32Array;
  /** Unit centroid of each theme over the feature space (dense). */
  centroids: Float32Array[];
  /** The seed each theme grew from. */
  seeds: Seed[];
  /** Claims that also place their reply in another theme: claim index, theme, cosine. */
  extra: Array<{ claim: number; theme: number; sim: number }>;
}

/**
 * Seeds from the lexicon's topics (each topic enough replies name, up to `topicSeeds` in automatic mode), then
 * topical words (a subject residents write about apart, inside a topic or outside any), then from shared words among
 * the replies no seed holds, at most `limit` (topical words may add `topicalShare` of it). Names seed only when
 * `names` (a forced number of themes: a product or a street may then be a theme); topical words only in automatic
 * mode.
 */
export function findSeeds(
  a: Analysis,
  minReplies: number,
  limit: number,
  names: boolean,
  o?: Pick<ClusterOptions, 'topicalLift' | 'topicalMin' | 'topicalShare' | 'topicalDistinct' | 'topicSeeds'>,
): Seed[] {
  const byConcept = new Map<number, number[]>();
  a.replyConcepts.forEach((concepts, r) => {
    for (const k of concepts) push(byConcept, k, r);
  });
  const seeds: Seed[] = [...byConcept]
    .filter(([, replies]) => replies.length >= minReplies)
    .sort((x, y) => y[1].length - x[1].length || x[0] - y[0])
    .slice(0, names ? limit : Math.max(limit, o?.topicSeeds ?? limit))
    .sort((x, y) => x[0] - y[0])
    .map(([concept, replies]): Seed => ({ concept, word: -1, replies }));
  if (!names && o && o.topicalLift > 0) {
    const extra = Math.floor(limit * o.topicalShare);
    seeds.push(...topicalWords(a, Math.max(minReplies, o.topicalMin), o, byConcept).slice(0, extra));
  }
  const covered = new Uint8Array(a.replies.length);
  for (const s of seeds) for (const r of s.replies) covered[r] = 1;
  // Greedy cover of the rest by shared words.
  const { kind, name, keys } = a.space;
  const repliesOf = new Map<number, number[]>();
  a.replyVectors.forEach((v, r) => {
    if (covered[r]) return;
    for (const f of v.idx) {
      if (kind[f] === Kind.Word && (names || name[f] === 0)) push(repliesOf, f, r);
    }
  });
  while (seeds.length < limit) {
    let best = -1;
    let bestCount = 0;
    for (const [f, replies] of repliesOf) {
      let count = 0;
      for (const r of replies) if (!covered[r]) count++;
      if (count > bestCount || (count === bestCount && count > 0 && keys[f]! < keys[best]!)) {
        best = f;
        bestCount = count;
      }
    }
    if (best < 0 || bestCount < minReplies) break;
    const replies = repliesOf.get(best)!.filter((r) => !covered[r]);
    seeds.push({ concept: -1, word: best, replies });
    for (const r of replies) covered[r] = 1;
    repliesOf.delete(best);
  }
  return seeds;
}

/**
 * Topical words: words whose replies are alike beyond the word itself (their mean cosine without the word and its
 * pairs, against that of any two replies), so a subject residents write about in its own words at a finer grain
 * than the lexicon ("fraude" inside taxes). Inside the topic most of its replies name, a word must also stand apart
 * from the topic's other replies: a word in a third of the topic's replies names the topic itself ("transit"), and
 * one part of a subject residents treat as one ("éoliennes" among energy replies) is no seed either. Most topical
 * first; a word whose replies are mostly a kept one's adds nothing.
 */
function topicalWords(
  a: Analysis,
  min: number,
  o: Pick<ClusterOptions, 'topicalLift' | 'topicalDistinct'>,
  byConcept: ReadonlyMap<number, number[]>,
): Seed[] {
  const { kind, name, keys } = a.space;
  const n = a.replies.length;
  const none = () => false;
  const base = meanCosine(a.replyVectors, none);
  if (!(base > 0)) return [];
  const repliesOf = new Map<number, number[]>();
  a.replyVectors.forEach((v, r) => {
    for (const f of v.idx) if (kind[f] === Kind.Word && name[f] === 0) push(repliesOf, f, r);
  });
  const ids = new Map(keys.map((k, i) => [k, i]));
  const pairWords = new Map<number, number[]>();
  keys.forEach((k, f) => {
    if (kind[f] === Kind.Pair)
      pairWords.set(
        f,
        k.split(' ').map((w) => ids.get(w) ?? -1),
      );
  });
  const withoutTopics = (f: number) => kind[f] === Kind.Concept;
  const topicSums = new Map<number, UnitSum>();
  const found: Array<{ word: number; replies: number[]; lift: number }> = [];
  for (const [word, replies] of repliesOf) {
    if (replies.length < min || replies.length > n / 3) continue;
    const without = (f: number) => f === word || (pairWords.get(f)?.includes(word) ?? false);
    const vectors = replies.map((r) => a.replyVectors[r]!);
    const lift = meanCosine(vectors, without) / base;
    if (lift < o.topicalLift) continue;
    const topic = mainTopic(a, replies);
    if (topic >= 0) {
      const topicReplies = byConcept.get(topic)!;
      const own = new Set(replies);
      const shared = topicReplies.filter((r) => own.has(r));
      if (shared.length * 3 >= topicReplies.length) continue;
      if (o.topicalDistinct > 0) {
        let sums = topicSums.get(topic);
        if (!sums) {
          sums = unitSum(
            topicReplies.map((r) => a.replyVectors[r]!),
            withoutTopics,
          );
          topicSums.set(topic, sums);
        }
        const skip = (f: number) => without(f) || withoutTopics(f);
        const inside = meanCosine(vectors, skip);
        if (inside < o.topicalDistinct * across(a, vectors, skip, sums, shared, withoutTopics)) continue;
      }
    }
    found.push({ word, replies, lift });
  }
  found.sort((x, y) => y.lift - x.lift || x.word - y.word);
  const kept: Seed[] = [];
  for (const f of found) {
    if (kept.some((s) => overlap(s.replies, f.replies) * 2 >= Math.min(s.replies.length, f.replies.length)))
      continue;
    kept.push({ concept: -1, word: f.word, replies: f.replies });
  }
  return kept;
}

/** The topic at least half of the replies name (the most named), or -1. */
function mainTopic(a: Analysis, replies: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const r of replies) for (const c of a.replyConcepts[r]!) counts.set(c, (counts.get(c) ?? 0) + 1);
  let topic = -1;
  let most = 0;
  for (const [c, count] of counts)
    if (count > most || (count === most && c < topic)) [topic, most] = [c, count];
  return most * 2 >= replies.length ? topic : -1;
}

/**
 * Mean cosine between the replies of `vectors` (without `skip`'s features) and the topic's replies outside
 * `shared` (without `topicSkip`'s), from the topic's sum.
 */
function across(
  a: Analysis,
  vectors: readonly SparseVector[],
  skip: (f: number) => boolean,
  topic: UnitSum,
  shared: readonly number[],
  topicSkip: (f: number) => boolean,
): number {
  const own = unitSum(vectors, skip);
  let dot = 0;
  for (const [f, x] of own.sum) dot += x * (topic.sum.get(f) ?? 0);
  let rest = topic.units;
  for (const r of shared) {
    const u = unitSum([a.replyVectors[r]!], topicSkip);
    if (u.units === 0) continue;
    rest--;
    for (const [f, x] of u.sum) dot -= x * (own.sum.get(f) ?? 0);
  }
  return rest > 0 && own.units > 0 ? dot / (own.units * rest) : 0;
}

interface UnitSum {
  sum: Map<number, number>;
  /** Vectors that were not empty without the skipped features. */
  units: number;
}

/** Sum of the vectors, each without `skip`'s features and made unit again. */
function unitSum(vectors: readonly SparseVector[], skip: (f: number) => boolean): UnitSum {
  const sum = new Map<number, number>();
  let units = 0;
  for (const v of vectors) {
    let norm = 0;
    for (let j = 0; j < v.idx.length; j++) if (!skip(v.idx[j]!)) norm += v.val[j]! * v.val[j]!;
    if (norm <= 0) continue;
    units++;
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < v.idx.length; j++) {
      const f = v.idx[j]!;
      if (!skip(f)) sum.set(f, (sum.get(f) ?? 0) + v.val[j]! * scale);
    }
  }
  return { sum, units };
}

/** Mean cosine of two different vectors of the list, each without `skip`'s features. */
function meanCosine(vectors: readonly SparseVector[], skip: (f: number) => boolean): number {
  const m = vectors.length;
  if (m < 2) return 0;
  const { sum, units } = unitSum(vectors, skip);
  let s = 0;
  for (const x of sum.values()) s += x * x;
  return (s - units) / (m * (m - 1));
}

function overlap(x: readonly number[], y: readonly number[]): number {
  const set = new Set(x);
  return y.filter((r) => set.has(r)).length;
}

/** k-means has settled when at most this share of replies moved in a round. */
const SETTLED = 0.001;

/**
 * Scores vectors against every centroid at once. The centroids are laid out feature by feature (each feature's
 * weights in all themes side by side), so scoring a reply reads memory in order; only centroids' non-zero features
 * are written, and cleared again by `release`.
 */
class Scorer {
  private readonly byFeature: Float32Array;
  readonly scores: Float64Array;

  constructor(
    private readonly centroids: readonly SparseVector[],
    dims: number,
  ) {
    const k = centroids.length;
    this.byFeature = new Float32Array(dims * k);
    this.scores = new Float64Array(k);
    centroids.forEach((c, t) => {
      for (let j = 0; j < c.idx.length; j++) this.byFeature[c.idx[j]! * k + t] = c.val[j]!;
    });
  }

  /** Fills `scores`, returns the best theme and its cosine (-1 and 0 when nothing is shared). */
  best(v: SparseVector): { theme: number; sim: number } {
    const k = this.centroids.length;
    const { scores, byFeature } = this;
    scores.fill(0);
    for (let j = 0; j < v.idx.length; j++) {
      const w = v.val[j]!;
      const at = v.idx[j]! * k;
      for (let t = 0; t < k; t++) scores[t]! += w * byFeature[at + t]!;
    }
    let theme = -1;
    let sim = 0;
    for (let t = 0; t < k; t++) {
      if (scores[t]! > sim + 1e-9) {
        theme = t;
        sim = scores[t]!;
      }
    }
    return { theme, sim };
  }
}

/** Themes as k-means keeps them: a unit centroid per theme (sparse) and the seed it grew from. */
class Themes {
  centroids: SparseVector[] = [];
  seeds: Seed[] = [];
  readonly assign: Int32Array;
  readonly sim: Float32Array;
  private readonly dims: number;
  /** Scratch for summing member vectors, all zeros between uses. */
  private readonly sum: Float64Array;

  constructor(
    private readonly a: Analysis,
    private readonly minSimilarity: number,
    private readonly topicMinSimilarity = minSimilarity,
  ) {
    this.dims = a.space.keys.length;
    this.assign = new Int32Array(a.replies.length).fill(-1);
    this.sim = new Float32Array(a.replies.length);
    this.sum = new Float64Array(this.dims);
  }

  add(seed: Seed): void {
    this.seeds.push(seed);
    this.centroids.push(seed.carried?.centroid ?? this.centroidOf(seed.replies));
  }

  centroidOf(replies: readonly number[]): SparseVector {
    const { sum } = this;
    const touched: number[] = [];
    for (const i of replies) {
      const v = this.a.replyVectors[i]!;
      for (let j = 0; j < v.idx.length; j++) {
        const f = v.idx[j]!;
        if (sum[f] === 0) touched.push(f);
        sum[f]! += v.val[j]!;
      }
    }
    touched.sort((x, y) => x - y);
    const entries: Array<[number, number]> = touched.map((f) => [f, sum[f]!]);
    for (const f of touched) sum[f] = 0;
    return unitVector(entries);
  }

  scorer(): Scorer {
    return new Scorer(this.centroids, this.dims);
  }

  /** Each reply to its nearest centroid, or to none under `minSimilarity`; returns how many replies moved. */
  assignAll(): number {
    const scorer = this.scorer();
    let moved = 0;
    this.a.replyVectors.forEach((v, i) => {
      const { theme, sim } = scorer.best(v);
      this.sim[i] = sim;
      const next = sim >= this.floor(i, theme) ? theme : -1;
      if (next !== this.assign[i]) {
        this.assign[i] = next;
        moved++;
      }
    });
    return moved;
  }

  /**
   * The least cosine reply `i` needs to stay in theme `t`. A topic's centroid is mostly its topic; a reply that does
   * not name it and shares a word or two with some of its replies has no subject in common with them.
   */
  private floor(i: number, t: number): number {
    const concept = t >= 0 ? this.seeds[t]!.concept : -1;
    if (concept < 0 || this.topicMinSimilarity <= this.minSimilarity) return this.minSimilarity;
    return this.a.replyConcepts[i]!.includes(concept) ? this.minSimilarity : this.topicMinSimilarity;
  }

  members(): number[][] {
    const out = this.centroids.map((): number[] => []);
    this.assign.forEach((t, i) => {
      if (t >= 0) out[t]!.push(i);
    });
    return out;
  }

  update(): void {
    this.centroids = this.members().map((replies) => this.centroidOf(replies));
  }

  /** k-means rounds until (almost) no reply moves. */
  settle(rounds: number): void {
    for (let it = 0; it < rounds; it++) {
      const moved = this.assignAll();
      this.update();
      if (moved <= SETTLED * this.a.replies.length) break;
    }
  }

  /** Keeps the themes `keep` says yes to; their replies are placed again at the next assignment. */
  retain(keep: (t: number) => boolean): boolean {
    const kept = this.centroids.map((_, t) => t).filter(keep);
    if (kept.length === this.centroids.length) return false;
    this.centroids = kept.map((t) => this.centroids[t]!);
    this.seeds = kept.map((t) => this.seeds[t]!);
    this.assign.fill(-1);
    return true;
  }

  /**
   * Splits theme `t` in two by 2-means, started from its member farthest from the centroid and the member farthest
   * from that one; false when they do not part.
   */
  bisect(t: number): boolean {
    const replies = this.members()[t]!;
    if (replies.length < 2) return false;
    const far = (from: (i: number) => number) =>
      replies.reduce((best, i) => (from(i) < from(best) - 1e-9 ? i : best), replies[0]!);
    const first = far((i) => this.sim[i]!);
    const firstVector = this.a.replyVectors[first]!;
    const second = far((i) => sparseDot(this.a.replyVectors[i]!, firstVector));
    if (first === second) return false;
    let centres = [this.centroidOf([first]), this.centroidOf([second])];
    let groups: number[][] = [[], []];
    for (let it = 0; it < 10; it++) {
      groups = [[], []];
      for (const i of replies) {
        const v = this.a.replyVectors[i]!;
        groups[sparseDot(v, centres[1]!) > sparseDot(v, centres[0]!) + 1e-9 ? 1 : 0]!.push(i);
      }
      if (groups[0]!.length === 0 || groups[1]!.length === 0) return false;
      centres = groups.map((g) => this.centroidOf(g));
    }
    this.centroids[t] = centres[0]!;
    this.centroids.push(centres[1]!);
    this.seeds.push({ concept: -1, word: -1, replies: groups[1]! });
    for (const i of groups[1]!) this.assign[i] = this.centroids.length - 1;
    return true;
  }

  /** Dense centroids, for describing themes. */
  dense(): Float32Array[] {
    return this.centroids.map((c) => {
      const out = new Float32Array(this.dims);
      for (let j = 0; j < c.idx.length; j++) out[c.idx[j]!] = c.val[j]!;
      return out;
    });
  }
}

function sparseDot(x: SparseVector, y: SparseVector): number {
  let s = 0;
  for (let i = 0, j = 0; i < x.idx.length && j < y.idx.length; ) {
    if (x.idx[i] === y.idx[j]) s += x.val[i++]! * y.val[j++]!;
    else if (x.idx[i]! < y.idx[j]!) i++;
    else j++;
  }
  return s;
}

/** ‖Σ member vectors‖: the size a theme would have if its replies all said the same thing. */
function resultant(a: Analysis, replies: readonly number[]): number {
  const sum = new Map<number, number>();
  for (const r of replies) {
    const v = a.replyVectors[r]!;
    for (let j = 0; j < v.idx.length; j++) sum.set(v.idx[j]!, (sum.get(v.idx[j]!) ?? 0) + v.val[j]!);
  }
  let s = 0;
  for (const x of sum.values()) s += x * x;
  return Math.sqrt(s);
}

/**
 * Naive-Bayes rounds: each theme learns which features its replies use (presence counts), and each themed reply
 * moves to the theme whose features it uses most distinctively. Only features concentrated in one theme (at least
 * `NB_CONCENTRATION / k` of their uses, at most half) vote, so a word every theme uses moves nobody. Replies left
 * unthemed by k-means stay so. Centroids follow the final memberships.
 */
function naiveBayes(a: Analysis, themes: Themes, rounds: number): void {
  const k = themes.centroids.length;
  if (k < 2) return;
  const dims = a.space.keys.length;
  const minShare = Math.min(0.5, NB_CONCENTRATION / k);
  const counts = new Float64Array(dims * k);
  const totals = new Float64Array(k);
  const sizes = new Float64Array(k);
  const scores = new Float64Array(k);
  for (let round = 0; round < rounds; round++) {
    counts.fill(0);
    totals.fill(0);
    sizes.fill(0);
    a.replyVectors.forEach((v, i) => {
      const t = themes.assign[i]!;
      if (t < 0) return;
      sizes[t]!++;
      for (const f of v.idx) {
        counts[f * k + t]!++;
        totals[t]!++;
      }
    });
    const votes = new Uint8Array(dims);
    for (let f = 0; f < dims; f++) {
      let sum = 0;
      let max = 0;
      for (let t = 0; t < k; t++) {
        sum += counts[f * k + t]!;
        max = Math.max(max, counts[f * k + t]!);
      }
      if (sum > 0 && max >= minShare * sum) votes[f] = 1;
    }
    const base = Array.from(totals, (n) => Math.log(NB_SMOOTHING) - Math.log(n + NB_SMOOTHING * dims));
    let moved = 0;
    a.replyVectors.forEach((v, i) => {
      const from = themes.assign[i]!;
      if (from < 0) return;
      scores.fill(0);
      for (const f of v.idx) {
        if (!votes[f]) continue;
        for (let t = 0; t < k; t++)
          scores[t]! += base[t]! + Math.log((counts[f * k + t]! + NB_SMOOTHING) / NB_SMOOTHING);
      }
      let best = from;
      for (let t = 0; t < k; t++) if (scores[t]! > scores[best]! + 1e-9) best = t;
      // A theme never shrinks below two replies.
      if (best !== from && sizes[from]! > 2) {
        themes.assign[i] = best;
        sizes[from]!--;
        sizes[best]!++;
        moved++;
      }
    });
    if (moved <= 0.001 * a.replies.length) break;
  }
  themes.update();
  // Similarities to the new centroids, memberships kept.
  a.replyVectors.forEach((v, i) => {
    const t = themes.assign[i]!;
    if (t >= 0) themes.sim[i] = sparseDot(v, themes.centroids[t]!);
  });
}

const NB_CONCENTRATION = 10;
const NB_SMOOTHING = 1;

/** Share of a theme's replies holding its most shared topic or word (names and pairs aside). */
export function heldShare(a: Analysis, replies: readonly number[]): number {
  if (replies.length === 0) return 0;
  const counts = new Map<number, number>();
  for (const r of replies) {
    for (const f of a.replyVectors[r]!.idx) {
      if (a.space.kind[f] === Kind.Pair || a.space.name[f] === 1) continue;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
  }
  let best = 0;
  for (const c of counts.values()) best = Math.max(best, c);
  return best / replies.length;
}

export function cluster(a: Analysis, seeds: readonly Seed[], o: ClusterOptions): Clustering {
  const themes = o.k === undefined ? automatic(a, seeds, o) : forced(a, seeds, o, o.k);
  return {
    assign: themes.assign,
    sim: themes.sim,
    centroids: themes.dense(),
    seeds: themes.seeds,
    extra: o.k === undefined ? extraClaims(a, themes.scorer(), themes.assign, o) : [],
  };
}

/**
 * Automatic number of themes: every seed starts a theme; themes under `minReplies` dissolve as k-means goes, close
 * themes merge, and themes nothing holds together dissolve.
 */
function automatic(a: Analysis, seeds: readonly Seed[], o: ClusterOptions): Themes {
  const themes = new Themes(a, o.minSimilarity, o.topicMinSimilarity);
  for (const seed of seeds) themes.add(seed);
  for (let it = 0; it < o.iterations; it++) {
    const moved = themes.assignAll();
    const list = themes.members();
    if (themes.retain((t) => list[t]!.length >= o.minReplies)) continue;
    themes.update();
    if (moved <= SETTLED * a.replies.length) break;
  }
  mergeClose(themes, o.mergeSimilarity, a, o.mergeApart ? o.topicalDistinct : 0);
  // Themes nothing holds together (no topic or word in half their replies: a name alone, a bag of leftovers)
  // dissolve, all at once: dissolving one at a time poured each one's replies into the next and unravelled sound
  // themes in turn.
  themes.settle(o.iterations);
  const list = themes.members();
  const held = (t: number) =>
    heldShare(a, list[t]!) >= (themes.seeds[t]!.carried ? o.holdCarried : o.holdShare);
  if (themes.retain((t) => list[t]!.length >= o.minReplies && held(t))) {
    themes.settle(o.iterations);
  }
  // A run that starts from a previous run's themes keeps them as k-means finds them: the mixture would re-draw them
  // by this window's counts and move earlier weeks' replies.
  const mixture = { ...MIXTURE_DEFAULTS, ...o.mixture };
  if (mixture.sweeps > 0 && !seeds.some((s) => s.carried)) refineByMixture(a, themes, o, mixture);
  return themes;
}

/**
 * The mixture's sweeps from the k-means themes (see mixture.ts). A reply its new theme is far from stays unthemed, as
 * with k-means; a theme left under the minimum size is dissolved, its replies placed at the nearest theme, and the
 * sweeps run again.
 */
function refineByMixture(a: Analysis, themes: Themes, o: ClusterOptions, m: MixtureOptions): void {
  const settle = () => {
    themes.update();
    const scorer = themes.scorer();
    a.replyVectors.forEach((v, i) => {
      const t = themes.assign[i]!;
      themes.sim[i] = t >= 0 ? sparseDot(v, themes.centroids[t]!) : scorer.best(v).sim;
      if (t >= 0 && themes.sim[i]! < o.minSimilarity) themes.assign[i] = -1;
    });
  };
  for (let round = 0; round < MIXTURE_ROUNDS; round++) {
    const pinned = new Uint8Array(a.replies.length);
    if (m.pin)
      themes.assign.forEach((t, i) => {
        const word = t >= 0 ? themes.seeds[t]!.word : -1;
        if (word >= 0 && a.replyVectors[i]!.idx.includes(word)) pinned[i] = 1;
      });
    themes.assign.set(
      mixtureSweeps(a, themes.assign, themes.centroids.length, m, pinned, m.keepSize ? o.minReplies : 0),
    );
    settle();
    const list = themes.members();
    const kept = list.map((_, t) => t).filter((t) => list[t]!.length >= o.minReplies);
    if (kept.length === list.length) return;
    const index = new Int32Array(list.length).fill(-1);
    kept.forEach((t, j) => {
      index[t] = j;
    });
    themes.centroids = kept.map((t) => themes.centroids[t]!);
    themes.seeds = kept.map((t) => themes.seeds[t]!);
    const scorer = themes.scorer();
    a.replyVectors.forEach((v, i) => {
      const t = themes.assign[i]!;
      if (t < 0) return;
      const { theme, sim } = index[t]! >= 0 ? { theme: index[t]!, sim: 1 } : scorer.best(v);
      themes.assign[i] = sim >= o.minSimilarity ? theme : -1;
    });
  }
  settle();
}

/** Rounds of sweeps and dissolving small themes: rarely more than one is needed. */
const MIXTURE_ROUNDS = 3;

/**
 * A forced number of themes: the largest topic seeds (at most k), then k-means++ picks for the rest (several draws,
 * the tightest kept), themes left empty split off the loosest ones, and naive-Bayes rounds.
 */
function forced(a: Analysis, seeds: readonly Seed[], o: ClusterOptions, k: number): Themes {
  const topics = [
    ...seeds.filter((s) => s.carried),
    ...seeds
      .filter((s) => s.concept >= 0 && !s.carried)
      .sort((x, y) => y.replies.length - x.replies.length || x.concept - y.concept),
  ].slice(0, k);
  const words = seeds.filter((s) => s.concept < 0 && !s.carried).slice(0, Math.max(0, k - topics.length));
  let best: Themes | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let draw = 0; draw < o.draws; draw++) {
    const themes = new Themes(a, o.minSimilarity);
    for (const seed of topics) themes.add(seed);
    // The first draw starts from the seed words (titles naming their subject), the others from k-means++ alone.
    if (draw === 0) for (const seed of words) themes.add(seed);
    kMeansPlusPlus(a, themes, k, mulberry32(draw + 1));
    themes.settle(o.iterations);
    const value = themes.members().reduce((sum, replies) => sum + resultant(a, replies), 0);
    if (value > bestValue) [best, bestValue] = [themes, value];
  }
  const themes = best!;
  themes.retain((t) => themes.members()[t]!.length > 0);
  themes.assignAll();
  while (themes.centroids.length < k) {
    const order = themes
      .members()
      .map((replies, t) => ({ t, spread: replies.length - resultant(a, replies) }))
      .sort((x, y) => y.spread - x.spread || x.t - y.t);
    if (!order.some(({ t }) => themes.bisect(t))) break;
  }
  themes.settle(o.iterations);
  naiveBayes(a, themes, o.naiveBayes);
  return themes;
}

/** Adds picks until `k` themes: each a reply drawn with probability ∝ its distance to the nearest theme. */
function kMeansPlusPlus(a: Analysis, themes: Themes, k: number, random: () => number): void {
  const n = a.replies.length;
  const distance = new Float64Array(n).fill(1);
  const near = (c: SparseVector) =>
    a.replyVectors.forEach((v, i) => {
      distance[i] = Math.min(distance[i]!, Math.max(0, 1 - sparseDot(v, c)));
    });
  for (const c of themes.centroids) near(c);
  while (themes.centroids.length < k) {
    let total = 0;
    for (let i = 0; i < n; i++) total += distance[i]!;
    if (total <= 0) return;
    let x = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      x -= distance[i]!;
      if (x <= 0) {
        pick = i;
        break;
      }
    }
    themes.add({ concept: -1, word: -1, replies: [pick] });
    near(themes.centroids[themes.centroids.length - 1]!);
  }
}

/** A small seeded generator (mulberry32): k-means++ draws are the same on every run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Themes that became the same topic (a seed word and a lexicon topic, say) become one. */
function mergeClose(themes: Themes, threshold: number, a: Analysis, apart: number): void {
  // A word's theme merges only once its replies no longer stand apart from the other theme's (the test a topical word
  // passed to seed): close centroids may share a topic, not the subject.
  const standsApart = (list: readonly number[][], own: number, other: number): boolean => {
    const seed = themes.seeds[own]!;
    if (!(apart > 0) || seed.concept >= 0 || seed.word < 0) return false;
    const mine = list[own]!;
    const rest = list[other]!;
    if (mine.length < 2 || rest.length < 1) return false;
    const word = a.space.keys[seed.word]!;
    const skip = (f: number) =>
      a.space.kind[f] === Kind.Concept ||
      f === seed.word ||
      (a.space.kind[f] === Kind.Pair && a.space.keys[f]!.split(' ').includes(word));
    const vectors = mine.map((r) => a.replyVectors[r]!);
    const others = unitSum(
      rest.map((r) => a.replyVectors[r]!),
      skip,
    );
    return meanCosine(vectors, skip) >= apart * across(a, vectors, skip, others, [], skip);
  };
  for (;;) {
    // Members change only when two themes merge: one list per round serves the test and the merge.
    const list = themes.members();
    let pair: [number, number] | undefined;
    let bestSim = threshold;
    for (let x = 0; x < themes.centroids.length; x++) {
      for (let y = x + 1; y < themes.centroids.length; y++) {
        const s = sparseDot(themes.centroids[x]!, themes.centroids[y]!);
        if (s >= bestSim && !standsApart(list, x, y) && !standsApart(list, y, x))
          [bestSim, pair] = [s, [x, y]];
      }
    }
    if (!pair) return;
    const [x, y] = pair;
    themes.centroids[x] = themes.centroidOf([...list[x]!, ...list[y]!]);
    themes.retain((t) => t !== y);
    themes.settle(3);
  }
}

/**
 * Claims of a reply that fit another theme than the reply's own, better than `threshold`: "fix the traffic, bring
 * in fiber" is themed with traffic and with internet.
 */
function extraClaims(
  a: Analysis,
  scorer: Scorer,
  assign: Int32Array,
  o: Pick<ClusterOptions, 'claimSimilarity' | 'claimWords'>,
): Clustering['extra'] {
  // A claim with no word other replies use is near a topic's theme by the topic's term alone (": peu d'émission
  // co2" under climate): nothing residents wrote alike supports the second membership.
  const wordsOf = (claim: number) => {
    let count = 0;
    for (const f of a.claims[claim]!.vector.idx) if (a.space.kind[f] === Kind.Word) count++;
    return count;
  };
  const out: Clustering['extra'] = [];
  const claimsOf = new Map<number, number[]>();
  a.claims.forEach((c, i) => {
    push(claimsOf, c.reply, i);
  });
  for (const [reply, claims] of claimsOf) {
    if (claims.length < 2 && assign[reply]! >= 0) continue;
    const added = new Set<number>([assign[reply]!]);
    for (const i of claims) {
      if (wordsOf(i) < o.claimWords) continue;
      const { theme, sim } = scorer.best(a.claims[i]!.vector);
      if (theme >= 0 && sim >= o.claimSimilarity && !added.has(theme)) {
        added.add(theme);
        out.push({ claim: i, theme, sim });
      }
    }
  }
  return out;
}
