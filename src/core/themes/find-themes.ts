/**
 * The theme engine: replies in, themes out.
 *
 * 1. Features: sublinear TF-IDF over stemmed en/fr unigrams and bigrams; a sentence embedding (default: SIF-weighted
 *    wink word vectors). Below `LARGE` replies both are combined (unit parts weighted √α, √(1−α)).
 * 2. Number of themes: forced, or a size rule (digest scale), or on large inputs the best silhouette among
 *    clustering runs on a sample (choose-k.ts).
 *    Spherical k-means (seeded k-means++, restarts on a sample, refined on all fitted rows; on large inputs it starts
 *    instead from the themes of a whole clustering run on a sample, see `SAMPLE_RUN_ROWS`), then hard-EM naive
 *    Bayes over term presence (only terms concentrated in one theme vote), then merge–split moves on the k-means objective (see kmeans.ts).
 * 3. Replies that share almost nothing with their theme move to the theme their word vectors clearly match, or
 *    stay unthemed (from `LARGE` on, only those replies and a sample of members are embedded, after clustering);
 *    themes get a label (a phrase members wrote), keywords, central distinct quotes, participants.
 *
 * Determinism: inputs are sorted canonically (by hashes of text and id) before anything else, seeds are fixed, ties go to the
 * lowest index, so any permutation of the same replies yields the same result.
 */

import { chooseK } from './choose-k.js';
import { type ClusterParams, type ClusterStart, clusterOnce } from './cluster.js';
import { type Embedder, winkEmbedder } from './embedder.js';
import { columnIn, type Doc, type Lexicon, prepareDoc, type Sparse, tfidf } from './features.js';
import { hypot } from './hypot.js';
import {
  assignRows,
  type Centroids,
  type Clustering,
  emptyCentroids,
  isZeroRow,
  type Points,
  refineNaiveBayes,
  restrictPoints,
  updateCentroids,
} from './kmeans.js';
import { pickLabel } from './labels.js';
import { fnv1a, PLACEHOLDER, stem, tokenize } from './text.js';
import type { Theme, ThemeInput, ThemeOptions, ThemeResult } from './types.js';
import { holdKernels } from './wasm/kernels.js';

/** Where the clustering put each reply: theme, cosine to it, and the themes' centroids. */
type Placement = Pick<Clustering, 'centroids' | 'assign' | 'sim'>;

export interface EngineOptions extends ThemeOptions {
  /** Sentence embedder; `null` for lexical features only. Default: `winkEmbedder()` (loads the binary cache). */
  embedder?: Embedder | null;
  /** Weight of the lexical part (0..1). */
  lexicalWeight?: number;
  /** Rows used to fit centroids on large inputs; the rest are assigned afterwards. */
  fitSample?: number;
  /** k-means restarts of a clustering run that does not start from a sample run (see `SAMPLE_RUN_ROWS`). */
  restarts?: number;
  seed?: number;
  /** Overrides of the clustering run's budget (iterations, rounds, moves), for benchmarks and cheaper re-runs. */
  cluster?: Partial<Omit<ClusterParams, 'k' | 'seed' | 'nbMinConcentration'>>;
}

const DEFAULTS = {
  lexicalWeight: 0.75,
  fitSample: 10_000,
  restarts: 4,
  seed: 42,
};
/**
 * One clustering run's budget. Measured over 16 seeds with --themes set to the true count
 * (`npm run bench:themes:seeds -- --seeds 16`; "passes" = row × centroid scorings ÷ (rows × k), counted once):
 * restarts on 4,000-row samples, 25 final iterations, 12 moves gave stackoverflow NMI 0.731 in 43.6 passes and
 * banking77 0.661 in 70.8; 2,000-row samples, 8 final iterations (naive Bayes refines after them anyway) and at
 * most 6 merge–split moves give 0.730 in 32.4 and 0.656 in 40.3. Up to 8 first naive-Bayes rounds (they stop
 * once 0.1 % of rows move), not 3: mean 0.727 → 0.729 over 8 seeds, and seed 42's run no longer ends with two
 * topics sharing a theme. One settling round per move plus up to 4 after the last (0.730; banking77 0.659) instead
 * of two per move (0.729; 0.660): fewer rounds; one per move without the last ones cost stackoverflow 0.008.
 */
