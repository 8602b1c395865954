/**
 * The clustering's numeric loops as WebAssembly (kernels.wat): scoring rows against every centroid (`assignRows`),
 * Lloyd's iterations and centroid updates, k-means++ seeding, the naive-Bayes rounds (`refineNaiveBayes`),
 * merge–split's sums, next-best themes and spread words, the silhouette's distances and sums (choose-k.ts), and the
 * embeddings' covariance (pca.ts). Most add or multiply a run of k numbers per term, two doubles at a time (f64x2),
 * in the same order as the JavaScript they replaced, so themes are unchanged bit for bit (the tests compare each
 * kernel with that JavaScript).
 *
 * Why: a `voices themes` run is a cold process, and half of its clustering time went to code V8 had not optimised
 * yet (interpreted, then recompiled after deoptimisations; TurboFan's compile queue was busy for the whole run on a
 * 2-core machine). WebAssembly is compiled before it runs. Ten scoring passes over 10,000 rows at k = 20, cold:
 * 42–60 ms in JavaScript, 14–20 ms here, compile and copies included. Whole runs on stackoverflow, cold (medians of
 * interleaved runs): `--themes 20` 650 → 540 ms wall, automatic k 850 → 650 ms.
 *
 * Measured and left in JavaScript: tokenizing ASCII replies in a kernel (the same time: the per-token interning in
 * JavaScript stays, and the scan was no faster than optimised JavaScript), a two-pass SIMD argmax (slower), the
 * member sort of buildThemes by packed keys (no change).
 *
 * Memory: a row matrix (CSR arrays, dense part) is copied into the module's memory on first use and stays there
 * (arrays are looked up by identity, so they must not change once built, as `Points` are not); each call lays its
 * scratch out after them. The memory lives while a run holds it (`holdKernels`), then is dropped with the instance.
 * Themes passed in are checked to be 0..k−1 (`themeOf`): out of range, a kernel would read another table.
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  assign_rows(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    rows: number,
    m: number,
    centroidsSparse: number,
    centroidsDense: number,
    k: number,
    outAssign: number,
    outSim: number,
    scores: number,
  ): number;
  lloyd(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    rows: number,
    m: number,
    centroidsSparse: number,
    centroidsDense: number,
    k: number,
    active: number,
    activeCount: number,
    maxIter: number,
    assign: number,
    prev: number,
    sim: number,
    counts: number,
    norms: number,
    scores: number,
    objective: number,
    status: number,
  ): number;
  kmeans_pp(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    width: number,
    rows: number,
    m: number,
    k: number,
    v: number,
    best: number,
    picks: number,
  ): void;
  distances(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    width: number,
    rows: number,
    m: number,
    v: number,
    dist: number,
  ): void;
  silhouette_sum(
    dist: number,
    owner: number,
    count: number,
    m: number,
    k: number,
    sums: number,
    order: number,
    starts: number,
    cursor: number,
  ): number;
  spread_term(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    width: number,
    start: number,
    byRows: number,
    assign: number,
    k: number,
    minUses: number,
    maxCandidates: number,
    unitSparse: number,
    unitDense: number,
    norms: number,
    share: number,
    candidates: number,
    candidateUses: number,
    acc: number,
    accDense: number,
    whole: number,
    touched: number,
    dot: number,
    own: number,
    gains: number,
  ): number;
  next_best(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    list: number,
    count: number,
    assign: number,
    centroidsSparse: number,
    centroidsDense: number,
    k: number,
    split: number,
    outNext: number,
    outMargin: number,
    scores: number,
  ): void;
  cluster_sums(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    width: number,
    rows: number,
    m: number,
    assign: number,
    k: number,
    centroidsSparse: number,
    centroidsDense: number,
    sizes: number,
    norms: number,
    unit: number,
    factors: number,
  ): void;
  sum_norm(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    width: number,
    list: number,
    count: number,
    v: number,
  ): number;
  update_centroids(
    rowPtr: number,
    cols: number,
    vals: number,
    dense: number,
    dims: number,
    rows: number,
    m: number,
    assign: number,
    centroidsSparse: number,
    centroidsDense: number,
    k: number,
    active: number,
    activeCount: number,
    counts: number,
    norms: number,
  ): number;
  upper_products(x: number, n: number, d: number, step: number, cov: number): void;
  active_columns(
    rowPtr: number,
    cols: number,
    rows: number,
    m: number,
    width: number,
    used: number,
    out: number,
  ): number;
  nb_rounds(
    rowPtr: number,
    cols: number,
    rows: number,
    m: number,
    assign: number,
    k: number,
    width: number,
    rounds: number,
    smoothing: number,
    vocabulary: number,
    minConcentration: number,
    table: number,
    counts: number,
    logp: number,
    totals: number,
    sizes: number,
    base: number,
    scores: number,
    votes: number,
  ): number;
}

type Resident = Int32Array | Float32Array;

const PAGE = 65_536;
/** Resident arrays are dropped (and copied again when next used) once they fill this many bytes. */
const RESIDENT_LIMIT = 256 * 1024 * 1024;

