/**
 * Spherical k-means (cosine) on rows made of a sparse part and a dense part, each row of unit length.
 *
 * Centroids are stored feature-major (`feature * k + cluster`) so scoring one row against every centroid walks its
 * few non-zeros and dense values once, each over a contiguous run of k floats.
 * Determinism: seeded k-means++ (mulberry32), ties broken by lowest index, restarts compared by objective.
 */

import type { Sparse } from './features.js';
import {
  activeColumnsKernel,
  assignRowsKernel,
  clusterSumsKernel,
  type KernelRowsWide,
  kmeansPlusPlusKernel,
  lloydKernel,
  naiveBayesKernel,
  nextBestKernel,
  spreadTermKernel,
  sumNormKernel,
  updateCentroidsKernel,
} from './wasm/kernels.js';

/** Rows to cluster. Their arrays do not change once built: the kernels copy them once and look them up by identity. */
export interface Points {
  n: number;
  sparse: Sparse;
  /** n × dims, row-major; may have dims = 0. */
  dense: Float32Array;
  dims: number;
  /**
   * Terms naive Bayes smooths over (default `sparse.width`). A copy restricted to some rows' columns (see
   * `restrictPoints`) keeps its parent's, so a run on it places rows exactly as on the parent.
   */
  vocabulary?: number;
}

export interface Centroids {
  k: number;
  sparse: Float32Array; // width × k
  dense: Float32Array; // dims × k
}

export interface Clustering {
  centroids: Centroids;
  assign: Int32Array;
  /** Cosine of each row to its centroid. */
  sim: Float32Array;
  objective: number;
}