const CLUSTER_DEFAULTS: Omit<ClusterParams, 'k' | 'seed' | 'nbMinConcentration'> = {
  restarts: DEFAULTS.restarts,
  restartSample: 2000,
  restartIter: 25,
  finalIter: 8,
  nbRounds: 8,
  settleRounds: 1,
  finalRounds: 4,
  maxMoves: 6,
  nbSmoothing: 1,
};
/**
 * From this many replies on, clustering uses lexical features only (word vectors still rescue weak rows and give
 * centroids). Measured on banking77 and stackoverflow: at thousands of replies word overlap is dense enough and
 * the averaged vectors blur themes (NMI −0.02 to −0.05). At ~300 replies (8 labels, 6 samples each) the vectors
 * help conversational text (banking77) and hurt jargon (stackoverflow) by about as much; lexicalWeight 0.75 sits
 * between, and keeps the synonymy residents' short replies need.
 */
const LARGE = 2000;
/**
 * Replies fitted by the clustering on larger inputs (an order-independent sample); the others then join by
 * naive Bayes in `REST_ROUNDS` rounds over all replies. On stackoverflow (20,000) fitting 10,000 gives NMI 0.731
 * over 16 seeds against 0.732 for all of them; 8,000 gave 0.727, 6,000 0.726.
 */
const REST_ROUNDS = 3;
/**
 * Below this many replies the number of themes follows the size rule alone: measured on 1,500-reply samples of
 * both datasets, the silhouette choice cost ~0.45 s (word vectors in the features) and did not raise NMI.
 */
const SIZE_RULE_UP_TO = LARGE - 1;
/**
 * From `LARGE` replies on, the clustering run on all fitted replies starts from the themes of a run of the whole
 * pipeline on this many of them (k-means, naive Bayes, merge–split): the candidate chosen when k is automatic (each
 * candidate grown from the previous one's themes, see choose-k.ts), else a run at the forced k from k-means restarts. With a forced k this replaced k-means restarts on a 2,000-reply sample:
 * stackoverflow NMI over 16 seeds 0.730 → 0.732 (worst 0.721 → 0.722), banking77 0.669 → 0.668 (6 seeds), and a
 * cold `--themes 20` run on stackoverflow 720 → 660 ms wall, 1140 → 1020 ms CPU (medians of 15 interleaved runs).
 * The rows of the silhouette's distance matrix when choosing k are a sub-sample of these.
 */
const SAMPLE_RUN_ROWS = 2000;
const SILHOUETTE_ROWS = 1000;
/**
 * k-means restarts of a sample run. With one, banking77 got 16–22 themes on 4 of 6 seeds (NMI 0.55–0.59); with two,
 * 22–55 (median 0.616). A forced k: 0.732 with two, 0.730 with three (16 stackoverflow seeds).
 */
const SAMPLE_RUN_RESTARTS = 2;
/** A forced k gets a sample run only with at least this many sample replies per theme (else k-means restarts). */
const SAMPLE_ROWS_PER_THEME = 10;
/**
 * A reply whose cosine to its theme is below this shares almost nothing with it. 0.02 since naive Bayes votes only
 * with concentrated terms (a reply joins a theme on its one distinctive word, its cosine can be low): at 0.03
 * coverage on stackoverflow fell to 0.95; at 0.02 it is 0.975 and NMI still gains (+0.016).
 */
const MIN_SIMILARITY = 0.02;
/** Word-vector cosine above which a lexically weak reply clearly means what a theme means. */
const MIN_EMBEDDING_SIMILARITY = 0.4;
/**
 * Well-placed rows embedded for the themes' vector centroids when clustering is lexical only. 500 (was 2,000, then
 * 1,000): stackoverflow NMI 0.730 over 8 seeds at each, coverage the same, and the embedding after clustering is
 * the slowest step a cold run has left there (~1,100 texts instead of ~1,600).
 */
const EMBED_SAMPLE = 500;
const MAX_QUOTES = 3;
/**
 * Naive Bayes counts a term only when at least `NB_CONCENTRATION / k` of its uses (capped at half) fall in one theme,
 * i.e. ten times what an evenly spread word gets. Measured with --themes set to the true count: stackoverflow NMI
 * 0.716 → 0.732 (seeds 1, 7: 0.711 → 0.725, 0.708 → 0.728); banking77 0.673 → 0.664; 12 made stackoverflow worse.
 */
const NB_CONCENTRATION = 10;