let compiled: WebAssembly.Module | undefined;
/** The random source of the running `kmeansPlusPlusKernel` call (the module imports one function for all calls). */
let random: () => number = () => {
  throw new Error('kernels: no random source');
};

function compile(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

/** One instance: its memory, the resident arrays and a bump allocator for a call's scratch. */
class Arena {
  readonly k: KernelExports;
  private resident = new WeakMap<Resident, number>();
  /** End of the resident arrays: a call's scratch starts here. */
  private top = 0;
  /** Next free byte while a call lays out its scratch. */
  private next = 0;

  constructor() {
    const instance = new WebAssembly.Instance(compile(), { m: { log: Math.log, rand: () => random() } });
    this.k = instance.exports as unknown as KernelExports;
  }

  /** Starts a call: scratch is laid out from the end of the resident arrays. */
  begin(): void {
    if (this.top > RESIDENT_LIMIT) {
      this.resident = new WeakMap();
      this.top = 0;
    }
    this.next = this.top;
  }

  /** Byte offset of `array` in the memory, copying it in on first use. Only between `begin` and the scratch. */
  place(array: Resident): number {
    const known = this.resident.get(array);
    if (known !== undefined) return known;
    const at = this.copyIn(array);
    this.top = this.next;
    this.resident.set(array, at);
    return at;
  }

  /**
   * `bytes` of scratch for this call (16-byte aligned, contents undefined). Growing the memory detaches the views
   * made before, so views to read results are made after the last reserve.
   */
  reserve(bytes: number): number {
    const at = (this.next + 15) & ~15;
    this.next = at + bytes;
    const have = this.k.memory.buffer.byteLength;
    if (this.next > have) this.k.memory.grow(Math.ceil((this.next - have) / PAGE));
    return at;
  }

  /** `array` copied into `bytes` of this call's scratch (contents stay valid when the memory grows later). */
  copyIn(array: Int32Array | Float32Array | Float64Array): number {
    const at = this.reserve(array.byteLength);
    new Uint8Array(this.k.memory.buffer, at, array.byteLength).set(
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
    );
    return at;
  }

  /** Offsets of a row matrix's arrays (see `place`). */
  rows(p: KernelRows): { rowPtr: number; cols: number; vals: number; dense: number } {
    return {
      rowPtr: this.place(p.rowPtr),
      cols: this.place(p.cols),
      vals: this.place(p.vals),
      dense: this.place(p.dense),
    };
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.k.memory.buffer, at, length);
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, length);
  }

  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, at, length);
  }
}

let arena: Arena | undefined;
let holders = 0;

function kernels(): Arena {
  arena ??= new Arena();
  arena.begin();
  return arena;
}

/**
 * Keeps the kernels' memory (and the row matrices copied into it) until the returned function is called; when no run
 * holds it any more it is dropped. Calls outside a hold work too: the memory then stays until the next hold ends.
 */
export function holdKernels(): () => void {
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) arena = undefined;
  };
}

/**
 * assign[i], checked to be a theme 0..k−1: a kernel indexes its tables with it, and out of range it would read or
 * write another table's memory where JavaScript's typed arrays ignored the access.
 */