/** The points as the kernels read them (the arrays themselves, not copies). */
export function kernelRows(p: Points): KernelRowsWide {
  const { rowPtr, cols, vals, width } = p.sparse;
  return { rowPtr, cols, vals, width, dense: p.dense, dims: p.dims };
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isZeroRow(p: Points, i: number): boolean {
  if (p.sparse.rowPtr[i + 1]! > p.sparse.rowPtr[i]!) return false;
  const o = i * p.dims;
  for (let d = 0; d < p.dims; d++) if (p.dense[o + d] !== 0) return false;
  return true;
}

export function emptyCentroids(p: Points, k: number): Centroids {
  return { k, sparse: new Float32Array(p.sparse.width * k), dense: new Float32Array(p.dims * k) };
}

function setCentroidFromRow(p: Points, c: Centroids, q: number, i: number): void {
  const { rowPtr, cols, vals } = p.sparse;
  for (let j = rowPtr[i]!; j < rowPtr[i + 1]!; j++) c.sparse[cols[j]! * c.k + q] = vals[j]!;
  const o = i * p.dims;
  for (let d = 0; d < p.dims; d++) c.dense[d * c.k + q] = p.dense[o + d]!;
}

/** k-means++ seeding over the given candidate rows (all non-zero); the picking runs as a kernel (`kmeans_pp`). */
function seed(p: Points, rows: Int32Array, k: number, rand: () => number): Centroids {
  const c = emptyCentroids(p, k);
  const picks = kmeansPlusPlusKernel(kernelRows(p), rows, k, rand);
  for (let q = 0; q < k; q++) setCentroidFromRow(p, c, q, picks[q]!);
  return c;
}

/** Assigns `rows` to their nearest centroid; returns the summed similarity. (The loop is a kernel, see wasm/kernels.ts.) */
export function assignRows(
  p: Points,
  c: Centroids,
  rows: Int32Array,
  assign: Int32Array,
  sim: Float32Array,
): number {
  return assignRowsKernel(kernelRows(p), c, rows, assign, sim);
}

/**
 * Squared norm of each centroid column (feature-major layout, so no modulo in the hot loop). With `active`
 * (ascending sparse columns), only those columns: the others are known to be zero.
 */
function columnNorms(c: Centroids, active?: Int32Array): Float64Array {
  const norms = new Float64Array(c.k);
  if (active) addActiveSquares(c.sparse, active, norms);
  else addSquares(c.sparse, norms);
  addSquares(c.dense, norms);
  return norms;
}

// The loops below scale centroids in JavaScript only after an empty theme was reseeded (the kernels do it otherwise).
// Each is a small function of its own: V8 compiles a long loop on the fly (on-stack replacement) and that code,
// meeting the caller's not-yet-run lines after the loop, was thrown away and rebuilt on every call.

/** norms[q] += Σ_t table[t·k + q]², columns in order. */
function addSquares(table: Float32Array, norms: Float64Array): void {
  const k = norms.length;
  for (let base = 0; base < table.length; base += k) {
    for (let q = 0; q < k; q++) {
      const v = table[base + q]!;
      norms[q]! += v * v;
    }
  }
}

function addActiveSquares(table: Float32Array, active: Int32Array, norms: Float64Array): void {
  const k = norms.length;
  for (let a = 0; a < active.length; a++) {
    const base = active[a]! * k;
    for (let q = 0; q < k; q++) {
      const v = table[base + q]!;
      norms[q]! += v * v;
    }
  }
}

function scaleColumns(c: Centroids, factors: Float64Array, active?: Int32Array): void {
  if (active) scaleActive(c.sparse, active, factors);
  else scaleAll(c.sparse, factors);
  scaleAll(c.dense, factors);
}

function scaleAll(table: Float32Array, factors: Float64Array): void {
  const k = factors.length;
  for (let base = 0; base < table.length; base += k)
    for (let q = 0; q < k; q++) table[base + q]! *= factors[q]!;
}

function scaleActive(table: Float32Array, active: Int32Array, factors: Float64Array): void {
  const k = factors.length;
  for (let a = 0; a < active.length; a++) {
    const base = active[a]! * k;
    for (let q = 0; q < k; q++) table[base + q]! *= factors[q]!;
  }
}

/** The sparse columns `rows` use, ascending (a kernel, `active_columns`). */
export function activeColumns(p: Points, rows: Int32Array): Int32Array {
  return activeColumnsKernel(kernelRows(p), rows);
}

/**
 * Recomputes unit centroids as normalised member sums; empty clusters take the worst-fitting rows.
 * `active` (the columns `rows` use, see `activeColumns`) limits the clearing and normalising to those columns:
 * on a 2,000-row restart sample they are a third of stackoverflow's 9,000, and these width × k passes, not the
 * rows, were most of a restart's cost. Columns outside it must be zero in `c`.
 */
export function updateCentroids(
  p: Points,
  c: Centroids,
  rows: Int32Array,
  assign: Int32Array,
  sim: Float32Array,
  active?: Int32Array,
): void {
  // A kernel (`update_centroids`); all columns, in order, when no active ones are given.
  const columns = active ?? allColumns(p.sparse.width);
  if (updateCentroidsKernel(kernelRows(p), c, rows, assign, columns)) return;
  const themes = Int32Array.from(rows, (i) => assign[i]!);
  const counts = new Int32Array(c.k);
  for (const q of themes) counts[q]!++;
  reseedEmpty(
    p,
    c,
    rows,
    themes,
    Float32Array.from(rows, (i) => sim[i]!),
    counts,
  );
  for (let x = 0; x < rows.length; x++) assign[rows[x]!] = themes[x]!;
  normalizeCentroids(c, active);
}

let columnList = new Int32Array(0);

/** 0, 1, …, width − 1 (a view of one shared list). */
function allColumns(width: number): Int32Array {
  if (columnList.length < width)
    columnList = Int32Array.from({ length: Math.max(width, 2 * columnList.length) }, (_, t) => t);
  return columnList.subarray(0, width);
}

/** Scales each centroid to unit length (a zero one stays zero); `active` as in `updateCentroids`. */
function normalizeCentroids(c: Centroids, active?: Int32Array): void {
  const norms = columnNorms(c, active);
  for (let q = 0; q < c.k; q++) norms[q] = norms[q]! > 0 ? 1 / Math.sqrt(norms[q]!) : 0;
  scaleColumns(c, norms, active);
}

/**
 * Empty clusters: reseed from the rows farthest from their centroid (stable order: by sim, then row). `assign` and
 * `sim` are by position in `rows`.
 */
function reseedEmpty(
  p: Points,
  c: Centroids,
  rows: Int32Array,
  assign: Int32Array,
  sim: Float32Array,
  counts: Int32Array,
): void {
  const empty: number[] = [];
  for (let q = 0; q < c.k; q++) if (counts[q] === 0) empty.push(q);
  const worst = [...rows.keys()].sort((x, y) => sim[x]! - sim[y]! || rows[x]! - rows[y]!);
  let w = 0;
  for (const q of empty) {
    while (w < worst.length && counts[assign[worst[w]!]!]! <= 1) w++;
    if (w >= worst.length) break;
    const x = worst[w++]!;
    counts[assign[x]!]!--;
    assign[x] = q;
    counts[q] = 1;
    setCentroidFromRow(p, c, q, rows[x]!);
  }
}

export interface KMeansOptions {
  k: number;
  restarts: number;
  maxIter: number;
  /** Iterations of the best restart on all rows (default `maxIter`). */
  finalIter?: number;
  seed: number;
  /** Rows to fit on (non-zero rows); all other rows are assigned at the end by the caller. */
  rows: Int32Array;
  /** Rows per restart (strided sample of `rows`). */
  restartSample: number;
  /** Centroids to refine on `rows` instead of restarts (e.g. those of a clustering run on a sample). */
  start?: Centroids;
  onIteration?: () => void;
}

/** A k-means run on some rows: each row's theme and cosine to it by position in those rows, and the centroids. */
interface Fit {
  centroids: Centroids;
  assign: Int32Array;
  sim: Float32Array;
  objective: number;
}

function lloyd(p: Points, c: Centroids, rows: Int32Array, maxIter: number, onIteration?: () => void): Fit {
  const assign = new Int32Array(rows.length).fill(-1);
  const sim = new Float32Array(rows.length);
  const prev = new Int32Array(rows.length).fill(-1);
  const matrix = kernelRows(p);
  const active = activeColumns(p, rows);
  let objective = 0;
  // The loop runs as a kernel (wasm/kernels.wat `lloyd`: it stops once at most 0.5 % of rows change theme). It hands
  // back when a theme is left empty; the rest of that step (reseeding from the worst-fitting rows) is done here.
  for (let left = maxIter; left > 0; ) {
    const step = lloydKernel(matrix, c, rows, active, left, assign, sim, prev);
    for (let x = 0; x < step.passes; x++) onIteration?.();
    objective = step.objective;
    left -= step.passes;
    if (!step.empty) break;
    const counts = new Int32Array(c.k);
    for (const q of assign) counts[q]!++;
    reseedEmpty(p, c, rows, assign, sim, counts);
    normalizeCentroids(c, active);
  }
  return { centroids: c, assign, sim, objective };
}

/**
 * Restarts are cheap and decisive on short texts (Lloyd's method lands in very different local optima), so each
 * restart runs on an evenly strided sample of `restartSample` rows; the best by objective is then refined on all rows.
 * Themes by position in `o.rows` (-1 for rows outside the sample when there are fewer rows than themes).
 */
function kmeansFit(p: Points, o: KMeansOptions): Fit {
  if (o.start) return lloyd(p, o.start, o.rows, o.finalIter ?? o.maxIter, o.onIteration);
  const k = Math.max(1, Math.min(o.k, o.rows.length));
  const step = Math.max(1, Math.floor(o.rows.length / o.restartSample));
  const sample = step > 1 ? o.rows.filter((_, x) => x % step === 0) : o.rows;
  let best: Fit | undefined;
  for (let r = 0; r < o.restarts; r++) {
    const rand = mulberry32(o.seed + r * 7919);
    const c = seed(p, sample, Math.min(k, sample.length), rand);
    const result = lloyd(p, c, sample, o.maxIter, o.onIteration);
    if (!best || result.objective > best.objective + 1e-9) best = result;
  }
  if (sample === o.rows) return best!;
  if (best!.centroids.k < k) {
    // Sample row x is row x · step of o.rows.
    const assign = new Int32Array(o.rows.length).fill(-1);
    const sim = new Float32Array(o.rows.length);
    for (let x = 0; x < sample.length; x++) {
      assign[x * step] = best!.assign[x]!;
      sim[x * step] = best!.sim[x]!;
    }
    return { ...best!, assign, sim };
  }
  return lloyd(p, best!.centroids, o.rows, o.finalIter ?? o.maxIter, o.onIteration);
}

/** `kmeansFit` with each row's theme and cosine indexed by row (-1 and 0 for rows not in `o.rows`). */
export function sphericalKMeans(p: Points, o: KMeansOptions): Clustering {
  const fit = kmeansFit(p, o);
  const assign = new Int32Array(p.n).fill(-1);
  const sim = new Float32Array(p.n);
  for (let x = 0; x < o.rows.length; x++) {
    assign[o.rows[x]!] = fit.assign[x]!;
    sim[o.rows[x]!] = fit.sim[x]!;
  }
  return { centroids: fit.centroids, assign, sim, objective: fit.objective };
}

/**
 * Hard-EM refinement with a multinomial naive Bayes model over term presence. On short texts k-means centroids
 * blur over generic words; NB log-odds reward the few distinctive words a theme shares (e.g. a product name), much
 * like NMF's parts-based topics. Only rows with lexical features move. Returns the number of EM rounds run.
 *
 * A round: term × theme counts of `rows`; with `minConcentration`, only terms concentrated in one theme vote (a
 * word spread over many themes, "error", "file", "using", adds noise to every score and pulls replies towards
 * whichever theme happens to use it most; totals count voting terms only); then each row with a voting term moves to
 * its most likely theme under a uniform prior (a size prior lets big clusters swallow small ones on short texts),
 * never shrinking a theme below two replies (a forced theme count must stay met). Rounds stop once at most 0.1 % of
 * rows move. The rounds run as a kernel (wasm/kernels.wat `nb_rounds`).
 */
export function refineNaiveBayes(
  p: Points,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
  rounds: number,
  smoothing = 0.1,
  minConcentration = 0,
): number {
  return naiveBayesKernel(p.sparse, rows, assign, {
    k,
    rounds,
    smoothing,
    vocabulary: p.vocabulary ?? p.sparse.width,
    minConcentration,
    // log P(t|q) = base[q] + bonus[t,q], where bonus is 0 for unseen terms: a table of logs for the integer counts.
    logTable: logTable(smoothing, rows.length),
  });
}

const logTables = new Map<number, Float64Array>();

/** log((c + smoothing) / smoothing) for c = 0..max, cached per smoothing (grown when a larger max is asked). */
function logTable(smoothing: number, max: number): Float64Array {
  let t = logTables.get(smoothing);
  if (!t || t.length <= max) {
    t = new Float64Array(max + 1);
    for (let c = 0; c <= max; c++) t[c] = Math.log((c + smoothing) / smoothing);
    logTables.set(smoothing, t);
  }
  return t;
}

/** Each theme's ‖member sum‖ and size (a kernel, `cluster_sums`). */
function clusterSums(
  p: Points,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
): { norms: Float64Array; sizes: Int32Array } {
  return clusterSumsKernel(kernelRows(p), rows, assign, k, 'none');
}

/** Unit centroids of the themes' member sums (an empty theme's stays zero), with the sums' norms and the sizes. */
function unitSums(
  p: Points,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
): { c: Centroids; norms: Float64Array; sizes: Int32Array } {
  const { sparse, dense, norms, sizes } = clusterSumsKernel(kernelRows(p), rows, assign, k, 'unit');
  return { c: { k, sparse: sparse!, dense: dense! }, norms, sizes };
}

/** ‖Σ rows‖ for a subset of rows. */
function sumNorm(p: Points, rows: Int32Array): number {
  return sumNormKernel(kernelRows(p), rows);
}

/** The fitted rows that use each term (compressed columns): `rows[start[t] .. start[t + 1])`, ascending. */
interface RowsByTerm {
  start: Int32Array;
  rows: Int32Array;
}

function rowsByTerm(p: Points, rows: Int32Array): RowsByTerm {
  const { rowPtr, cols, width } = p.sparse;
  const start = new Int32Array(width + 1);
  for (const i of rows) for (let j = rowPtr[i]!; j < rowPtr[i + 1]!; j++) start[cols[j]! + 1]!++;
  for (let t = 0; t < width; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, width);
  const out = new Int32Array(start[width]!);
  for (const i of rows) for (let j = rowPtr[i]!; j < rowPtr[i + 1]!; j++) out[fill[cols[j]!]!++] = i;
  return { start, rows: out };
}

/**
 * Merge–split budget per round, measured over 16 stackoverflow seeds (NMI mean 0.733 → 0.732, banking77 0.658
 * either way) for half the round's time (≈ 55 → 30 ms): each proposed split's 2-means restarts run on a
 * 400-row sample of the theme and then 3 iterations on all of it; the loss of dissolving a theme is estimated from
 * every fourth row (scaled up); four spread words are examined, not eight.
 */
const SPLIT_SAMPLE = 400;
const LOSS_STRIDE = 4;
/** Themes examined per merge–split round as split proposals. */
const SPLIT_CANDIDATES = 3;
/** Terms examined per merge–split round as "spread" proposals. */
const SPREAD_CANDIDATES = 4;

/**
 * A frequent word that no theme holds (no theme has half of its uses), proposed as a theme of its own: all the
 * replies that use it. This is the move the split proposal cannot make: when a topic's replies are scattered thinly
 * over many themes (stackoverflow, one seed: "sharepoint" titles spread over 20 themes while "svn" took two), no
 * split of one theme gathers them, and naive Bayes cannot either, since a spread word does not vote. Returns the
 * candidate with the best objective gain Σ_q (‖S_q − T_q‖ − ‖S_q‖) + ‖Σ_q T_q‖, where S_q is theme q's member sum
 * and T_q the part of it from replies using the word. Generic words ("using", "error") form incoherent groups and
 * lose on this gain, as they should.
 */
function spreadTerm(
  p: Points,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
  unit: Centroids,
  norms: Float64Array,
  byTerm: RowsByTerm,
): { rows: Int32Array; gain: number } | undefined {
  // The scan and the gains run as a kernel (`spread_term`); candidates come most used first (ties: lower term).
  const candidates = spreadTermKernel(
    kernelRows(p),
    byTerm,
    assign,
    unit,
    norms,
    Math.max(4, Math.floor(rows.length / (2 * k))),
    SPREAD_CANDIDATES,
  );
  let best: { rows: Int32Array; gain: number } | undefined;
  for (const { term, gain } of candidates) {
    if (!best || gain > best.gain + 1e-9)
      best = { rows: byTerm.rows.subarray(byTerm.start[term]!, byTerm.start[term + 1]!), gain };
  }
  return best;
}

/** The two halves 2-means parts `members` into (restarts on a sample, see SPLIT_SAMPLE), or undefined when it cannot. */
function bisect(p: Points, members: Int32Array, seed: number): [Int32Array, Int32Array] | undefined {
  const halves = kmeansFit(p, {
    k: 2,
    restarts: 3,
    restartSample: SPLIT_SAMPLE,
    maxIter: 15,
    finalIter: 3,
    seed,
    rows: members,
  });
  if (halves.centroids.k < 2) return undefined;
  const one = members.filter((_, x) => halves.assign[x] === 0);
  const two = members.filter((_, x) => halves.assign[x] !== 0);
  return one.length === 0 || two.length === 0 ? undefined : [one, two];
}

/**
 * Takes `assign` (themes 0..had−1 on `rows`) to k themes: each time the least coherent theme (largest size − ‖sum‖,
 * as merge–split ranks them) is parted in two by 2-means, one half becoming the next theme. Stops early when no theme
 * of 4 or more replies can be parted; returns the number of themes reached.
 */
export function bisectThemes(
  p: Points,
  rows: Int32Array,
  assign: Int32Array,
  had: number,
  k: number,
  seed: number,
): number {
  let q = had;
  for (; q < k; q++) {
    const { norms, sizes } = clusterSums(p, assign, rows, q);
    let worst = -1;
    for (let t = 0; t < q; t++) {
      if (sizes[t]! < 4) continue;
      if (worst < 0 || sizes[t]! - norms[t]! > sizes[worst]! - norms[worst]!) worst = t;
    }
    if (worst < 0) break;
    const halves = bisect(
      p,
      rows.filter((i) => assign[i] === worst),
      seed + q,
    );
    if (!halves) break;
    for (const i of halves[1]) assign[i] = q;
  }
  return q;
}

/**
 * Merge–split local search on the spherical k-means objective Σ cos(row, centroid), which for unit rows equals
 * Σ_q ‖Σ_{i∈q} row_i‖. Each round proposes a new cluster, either one half of one of the least coherent clusters
 * (2-means) or every row using a frequent word no cluster holds (`spreadTerm`), whichever gains more, and dissolves
 * the cluster whose members lose least by moving to their next-best cluster; the move is kept only when the gain
 * beats the loss. This undoes the typical short-text failures (two real themes merged, one theme's replies scattered,
 * a centroid wasted on a few outliers) without favouring equal sizes. Returns the number of accepted moves.
 */
export function mergeSplit(
  p: Points,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
  seedValue: number,
  settle: () => void,
  maxRounds = k,
): number {
  if (k < 3) return 0;
  let accepted = 0;
  const byTerm = rowsByTerm(p, rows);
  for (let round = 0; round < maxRounds; round++) {
    const { c, norms, sizes } = unitSums(p, assign, rows, k);
    // Split proposals for the least coherent themes (largest size − ‖sum‖): the most incoherent one is often two
    // close topics 2-means cannot part, while the next one holds two topics that part cleanly.
    const order = [...Array(k).keys()]
      .filter((q) => sizes[q]! >= 4)
      .sort((x, y) => sizes[y]! - norms[y]! - (sizes[x]! - norms[x]!) || x - y);
    let split = -1;
    let b: Int32Array = new Int32Array(0);
    let splitGain = -Infinity;
    for (const q of order.slice(0, SPLIT_CANDIDATES)) {
      const halves = bisect(
        p,
        rows.filter((i) => assign[i] === q),
        seedValue + round,
      );
      if (!halves) continue;
      const [one, two] = halves;
      const g = sumNorm(p, one) + sumNorm(p, two) - norms[q]!;
      if (g > splitGain + 1e-9) [split, b, splitGain] = [q, two, g];
    }
    if (split < 0) break;
    // The other proposal: gather every reply that uses a frequent word no theme holds (see `spreadTerm`).
    const term = spreadTerm(p, assign, rows, k, c, norms, byTerm);
    const useTerm = term !== undefined && term.gain > splitGain;
    const gain = useTerm ? term.gain : splitGain;
    // Best theme for each row other than its own and the split candidate (also when the word proposal wins: a
    // dissolved theme's members then simply do not move into that one), as a kernel (`next_best`).
    const matrix = kernelRows(p);
    // Loss of dissolving r: its members' current similarity minus their best similarity elsewhere.
    const loss = new Float64Array(k);
    const next = new Int32Array(p.n).fill(-1);
    const sampled = Int32Array.from(
      { length: Math.ceil(rows.length / LOSS_STRIDE) },
      (_, s) => rows[s * LOSS_STRIDE]!,
    );
    const best = nextBestKernel(matrix, c, sampled, assign, split);
    for (let s = 0; s < sampled.length; s++) {
      const i = sampled[s]!;
      next[i] = best.next[s]!;
      loss[assign[i]!]! += best.margin[s]! * LOSS_STRIDE;
    }
    let dissolve = -1;
    for (let q = 0; q < k; q++) if (q !== split && (dissolve < 0 || loss[q]! < loss[dissolve]!)) dissolve = q;
    if (dissolve < 0 || gain <= loss[dissolve]! + 1e-6) break;
    // Rows outside the loss sample get their next-best theme now.
    const unsampled = rows.filter((i) => assign[i] === dissolve && next[i]! < 0);
    const rest = nextBestKernel(matrix, c, unsampled, assign, split);
    for (let x = 0; x < unsampled.length; x++) next[unsampled[x]!] = rest.next[x]!;
    for (const i of rows) if (assign[i] === dissolve) assign[i] = next[i]!;
    for (const i of useTerm ? term.rows : b) assign[i] = dissolve;
    accepted++;
    settle();
  }
  return accepted;
}

/**
 * The points of `rows` alone, renumbered 0..rows.length−1 in their order, over only the sparse columns they use
 * (renumbered ascending, so column order, and with it every sum's order, is kept). A clustering run on a sample
 * then pays its width × k passes and tables for the sample's columns, not the whole vocabulary's (stackoverflow:
 * a 2,000-row sample uses about a third of them).
 */
export function restrictPoints(p: Points, rows: Int32Array): Points {
  const { rowPtr, cols, vals } = p.sparse;
  const active = activeColumns(p, rows);
  const colOf = new Int32Array(p.sparse.width);
  for (let a = 0; a < active.length; a++) colOf[active[a]!] = a;
  let nnz = 0;
  for (const i of rows) nnz += rowPtr[i + 1]! - rowPtr[i]!;
  const outPtr = new Int32Array(rows.length + 1);
  const outCols = new Int32Array(nnz);
  const outVals = new Float32Array(nnz);
  const dense = new Float32Array(rows.length * p.dims);
  let x = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    for (let j = rowPtr[i]!; j < rowPtr[i + 1]!; j++) {
      outCols[x] = colOf[cols[j]!]!;
      outVals[x++] = vals[j]!;
    }
    outPtr[r + 1] = x;
    dense.set(p.dense.subarray(i * p.dims, (i + 1) * p.dims), r * p.dims);
  }
  // The fields in the order find-themes builds them (see there).
  return {
    n: rows.length,
    sparse: { rowPtr: outPtr, cols: outCols, vals: outVals, width: active.length },
    dense,
    dims: p.dims,
    vocabulary: p.vocabulary ?? p.sparse.width,
  };
}