/** Cosine of row i to centroid q. */
function rowSim(p: Points, c: Centroids, i: number, q: number): number {
  let s = 0;
  const { rowPtr, cols, vals } = p.sparse;
  for (let j = rowPtr[i]!; j < rowPtr[i + 1]!; j++) s += vals[j]! * c.sparse[cols[j]! * c.k + q]!;
  for (let d = 0; d < p.dims; d++) s += p.dense[i * p.dims + d]! * c.dense[d * c.k + q]!;
  return s;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Strings in `compare` order: the default sort orders strings by UTF-16 code units too, without a JS callback per
 * comparison (20 lists of 20,000 ids in all, cold: 6.6 -> 3.1 ms, median of 5).
 */
function sortStrings(list: string[]): string[] {
  return list.sort();
}

/** Distinct strings in a sorted list (equal ones are adjacent). */
function distinctCount(sorted: readonly string[]): number {
  let count = sorted.length > 0 ? 1 : 0;
  for (let x = 1; x < sorted.length; x++) if (sorted[x] !== sorted[x - 1]) count++;
  return count;
}

/**
 * Number of themes when not forced: 1 up to 3 replies, n/5 up to 40, then 4–12 at digest scale, √(n/2) beyond.
 * From `LARGE` replies on this is only the upper bound: `chooseK` picks by silhouette between 4 and it.
 */
export function automaticK(n: number): number {
  if (n <= 3) return 1;
  if (n <= 40) return Math.max(2, Math.min(8, Math.round(n / 5)));
  // Digest scale keeps to 4–12; beyond, √(n/2) grows slowly (≈71 for 10k replies), capped for cost.
  if (n <= 300) return Math.min(12, Math.max(4, Math.round(Math.sqrt(n / 2))));
  return Math.min(120, Math.max(12, Math.round(Math.sqrt(n / 2))));
}

export async function findThemes(
  input: readonly ThemeInput[],
  options: EngineOptions = {},
): Promise<ThemeResult> {
  // The clustering kernels' memory (row matrices copied in) lives as long as some run needs it.
  const release = holdKernels();
  try {
    return await themesOf(input, options);
  } finally {
    release();
  }
}

async function themesOf(input: readonly ThemeInput[], options: EngineOptions): Promise<ThemeResult> {
  // Canonical order: by hashes of text and id (numbers compare far faster than strings: 20,000 replies sorted in
  // ~4 ms instead of ~35), the strings only on a collision.
  const replies = input
    .map((r) => ({ r, a: fnv1a(r.text), b: fnv1a(r.id) }))
    .sort((x, y) => x.a - y.a || x.b - y.b || compare(x.r.text, y.r.text) || compare(x.r.id, y.r.id))
    .map((x) => x.r);
  const n = replies.length;
  if (n === 0) return { themes: [], unthemed: [] };
  const o = {
    lexicalWeight: options.lexicalWeight ?? (n >= LARGE ? 1 : DEFAULTS.lexicalWeight),
    fitSample: options.fitSample ?? DEFAULTS.fitSample,
    restarts: options.restarts ?? DEFAULTS.restarts,
    seed: options.seed ?? DEFAULTS.seed,
  };
  const progress = options.onProgress;
  progress?.(0, 100);
  // Before the lexical features: the default embedder's vectors load in the background meanwhile.
  const embedder = options.embedder === undefined ? winkEmbedder() : options.embedder;

  // min_df grows with size (2 up to 20k replies, 5 at 100k): rare terms cannot shape a theme of thousands, and
  // the centroid width (terms × k) drives clustering cost.
  const { matrix, lexicon, docs, columnOf } = tfidf(
    replies.map((r) => prepareDoc(r.text, r.language)),
    n < 5 ? 1 : Math.max(2, Math.ceil(n / 20_000)),
  );
  progress?.(10, 100);

  const dims = embedder?.dimensions ?? 0;
  const useDense = embedder !== null && o.lexicalWeight < 1;
  let embedding: RowEmbedding | undefined;
  // Clustering on word vectors needs every row embedded now; otherwise (lexical clustering of large inputs)
  // only the rows the rescue step looks at are embedded, after clustering.
  if (embedder && useDense) embedding = await embedRows(embedder, docs, [...Array(n).keys()]);
  progress?.(25, 100);

  // Combine: each part unit length, weighted; a missing part leaves the other at full weight. Without word vectors
  // in the features (large inputs) every lexical part keeps weight 1: nothing to combine.
  const vectors = useDense ? embedding?.x : undefined;
  const dense = vectors
    ? combineParts(matrix, vectors, dims, Math.sqrt(o.lexicalWeight), Math.sqrt(1 - o.lexicalWeight))
    : new Float32Array(0);
  // Every Points in a run is an object literal with the same fields in the same order (vocabulary included; a spread
  // copy gets another hidden class), so the clustering code V8 optimised on one (a sample run's) is not thrown away
  // on meeting another ("wrong map" deoptimisations).
  const points: Points = { n, sparse: matrix, dense, dims: vectors ? dims : 0, vocabulary: matrix.width };
  // The space themes are found in: without background words, and on large inputs single words only (see
  // `withoutColumns`); word pairs still describe the themes found (labels, keywords, quotes, the unthemed cut),
  // all computed in `points`.
  const background = backgroundColumns(lexicon, options.backgroundWords ?? []);
  const dropped = (t: number) => background[t] === 1 || (n >= LARGE && lexicon.terms[t]!.includes(' '));
  const narrowed = n >= LARGE || background.includes(1) ? withoutColumns(matrix, dropped) : undefined;
  const space: Points = narrowed
    ? { n, sparse: narrowed, dense: points.dense, dims: points.dims, vocabulary: narrowed.width }
    : points;

  const unthemed = new Set<number>();
  // Without word vectors a row with no counted words cannot join a theme (with them, rescue decides).
  const live = liveRows(
    space,
    (i) => !embedder || (embedding !== undefined && rowNorm(embedding.x, i, dims) === 0),
    unthemed,
  );

  let clustering: Placement | undefined;
  if (live.length > 0) {
    let fit = live;
    if (live.length > o.fitSample) {
      // Replies are in hash order (see the canonical sort), so an even stride is an order-independent sample.
      const step = live.length / o.fitSample;
      fit = Array.from({ length: o.fitSample }, (_, x) => live[Math.floor(x * step)]!);
    }
    const clusterParams = (k: number): ClusterParams => ({
      ...CLUSTER_DEFAULTS,
      restarts: o.restarts,
      ...options.cluster,
      k,
      seed: o.seed,
      nbMinConcentration: Math.min(0.5, NB_CONCENTRATION / k),
    });
    let k = Math.max(1, Math.min(options.themes ?? automaticK(live.length), live.length));
    // Progress from 25 to 85 %: choosing k (when it runs) up to 45, or a forced k's sample run up to 35, then the
    // clustering run.
    let from = 25;
    let start: ClusterStart | undefined;
    const stride = Math.max(1, Math.floor(fit.length / SAMPLE_RUN_ROWS));
    const rows = Int32Array.from(fit.filter((_, x) => x % stride === 0));
    const large = live.length > SIZE_RULE_UP_TO;
    const chooses = large && options.themes === undefined;
    const forcedFromSample =
      large && options.themes !== undefined && k > 1 && k * SAMPLE_ROWS_PER_THEME <= rows.length;
    if (chooses || forcedFromSample) {
      // Sample runs use the sample's rows and columns alone (same themes as on the whole space, less to pass over).
      const sample = restrictPoints(space, rows);
      const sampleRows = Int32Array.from(rows.keys());
      /** A run on the sample, from restarts or from the themes of a smaller one (indexed by row, as it returns). */
      const sampleRun = (kk: number, previous?: Int32Array): Int32Array => {
        const smaller = previous && { rows: sampleRows, assign: Int32Array.from(rows, (i) => previous[i]!) };
        const local = clusterOnce(
          sample,
          sampleRows,
          { ...clusterParams(kk), restarts: SAMPLE_RUN_RESTARTS },
          undefined,
          smaller,
        ).assign;
        const assign = new Int32Array(n).fill(-1);
        for (let x = 0; x < rows.length; x++) assign[rows[x]!] = local[x]!;
        return assign;
      };
      if (chooses) {
        // Larger inputs: the size rule gives the most themes worth considering; silhouette picks among them.
        const kMax = k;
        from = 45;
        const choice = chooseK(space, {
          kMin: 4,
          kMax,
          rows,
          silhouetteRows: SILHOUETTE_ROWS,
          fit: (kk, _, previous) => {
            // Candidates come in ascending k, and a candidate's cost grows with k.
            progress?.(25 + Math.round((20 * kk) / kMax), 100);
            // Each candidate starts from the previous one's themes, not from restarts (see choose-k.ts).
            return sampleRun(kk, previous);
          },
        });
        k = choice.k;
        // The final run starts from the chosen candidate's themes instead of k-means restarts: on banking77 NMI rose
        // on 6 of 6 seeds (median 0.620 → 0.628), stackoverflow kept 0.729, and the restarts' cost is saved.
        if (choice.assign) start = { rows, assign: choice.assign };
      } else {
        from = 35;
        start = { rows, assign: sampleRun(k) };
        progress?.(from, 100);
      }
    }
    const params = clusterParams(k);
    const fitRows = Int32Array.from(fit);
    const all = Int32Array.from(live);
    // Over k-means iterations and merge–split moves (an upper bound: runs stop early; a run from a start restarts
    // nothing).
    const steps = (start ? 0 : params.restarts * params.restartIter) + params.finalIter + params.maxMoves;
    let step = 0;
    const run = clusterOnce(
      space,
      fitRows,
      params,
      () => progress?.(from + Math.round(((85 - from) * Math.min(++step, steps)) / steps), 100),
      start,
    );
    progress?.(85, 100);
    clustering = {
      centroids: emptyCentroids(space, k),
      assign: run.assign,
      sim: new Float32Array(n),
    };
    if (fit !== live) {
      // Rows outside the fit start on their nearest centroid (of the fitted rows).
      updateCentroids(space, clustering.centroids, fitRows, clustering.assign, clustering.sim);
      const inFit = new Uint8Array(n);
      for (const i of fit) inFit[i] = 1;
      const rest = all.filter((i) => inFit[i] === 0);
      assignRows(space, clustering.centroids, rest, clustering.assign, clustering.sim);
      // Naive Bayes then places every reply, as it placed the fitted ones: with the rest left on their nearest
      // centroid, NMI fell to 0.706 (16 seeds); with these rounds it is 0.731, as when fitting all 20,000.
      refineNaiveBayes(
        space,
        clustering.assign,
        all,
        k,
        REST_ROUNDS,
        CLUSTER_DEFAULTS.nbSmoothing,
        params.nbMinConcentration,
      );
    }
    // Themes are described in the full feature space.
    if (space !== points) clustering.centroids = emptyCentroids(points, k);
    updateCentroids(points, clustering.centroids, all, clustering.assign, clustering.sim);
    for (const i of all) clustering.sim[i] = rowSim(points, clustering.centroids, i, clustering.assign[i]!);
    if (embedder) {
      if (!embedding) {
        // Rows to rescue, plus an evenly strided sample of well-placed rows for the themes' vector centroids.
        const isLive = new Uint8Array(n);
        for (const i of live) isLive[i] = 1;
        const c = clustering;
        const weak: number[] = [];
        const strong: number[] = [];
        for (let i = 0; i < n; i++) (isLive[i] && c.sim[i]! >= MIN_SIMILARITY ? strong : weak).push(i);
        // Rows are in hash order (the canonical sort), so an even stride is an order-independent sample, with no
        // second hash of every reply (was ~12 ms of a cold stackoverflow run; NMI over 16 seeds unchanged, 0.730).
        const every = strong.length / EMBED_SAMPLE;
        const sample =
          strong.length <= EMBED_SAMPLE
            ? strong
            : Array.from({ length: EMBED_SAMPLE }, (_, x) => strong[Math.floor(x * every)]!);
        embedding = await embedRows(
          embedder,
          docs,
          [...weak, ...sample].sort((x, y) => x - y),
        );
      }
      rescue(embedding, dims, clustering, live, n, unthemed);
    }
  }
  progress?.(90, 100);

  // 1 for the rows buildThemes puts in a theme.
  const themed = new Uint8Array(n);
  const themes = clustering
    ? buildThemes(
        replies,
        docs,
        columnOf,
        embedding,
        dims,
        lexicon.terms,
        lexicon.surface,
        background,
        clustering,
        unthemed,
        themed,
      )
    : [];
  progress?.(100, 100);
  // Every reply lands once: in a theme, or unthemed (also rows no step could place, e.g. no counted words).
  const rest: string[] = [];
  for (let i = 0; i < n; i++) if (themed[i] === 0) rest.push(replies[i]!.id);
  // An id a themed reply has is not listed unthemed, even when another reply shares it (ids are not checked
  // unique here). Looked up in the few unthemed ids, not a Set of all 20,000 (~13 → 5 ms on stackoverflow, cold).
  const taken = new Set<string>();
  if (rest.length > 0) {
    const restIds = new Set(rest);
    for (const t of themes) for (const id of t.replyIds) if (restIds.has(id)) taken.add(id);
  }
  return { themes, unthemed: sortStrings(taken.size > 0 ? rest.filter((id) => !taken.has(id)) : rest) };
}

/**
 * The matrix without the columns `dropped` names, each row scaled back to its norm. Word pairs are dropped on large
 * inputs: measured over seeds with --themes set to the true count, stackoverflow NMI is 0.732 either way (8 seeds)
 * and banking77 0.658 → 0.670 (3 seeds): pairs add little to clustering beyond their two words, and they are 57 % of
 * stackoverflow's columns (17 % of its non-zeros), which every width × k pass pays for.
 */
function withoutColumns(m: Sparse, dropped: (column: number) => boolean): Sparse {
  const colOf = new Int32Array(m.width).fill(-1);
  let width = 0;
  for (let t = 0; t < m.width; t++) if (!dropped(t)) colOf[t] = width++;
  const rowPtr = new Int32Array(m.rowPtr.length);
  const cols = new Int32Array(m.cols.length);
  const vals = new Float32Array(m.cols.length);
  let nnz = 0;
  for (let i = 0; i + 1 < m.rowPtr.length; i++) {
    const start = nnz;
    let kept = 0;
    let whole = 0;
    for (let j = m.rowPtr[i]!; j < m.rowPtr[i + 1]!; j++) {
      whole += m.vals[j]! ** 2;
      const c = colOf[m.cols[j]!]!;
      if (c < 0) continue;
      cols[nnz] = c;
      vals[nnz] = m.vals[j]!;
      kept += m.vals[j]! ** 2;
      nnz++;
    }
    // The row keeps its norm (its weight against a dense part, when there is one).
    const scale = kept > 0 ? Math.sqrt(whole / kept) : 0;
    for (let j = start; j < nnz; j++) vals[j]! *= scale;
    rowPtr[i + 1] = nnz;
  }
  return { rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz), width };
}