function themeOf(assign: Int32Array, i: number, k: number): number {
  const q = assign[i]!;
  if (!(q >= 0 && q < k)) throw new RangeError(`kernels: row ${i} has theme ${q}, not one of 0..${k - 1}`);
  return q;
}

/** Checks (as `themeOf`) the themes of `rows` before a kernel reads `assign` whole. */
function checkThemes(assign: Int32Array, rows: Int32Array, k: number): void {
  for (let r = 0; r < rows.length; r++) themeOf(assign, rows[r]!, k);
}

/** A row matrix as the kernels read it. */
export interface KernelRows {
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
  dense: Float32Array;
  dims: number;
}

/** Centroids as kmeans.ts keeps them: feature-major tables (feature · k + theme) over the sparse width and the dims. */
export interface KernelCentroids {
  k: number;
  sparse: Float32Array;
  dense: Float32Array;
}

/** A row matrix with its sparse width, for kernels that lay a row out as [sparse width | dims]. */
export interface KernelRowsWide extends KernelRows {
  width: number;
}

/**
 * kmeans.ts `assignRows`: each of `rows` to its nearest centroid (feature-major tables `sparse`, `dense`); writes
 * `assign` and `sim` at those rows and returns the summed similarity.
 */
export function assignRowsKernel(
  p: KernelRows,
  centroids: KernelCentroids,
  rows: Int32Array,
  assign: Int32Array,
  sim: Float32Array,
): number {
  const a = kernels();
  const { k } = centroids;
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const cs = a.copyIn(centroids.sparse);
  const cd = a.copyIn(centroids.dense);
  const outAssign = a.reserve(m * 4);
  const outSim = a.reserve(m * 4);
  const scores = a.reserve(k * 8);
  const total = a.k.assign_rows(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    rowsAt,
    m,
    cs,
    cd,
    k,
    outAssign,
    outSim,
    scores,
  );
  const q = a.i32(outAssign, m);
  const s = a.f32(outSim, m);
  for (let r = 0; r < m; r++) {
    const i = rows[r]!;
    assign[i] = q[r]!;
    sim[i] = s[r]!;
  }
  return total;
}

/** Where `lloydKernel` stopped. */
export interface LloydStep {
  /** Assignment passes run. */
  passes: number;
  /** Summed similarity of the last pass. */
  objective: number;
  /** Whether it stopped because a theme was left empty: `c` then holds the members' plain sums (not unit). */
  empty: boolean;
}

/**
 * kmeans.ts `lloyd`'s loop: up to `maxIter` passes over `rows` (assign, then unit centroids of the members over
 * the `active` sparse columns), updating `c`, and `assign`, `sim` and `prev` (the previous pass's themes, kept by the
 * caller across calls), all three by position in `rows`. Stops early when a theme is left empty (see LloydStep).
 */
export function lloydKernel(
  p: KernelRows,
  c: KernelCentroids,
  rows: Int32Array,
  active: Int32Array,
  maxIter: number,
  assign: Int32Array,
  sim: Float32Array,
  prev: Int32Array,
): LloydStep {
  const a = kernels();
  const { k } = c;
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const cs = a.copyIn(c.sparse);
  const cd = a.copyIn(c.dense);
  const activeAt = a.copyIn(active);
  const themes = a.reserve(m * 4);
  const prevAt = a.copyIn(prev);
  const sims = a.reserve(m * 4);
  const counts = a.reserve(k * 4);
  const norms = a.reserve(k * 8);
  const scores = a.reserve(k * 8);
  const objective = a.reserve(8);
  const status = a.reserve(4);
  const passes = a.k.lloyd(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    rowsAt,
    m,
    cs,
    cd,
    k,
    activeAt,
    active.length,
    maxIter,
    themes,
    prevAt,
    sims,
    counts,
    norms,
    scores,
    objective,
    status,
  );
  c.sparse.set(a.f32(cs, c.sparse.length));
  c.dense.set(a.f32(cd, c.dense.length));
  prev.set(a.i32(prevAt, m));
  if (passes > 0) {
    assign.set(a.i32(themes, m));
    sim.set(a.f32(sims, m));
  }
  return { passes, objective: a.f64(objective, 1)[0]!, empty: a.i32(status, 1)[0] === 1 };
}