/** A word of a background phrase counts as background alone when at least this share of its uses are in the phrase. */
const BACKGROUND_SHARE = 0.8;

/**
 * Columns of background words (see `ThemeOptions.backgroundWords`), 1 where a column is one: a one-word entry's
 * stem and every pair with it; a phrase's word pairs, and each of its words that is mostly used inside the phrase
 * ("bowling" in "Bowling Green", but not "green" when residents also write about green spaces).
 */
function backgroundColumns(lexicon: Lexicon, words: readonly string[]): Uint8Array {
  const out = new Uint8Array(lexicon.terms.length);
  if (words.length === 0) return out;
  const col = new Map(lexicon.terms.map((t, c) => [t, c]));
  const single = new Set<string>();
  for (const entry of words) {
    const tokens = tokenize(entry).map((t) => t.word);
    for (const lang of ['en', 'fr'] as const) {
      const stems = tokens.map((w) => stem(w, lang));
      if (stems.length === 1) single.add(stems[0]!);
      for (let x = 0; x + 1 < stems.length; x++) {
        const pair = col.get(`${stems[x]} ${stems[x + 1]}`);
        if (pair === undefined) continue;
        out[pair] = 1;
        for (const s of [stems[x]!, stems[x + 1]!]) {
          const c = col.get(s);
          if (c !== undefined && lexicon.df[pair]! >= BACKGROUND_SHARE * lexicon.df[c]!) single.add(s);
        }
      }
    }
  }
  lexicon.terms.forEach((t, c) => {
    if (t.split(' ').some((s) => single.has(s))) out[c] = 1;
  });
  return out;
}