/**
 * kmeans.ts `refineNaiveBayes`'s rounds: updates `assign` at `rows`, returns the rounds run. `logTable[c]` is
 * log((c + smoothing) / smoothing) for c up to at least `rows.length`.
 */
export function naiveBayesKernel(
  m: { rowPtr: Int32Array; cols: Int32Array; width: number },
  rows: Int32Array,
  assign: Int32Array,
  o: {
    k: number;
    rounds: number;
    smoothing: number;
    vocabulary: number;
    minConcentration: number;
    logTable: Float64Array;
  },
): number {
  const a = kernels();
  const { k, rounds } = o;
  const n = rows.length;
  const rowPtr = a.place(m.rowPtr);
  const cols = a.place(m.cols);
  const rowsAt = a.copyIn(rows);
  const themes = a.reserve(n * 4);
  const tableLength = Math.min(o.logTable.length, n + 1);
  const table = a.copyIn(o.logTable.subarray(0, tableLength));
  const counts = a.reserve(m.width * k * 8);
  const logp = a.reserve(m.width * k * 8);
  const totals = a.reserve(k * 8);
  const sizes = a.reserve(k * 8);
  const base = a.reserve(k * 8);
  const scores = a.reserve(k * 8);
  const votes = a.reserve(m.width);
  const t = a.i32(themes, n);
  for (let r = 0; r < n; r++) t[r] = themeOf(assign, rows[r]!, k);
  const ran = a.k.nb_rounds(
    rowPtr,
    cols,
    rowsAt,
    n,
    themes,
    k,
    m.width,
    rounds,
    o.smoothing,
    o.vocabulary,
    o.minConcentration,
    table,
    counts,
    logp,
    totals,
    sizes,
    base,
    scores,
    votes,
  );
  const out = a.i32(themes, n);
  for (let r = 0; r < n; r++) assign[rows[r]!] = out[r]!;
  return ran;
}

/**
 * kmeans.ts `seed`'s picks: k-means++ over `rows` (the first at random, each next with probability ∝ (1 − best cosine
 * to a pick)², a fresh random one when all rows sit on picks), drawing from `rand`. Returns the k picked rows.
 */
export function kmeansPlusPlusKernel(
  p: KernelRowsWide,
  rows: Int32Array,
  k: number,
  rand: () => number,
): Int32Array {
  const a = kernels();
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const v = a.reserve((p.width + p.dims) * 4);
  const best = a.reserve(m * 8);
  const picks = a.reserve(k * 4);
  random = rand;
  a.k.kmeans_pp(rowPtr, cols, vals, dense, p.dims, p.width, rowsAt, m, k, v, best, picks);
  return a.i32(picks, k).slice();
}

/** choose-k.ts's m × m distances (1 − cosine, f32) between `rows`. */
export function distancesKernel(p: KernelRowsWide, rows: Int32Array): Float32Array {
  const a = kernels();
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const v = a.reserve((p.width + p.dims) * 8);
  const dist = a.reserve(m * m * 4);
  // The scatter vector must start at zero (the kernel leaves it so); the matrix's diagonal stays 0.
  a.f64(v, p.width + p.dims).fill(0);
  a.f32(dist, m * m).fill(0);
  a.k.distances(rowPtr, cols, vals, dense, p.dims, p.width, rowsAt, m, v, dist);
  return a.f32(dist, m * m).slice();
}

/**
 * choose-k.ts's Σ over rows of (b − a) / max(a, b) for a partition `owner` (themes 0..k−1, `count` rows each) of the
 * rows of `dist` (from `distancesKernel`, copied into the kernels' memory once and kept there).
 */