function rowNorm(x: Float32Array, i: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += x[i * dims + d]! ** 2;
  return Math.sqrt(s);
}

function normalizeRows(x: Float32Array, n: number, dims: number): void {
  for (let i = 0; i < n; i++) {
    const norm = rowNorm(x, i, dims);
    if (norm > 0) for (let d = 0; d < dims; d++) x[i * dims + d]! /= norm;
  }
}

/** Embeddings of some rows: row i of the input is row `at[i]` of `x` (unit length or zero), or absent (-1). */
interface RowEmbedding {
  x: Float32Array;
  at: Int32Array;
}

async function embedRows(
  embedder: Embedder,
  docs: readonly Doc[],
  rows: readonly number[],
): Promise<RowEmbedding> {
  const dims = embedder.dimensions;
  const some = rows.map((i) => docs[i]!);
  const x = await (embedder.embedDocs ? embedder.embedDocs(some) : embedder.embed(some.map((d) => d.text)));
  if (x.length !== rows.length * dims) throw new Error('embedder returned a wrong-sized matrix');
  normalizeRows(x, rows.length, dims);
  const at = new Int32Array(docs.length).fill(-1);
  rows.forEach((i, r) => {
    at[i] = r;
  });
  return { x, at };
}

/**
 * Rows with words to group by, ascending; rows without (a reply of background words only, "BG!") that `unthemable`
 * accepts go to `unthemed`. A function of its own, like the other loops of findThemes, so V8 does not optimise
 * findThemes while it is in one loop and throw the code away at the next.
 */
function liveRows(space: Points, unthemable: (i: number) => boolean, unthemed: Set<number>): number[] {
  const live: number[] = [];
  for (let i = 0; i < space.n; i++) {
    if (!isZeroRow(space, i)) live.push(i);
    else if (unthemable(i)) unthemed.add(i);
  }
  return live;
}

/**
 * Weights each row's parts so both count: lexical values × `a`, word vectors × `b` (each part unit length); a row
 * with one part keeps it at full weight. Scales `matrix` in place and returns the weighted vectors.
 */
function combineParts(matrix: Sparse, x: Float32Array, dims: number, a: number, b: number): Float32Array {
  const n = matrix.rowPtr.length - 1;
  const dense = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const hasLex = matrix.rowPtr[i + 1]! > matrix.rowPtr[i]!;
    const hasDense = rowNorm(x, i, dims) > 0;
    const wl = hasDense ? a : 1;
    for (let j = matrix.rowPtr[i]!; j < matrix.rowPtr[i + 1]!; j++) matrix.vals[j]! *= wl;
    if (hasDense) {
      const wd = hasLex ? b : 1;
      for (let d = 0; d < dims; d++) dense[i * dims + d] = x[i * dims + d]! * wd;
    }
  }
  return dense;
}

/**
 * Replies whose words barely overlap their theme (or that have no counted words at all, e.g. a one-word reply)
 * move to the theme whose members mean the same thing, when the word vectors clearly say so; the rest stay
 * unthemed. Marks `sim` of rescued rows with their embedding similarity.
 */