export function silhouetteSumKernel(
  dist: Float32Array,
  owner: Int32Array,
  count: Float64Array,
  k: number,
): number {
  const a = kernels();
  const m = owner.length;
  const distAt = a.place(dist);
  const ownerAt = a.copyIn(owner);
  const countAt = a.copyIn(count);
  const sums = a.reserve(4 * k * 8);
  const order = a.reserve(m * 4);
  const starts = a.reserve((k + 1) * 4);
  const cursor = a.reserve(k * 4);
  return a.k.silhouette_sum(distAt, ownerAt, countAt, m, k, sums, order, starts, cursor);
}

/**
 * kmeans.ts `spreadTerm`'s candidates and their gains: the `maxCandidates` most used terms (at least `minUses` rows
 * of `byTerm`, no theme with half of them) and for each the objective gain of gathering its rows into a theme.
 * `byTerm` (rows per term) is kept in the kernels' memory across calls, as the row matrix is.
 */
export function spreadTermKernel(
  p: KernelRowsWide,
  byTerm: { start: Int32Array; rows: Int32Array },
  assign: Int32Array,
  unit: KernelCentroids,
  norms: Float64Array,
  minUses: number,
  maxCandidates: number,
): Array<{ term: number; gain: number }> {
  const a = kernels();
  const { k } = unit;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const start = a.place(byTerm.start);
  const byRows = a.place(byTerm.rows);
  const assignAt = a.copyIn(assign);
  const cs = a.copyIn(unit.sparse);
  const cd = a.copyIn(unit.dense);
  const normsAt = a.copyIn(norms);
  const share = a.reserve(k * 4);
  const candidates = a.reserve(maxCandidates * 4);
  const candidateUses = a.reserve(maxCandidates * 4);
  const acc = a.reserve(p.width * k * 8);
  const accDense = a.reserve(p.dims * k * 8);
  const whole = a.reserve((p.width + p.dims) * 8);
  const touched = a.reserve(p.cols.byteLength);
  const dot = a.reserve(k * 8);
  const own = a.reserve(k * 8);
  const gains = a.reserve(maxCandidates * 8);
  checkThemes(assign, byTerm.rows, k);
  // The kernel leaves `acc` at zero for each next candidate; it must start so.
  a.f64(acc, p.width * k).fill(0);
  const count = a.k.spread_term(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    p.width,
    start,
    byRows,
    assignAt,
    k,
    minUses,
    maxCandidates,
    cs,
    cd,
    normsAt,
    share,
    candidates,
    candidateUses,
    acc,
    accDense,
    whole,
    touched,
    dot,
    own,
    gains,
  );
  const terms = a.i32(candidates, count);
  const g = a.f64(gains, count);
  return Array.from({ length: count }, (_, c) => ({ term: terms[c]!, gain: g[c]! }));
}

/**
 * kmeans.ts `mergeSplit`'s next-best themes: for each of `list`, the best theme (centroids `c`) other than its own
 * (`assign`) and `split`, or −1 when there is none, and the margin of its own theme's score over that one's (over 0
 * when there is none).
 */
export function nextBestKernel(
  p: KernelRows,
  c: KernelCentroids,
  list: Int32Array,
  assign: Int32Array,
  split: number,
): { next: Int32Array; margin: Float64Array } {
  const a = kernels();
  const count = list.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const listAt = a.copyIn(list);
  const assignAt = a.copyIn(assign);
  const cs = a.copyIn(c.sparse);
  const cd = a.copyIn(c.dense);
  const next = a.reserve(count * 4);
  const margin = a.reserve(count * 8);
  const scores = a.reserve(c.k * 8);
  checkThemes(assign, list, c.k);
  a.k.next_best(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    listAt,
    count,
    assignAt,
    cs,
    cd,
    c.k,
    split,
    next,
    margin,
    scores,
  );
  return { next: a.i32(next, count).slice(), margin: a.f64(margin, count).slice() };
}

/**
 * kmeans.ts `clusterSums`: each theme's size and ‖member sum‖ over `rows`, and with `sums` the member sums themselves
 * (feature-major, as centroids), scaled to unit length when `sums` is 'unit'.
 */