function rescue(
  { x: embedding, at }: RowEmbedding,
  dims: number,
  c: Placement,
  live: readonly number[],
  n: number,
  unthemed: Set<number>,
): void {
  const k = c.centroids.k;
  const strong = new Uint8Array(n);
  const cent = vectorCentroids(embedding, at, dims, c, live, strong);
  for (let i = 0; i < n; i++) {
    // Every row that is not strong is embedded (see findThemes); a zero vector means no known word.
    if (strong[i] || at[i]! < 0 || rowNorm(embedding, at[i]!, dims) === 0) {
      if (!strong[i]) unthemed.add(i);
      continue;
    }
    const o = at[i]! * dims;
    let bq = -1;
    let bs = -Infinity;
    for (let q = 0; q < k; q++) {
      const s = dotAt(embedding, o, cent, q * dims, dims);
      if (s > bs) [bs, bq] = [s, q];
    }
    if (bq >= 0 && bs >= MIN_EMBEDDING_SIMILARITY) {
      c.assign[i] = bq;
      // Lowest themed similarity: a rescued reply is a member, never the theme's best quote.
      c.sim[i] = MIN_SIMILARITY;
      unthemed.delete(i);
    } else {
      c.sim[i] = 0;
      c.assign[i] = Math.max(0, c.assign[i]!);
    }
  }
}

// The loops of `rescue` are functions of their own: V8 threw away the code it optimised during the first loop at
// the next one it had not yet run (as in kmeans.ts and pca.ts).

/** Unit word-vector centroids of the themes from their strong members (marked in `strong`). */
function vectorCentroids(
  embedding: Float32Array,
  at: Int32Array,
  dims: number,
  c: Placement,
  live: readonly number[],
  strong: Uint8Array,
): Float64Array {
  const k = c.centroids.k;
  const cent = new Float64Array(k * dims);
  for (const i of live) {
    if (c.sim[i]! < MIN_SIMILARITY) continue;
    strong[i] = 1;
    const q = c.assign[i]!;
    const o = at[i]! * dims;
    if (o >= 0) for (let d = 0; d < dims; d++) cent[q * dims + d]! += embedding[o + d]!;
  }
  for (let q = 0; q < k; q++) normalizeAt(cent, q * dims, dims);
  return cent;
}

function normalizeAt(v: Float64Array, o: number, dims: number): void {
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += v[o + d]! ** 2;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < dims; d++) v[o + d]! /= norm;
}

function dotAt(a: Float32Array, ao: number, b: Float64Array, bo: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += a[ao + d]! * b[bo + d]!;
  return s;
}

function centroidWeight(c: Centroids, q: number, col: number): number {
  return c.sparse[col * c.k + q]!;
}

function buildThemes(
  replies: readonly ThemeInput[],
  docs: readonly Doc[],
  columnOf: Int32Array,
  embedding: RowEmbedding | undefined,
  dims: number,
  terms: readonly string[],
  surface: readonly string[],
  background: Uint8Array,
  clustering: Placement,
  unthemed: Set<number>,
  themed: Uint8Array,
): Theme[] {
  const { centroids: c, assign, sim } = clustering;
  const n = replies.length;
  const minSize = n >= 20 ? 2 : 1;
  const members: number[][] = Array.from({ length: c.k }, () => []);
  for (let i = 0; i < n; i++) {
    if (unthemed.has(i)) continue;
    if (sim[i]! < MIN_SIMILARITY - 1e-6) unthemed.add(i);
    else members[assign[i]!]!.push(i);
  }
  const themes: Array<Theme & { first: string }> = [];
  for (let q = 0; q < c.k; q++) {
    const m = members[q]!;
    if (m.length === 0) continue;
    if (m.length < minSize) {
      for (const i of m) unthemed.add(i);
      continue;
    }
    // Most central first; ties by canonical order.
    m.sort((x, y) => sim[y]! - sim[x]! || x - y);
    const keywords = pickKeywords(c, q, terms.length, surface, background);
    const central = m.slice(0, 200).map((i) => docs[i]!);
    const label =
      pickLabel(central, (feature) => {
        const t = columnIn(columnOf, feature);
        // A phrase with a background word is never a label.
        return t < 0 ? 0 : background[t] === 1 ? Number.NEGATIVE_INFINITY : centroidWeight(c, q, t);
      }) ??
      (keywords.slice(0, 2).join(', ') || replies[m[0]!]!.text.trim().split(/\s+/u).slice(0, 4).join(' '));
    const quotes = pickQuotes(m, replies);
    const ids = sortStrings(m.map((i) => replies[i]!.id));
    // Without participant ids these are the distinct reply ids, adjacent in the sorted list: no Set of strings.
    const participants = m.some((i) => replies[i]!.participantId !== undefined)
      ? new Set(m.map((i) => replies[i]!.participantId ?? replies[i]!.id)).size
      : distinctCount(ids);
    for (const i of m) themed[i] = 1;
    const theme: Theme & { first: string } = {
      id: '',
      label,
      keywords,
      replyIds: ids,
      quotes,
      participants,
      first: ids[0]!,
    };
    const centroid = embedding ? denseCentroid(embedding, dims, m) : undefined;
    if (centroid) theme.centroid = centroid;
    themes.push(theme);
  }
  themes.sort((x, y) => y.replyIds.length - x.replyIds.length || compare(x.first, y.first));
  return themes.map(({ first: _first, ...t }, i) => ({ ...t, id: `t${i + 1}` }));
}