export function clusterSumsKernel(
  p: KernelRowsWide,
  rows: Int32Array,
  assign: Int32Array,
  k: number,
  sums: 'none' | 'plain' | 'unit',
): { sizes: Int32Array; norms: Float64Array; sparse?: Float32Array; dense?: Float32Array } {
  const a = kernels();
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const assignAt = a.copyIn(assign);
  const cs = a.reserve(p.width * k * 4);
  const cd = a.reserve(p.dims * k * 4);
  const sizes = a.reserve(k * 4);
  const norms = a.reserve(k * 8);
  const factors = a.reserve(k * 8);
  checkThemes(assign, rows, k);
  const unit = sums === 'unit' ? 1 : 0;
  a.k.cluster_sums(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    p.width,
    rowsAt,
    m,
    assignAt,
    k,
    cs,
    cd,
    sizes,
    norms,
    unit,
    factors,
  );
  const out = { sizes: a.i32(sizes, k).slice(), norms: a.f64(norms, k).slice() };
  if (sums === 'none') return out;
  return { ...out, sparse: a.f32(cs, p.width * k).slice(), dense: a.f32(cd, p.dims * k).slice() };
}

/** kmeans.ts `sumNorm`: ‖Σ rows‖ of `list`. */
export function sumNormKernel(p: KernelRowsWide, list: Int32Array): number {
  const a = kernels();
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const listAt = a.copyIn(list);
  const v = a.reserve((p.width + p.dims) * 8);
  return a.k.sum_norm(rowPtr, cols, vals, dense, p.dims, p.width, listAt, list.length, v);
}

/**
 * kmeans.ts `updateCentroids`: `c` becomes the unit centroids of the members of `rows` (themes in `assign`, by row)
 * over the `active` sparse columns (the others must be zero in `c`). Returns false, with `c` holding the plain member
 * sums, when a theme has no member: the caller reseeds it and scales.
 */
export function updateCentroidsKernel(
  p: KernelRows,
  c: KernelCentroids,
  rows: Int32Array,
  assign: Int32Array,
  active: Int32Array,
): boolean {
  const a = kernels();
  const { k } = c;
  const m = rows.length;
  const { rowPtr, cols, vals, dense } = a.rows(p);
  const rowsAt = a.copyIn(rows);
  const themes = a.reserve(m * 4);
  const cs = a.copyIn(c.sparse);
  const cd = a.copyIn(c.dense);
  const activeAt = a.copyIn(active);
  const counts = a.reserve(k * 4);
  const norms = a.reserve(k * 8);
  const t = a.i32(themes, m);
  for (let r = 0; r < m; r++) t[r] = themeOf(assign, rows[r]!, k);
  const empty = a.k.update_centroids(
    rowPtr,
    cols,
    vals,
    dense,
    p.dims,
    rowsAt,
    m,
    themes,
    cs,
    cd,
    k,
    activeAt,
    active.length,
    counts,
    norms,
  );
  c.sparse.set(a.f32(cs, c.sparse.length));
  c.dense.set(a.f32(cd, c.dense.length));
  return empty === 0;
}

/** pca.ts: cov[a · d + b] += x[i · d + a] · x[i · d + b] for b ≥ a over every `step`-th of the n rows of x (n × d). */
export function upperProductsKernel(
  x: Float32Array,
  n: number,
  d: number,
  step: number,
  cov: Float64Array,
): void {
  const a = kernels();
  const xAt = a.copyIn(x);
  const covAt = a.copyIn(cov);
  a.k.upper_products(xAt, n, d, step, covAt);
  cov.set(a.f64(covAt, cov.length));
}

/** kmeans.ts `activeColumns`: the sparse columns `rows` use, ascending. */
export function activeColumnsKernel(p: KernelRowsWide, rows: Int32Array): Int32Array {
  const a = kernels();
  const m = rows.length;
  const rowPtr = a.place(p.rowPtr);
  const cols = a.place(p.cols);
  const rowsAt = a.copyIn(rows);
  const used = a.reserve(p.width);
  const out = a.reserve(p.width * 4);
  const count = a.k.active_columns(rowPtr, cols, rowsAt, m, p.width, used, out);
  return a.i32(out, count).slice();
}