/** Centroid columns by weight (heaviest first, ties by column): the `limit` heaviest, or all when limit is 0. */
function heaviestColumns(c: Centroids, q: number, width: number, limit: number): number[] {
  const heavier = (x: number, y: number) => {
    const d = centroidWeight(c, q, x) - centroidWeight(c, q, y);
    return d > 0 || (d === 0 && x < y);
  };
  const top: number[] = [];
  for (let t = 0; t < width; t++) {
    if (!(centroidWeight(c, q, t) > 0)) continue;
    if (limit > 0 && top.length === limit && !heavier(t, top[limit - 1]!)) continue;
    // Insertion into the sorted prefix: a theme's centroid has thousands of non-zero columns, few are needed.
    let at = top.length;
    while (at > 0 && heavier(t, top[at - 1]!)) at--;
    top.splice(at, 0, t);
    if (limit > 0 && top.length > limit) top.pop();
  }
  return top;
}

/** Up to five keywords: surface forms of the heaviest columns, skipping words a chosen bigram already shows. */
function pickKeywords(
  c: Centroids,
  q: number,
  width: number,
  surface: readonly string[],
  background: Uint8Array,
): string[] {
  for (const limit of [48, 0]) {
    const keywords: string[] = [];
    const cols = heaviestColumns(c, q, width, limit);
    for (const t of cols) {
      if (background[t] === 1) continue;
      const s = surface[t]!;
      if (keywords.some((kw) => kw === s || kw.split(' ').includes(s))) continue;
      keywords.push(s);
      if (keywords.length === 5) return keywords;
    }
    // Fewer than five distinct keywords among the heaviest: only the full ranking can tell.
    if (cols.length < limit || limit === 0) return keywords;
  }
  return [];
}

/**
 * Unit mean of the members' embedding part (of the embedded members, on large inputs): comparable across runs of
 * the same embedder (unlike TF-IDF columns).
 */
function denseCentroid({ x, at }: RowEmbedding, dims: number, rows: readonly number[]): number[] | undefined {
  if (dims === 0) return undefined;
  const sum = new Float64Array(dims);
  for (const i of rows) {
    const o = at[i]! * dims;
    if (o >= 0) for (let d = 0; d < dims; d++) sum[d]! += x[o + d]!;
  }
  const norm = hypot(sum);
  if (norm === 0) return undefined;
  return [...sum].map((v) => Math.round((v / norm) * 1e6) / 1e6);
}

/** Words of a reply without placeholders (`[email]`) or punctuation, lower-cased. */
function quoteWords(text: string): string[] {
  return text
    .replace(PLACEHOLDER, ' ')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * 1–3 quotes, most central first, that an organizer can read out: at least four words of the
 * resident's own (not "Yes, please!" or a lone `[email]`), and not near-copies of each other.
 * Only when a theme has no such reply do shorter ones stand in.
 */
function pickQuotes(members: readonly number[], replies: readonly ThemeInput[]): Theme['quotes'] {
  const quotes: Theme['quotes'] = [];
  const taken: Array<Set<string>> = [];
  for (const minWords of [4, 1]) {
    for (const i of members) {
      if (quotes.length === MAX_QUOTES) return quotes;
      const words = quoteWords(replies[i]!.text);
      if (words.length < minWords) continue;
      const set = new Set(words);
      if (taken.some((t) => jaccard(t, set) >= 0.6)) continue;
      taken.push(set);
      quotes.push({ replyId: replies[i]!.id, text: replies[i]!.text });
    }
    if (quotes.length > 0) return quotes;
  }
  return quotes;
}
