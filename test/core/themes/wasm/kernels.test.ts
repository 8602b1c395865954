import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, WAT_PATH } from '../../../../scripts/build-kernels.js';
import { hypot } from '../../../../src/core/themes/hypot.js';
import { mulberry32 } from '../../../../src/core/themes/kmeans.js';
import {
  activeColumnsKernel,
  assignRowsKernel,
  clusterSumsKernel,
  distancesKernel,
  holdKernels,
  type KernelRowsWide,
  kmeansPlusPlusKernel,
  lloydKernel,
  naiveBayesKernel,
  nextBestKernel,
  silhouetteSumKernel,
  spreadTermKernel,
  sumNormKernel,
  updateCentroidsKernel,
  upperProductsKernel,
} from '../../../../src/core/themes/wasm/kernels.js';
import { KERNELS_WASM_BASE64 } from '../../../../src/core/themes/wasm/kernels-wasm.js';

/**
 * The kernels against the JavaScript they replaced (below, as it was), on random rows: the same results bit for bit,
 * for odd and even numbers of themes, with and without a dense part.
 */

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case extends KernelRowsWide {
  n: number;
}

/** n rows of 1–8 distinct columns out of `width` (positive values), plus `dims` dense values (some zero). */
function randomRows(n: number, width: number, dims: number, seed: number): Case {
  const rand = lcg(seed);
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const picked = new Set<number>();
    const count = 1 + Math.floor(rand() * 8);
    while (picked.size < count) picked.add(Math.floor(rand() * width));
    for (const c of [...picked].sort((a, b) => a - b)) {
      cols.push(c);
      vals.push(rand());
    }
    rowPtr[i + 1] = cols.length;
  }
  const dense = Float32Array.from({ length: n * dims }, () => (rand() < 0.2 ? 0 : rand() - 0.5));
  return { n, width, rowPtr, cols: Int32Array.from(cols), vals: Float32Array.from(vals), dense, dims };
}

function randomCentroids(width: number, dims: number, k: number, seed: number) {
  const rand = lcg(seed);
  return {
    k,
    sparse: Float32Array.from({ length: width * k }, () => (rand() < 0.5 ? 0 : rand())),
    dense: Float32Array.from({ length: dims * k }, () => rand() - 0.5),
  };
}

// --- The JavaScript the kernels replaced (kmeans.ts before the kernels) ---

function scoreRowJs(p: Case, c: ReturnType<typeof randomCentroids>, i: number, out: Float64Array): void {
  const k = c.k;
  out.fill(0);
  for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) {
    const v = p.vals[j]!;
    const base = p.cols[j]! * k;
    for (let q = 0; q < k; q++) out[q]! += v * c.sparse[base + q]!;
  }
  const o = i * p.dims;
  for (let d = 0; d < p.dims; d++) {
    const v = p.dense[o + d]!;
    if (v === 0) continue;
    for (let q = 0; q < k; q++) out[q]! += v * c.dense[d * k + q]!;
  }
}

function assignRowsJs(
  p: Case,
  c: ReturnType<typeof randomCentroids>,
  rows: Int32Array,
  assign: Int32Array,
  sim: Float32Array,
): number {
  const scores = new Float64Array(c.k);
  let total = 0;
  for (const i of rows) {
    scoreRowJs(p, c, i, scores);
    let bq = 0;
    for (let q = 1; q < c.k; q++) if (scores[q]! > scores[bq]!) bq = q;
    assign[i] = bq;
    sim[i] = scores[bq]!;
    total += scores[bq]!;
  }
  return total;
}

/** lloyd with updateCentroidsJs over `active` columns; `empty` where a theme was left empty (reseeding). */
function lloydJs(
  p: Case,
  c: ReturnType<typeof randomCentroids>,
  rows: Int32Array,
  active: Int32Array,
  maxIter: number,
  assign: Int32Array,
  sim: Float32Array,
): { objective: number; passes: number; empty: boolean } {
  const prev = new Int32Array(p.n).fill(-1);
  let objective = 0;
  let passes = 0;
  for (let it = 0; it < maxIter; it++) {
    objective = assignRowsJs(p, c, rows, assign, sim);
    passes++;
    let changed = 0;
    for (const i of rows) {
      if (assign[i] !== prev[i]) changed++;
      prev[i] = assign[i]!;
    }
    if (changed <= rows.length * 0.005) break;
    if (!updateCentroidsJs(p, c, rows, assign, active)) return { objective, passes, empty: true };
  }
  return { objective, passes, empty: false };
}

function refineNaiveBayesJs(
  p: Case,
  assign: Int32Array,
  rows: Int32Array,
  k: number,
  rounds: number,
  smoothing: number,
  vocabulary: number,
  minConcentration: number,
): number {
  const { width } = p;
  const counts = new Float64Array(width * k);
  const logp = new Float64Array(width * k);
  const totals = new Float64Array(k);
  const sizes = new Float64Array(k);
  const base = new Float64Array(k);
  const scores = new Float64Array(k);
  const votes = new Uint8Array(width);
  let r = 0;
  for (; r < rounds; r++) {
    counts.fill(0);
    totals.fill(0);
    sizes.fill(0);
    for (const i of rows) {
      const q = assign[i]!;
      sizes[q]!++;
      for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) {
        counts[p.cols[j]! * k + q]!++;
        totals[q]!++;
      }
    }
    votes.fill(1);
    if (minConcentration > 0) {
      totals.fill(0);
      for (let t = 0; t < width; t++) {
        let sum = 0;
        let max = 0;
        for (let q = 0; q < k; q++) {
          sum += counts[t * k + q]!;
          max = Math.max(max, counts[t * k + q]!);
        }
        if (sum > 0 && max < minConcentration * sum) votes[t] = 0;
        else for (let q = 0; q < k; q++) totals[q]! += counts[t * k + q]!;
      }
    }
    for (let q = 0; q < k; q++) base[q] = Math.log(smoothing / (totals[q]! + smoothing * vocabulary));
    for (let x = 0; x < width * k; x++)
      if (votes[Math.floor(x / k)] === 1) logp[x] = Math.log((counts[x]! + smoothing) / smoothing);
    let moved = 0;
    for (const i of rows) {
      let nnz = 0;
      for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) nnz += votes[p.cols[j]!]!;
      if (nnz === 0) continue;
      for (let q = 0; q < k; q++) scores[q] = nnz * base[q]!;
      for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) {
        if (votes[p.cols[j]!] === 0) continue;
        for (let q = 0; q < k; q++) scores[q]! += logp[p.cols[j]! * k + q]!;
      }
      let bq = 0;
      for (let q = 1; q < k; q++) if (scores[q]! > scores[bq]!) bq = q;
      const own = assign[i]!;
      if (bq !== own && sizes[own]! > 2) {
        sizes[own]!--;
        sizes[bq]!++;
        assign[i] = bq;
        moved++;
      }
    }
    if (moved <= rows.length * 0.001) break;
  }
  return r;
}

/** kmeans.ts seed's picking (k-means++ over rows scattered into a f32 vector). */
function kmeansPlusPlusJs(p: Case, rows: Int32Array, k: number, rand: () => number): number[] {
  const best = new Float64Array(rows.length).fill(-Infinity);
  const v = new Float32Array(p.width + p.dims);
  const dot = (i: number) => {
    let s = 0;
    for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) s += p.vals[j]! * v[p.cols[j]!]!;
    for (let d = 0; d < p.dims; d++) s += p.dense[i * p.dims + d]! * v[p.width + d]!;
    return s;
  };
  const picks: number[] = [];
  let pick = rows[Math.floor(rand() * rows.length)]!;
  for (let q = 0; q < k; q++) {
    picks.push(pick);
    if (q === k - 1) break;
    v.fill(0);
    for (let j = p.rowPtr[pick]!; j < p.rowPtr[pick + 1]!; j++) v[p.cols[j]!] = p.vals[j]!;
    v.set(p.dense.subarray(pick * p.dims, (pick + 1) * p.dims), p.width);
    let total = 0;
    for (let r = 0; r < rows.length; r++) {
      const s = dot(rows[r]!);
      if (s > best[r]!) best[r] = s;
      const dist = Math.max(0, 1 - best[r]!);
      total += dist * dist;
    }
    if (total <= 0) {
      pick = rows[Math.floor(rand() * rows.length)]!;
      continue;
    }
    let target = rand() * total;
    let chosen = rows.length - 1;
    for (let r = 0; r < rows.length; r++) {
      const dist = Math.max(0, 1 - best[r]!);
      target -= dist * dist;
      if (target <= 0) {
        chosen = r;
        break;
      }
    }
    pick = rows[chosen]!;
  }
  return picks;
}

/** choose-k.ts distances and silhouette sum, as they were. */
function distancesJs(p: Case, rows: Int32Array): Float32Array {
  const m = rows.length;
  const dist = new Float32Array(m * m);
  const v = new Float64Array(p.width + p.dims);
  for (let s = 0; s < m; s++) {
    const i = rows[s]!;
    for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) v[p.cols[j]!] = p.vals[j]!;
    for (let d = 0; d < p.dims; d++) v[p.width + d] = p.dense[i * p.dims + d]!;
    for (let t = s + 1; t < m; t++) {
      const o = rows[t]!;
      let dot = 0;
      for (let j = p.rowPtr[o]!; j < p.rowPtr[o + 1]!; j++) dot += p.vals[j]! * v[p.cols[j]!]!;
      for (let d = 0; d < p.dims; d++) dot += p.dense[o * p.dims + d]! * v[p.width + d]!;
      dist[s * m + t] = 1 - dot;
      dist[t * m + s] = 1 - dot;
    }
    v.fill(0);
  }
  return dist;
}

function silhouetteSumJs(dist: Float32Array, owner: Int32Array, count: Float64Array, k: number): number {
  const m = owner.length;
  let total = 0;
  for (let s = 0; s < m; s++) {
    const own = owner[s]!;
    if (count[own]! <= 1) continue;
    const sums = new Float64Array(k);
    for (let t = 0; t < m; t++) sums[owner[t]!]! += dist[s * m + t]!;
    const a = sums[own]! / (count[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sums[c]! / count[c]!);
    if (b === Infinity) continue;
    const den = Math.max(a, b);
    if (den > 0) total += (b - a) / den;
  }
  return total;
}

/** kmeans.ts rowsByTerm and spreadTerm, as they were (all candidates' gains, not only the best). */
function rowsByTermJs(p: Case, rows: Int32Array): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(p.width + 1);
  for (const i of rows) for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) start[p.cols[j]! + 1]!++;
  for (let t = 0; t < p.width; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, p.width);
  const out = new Int32Array(start[p.width]!);
  for (const i of rows) for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) out[fill[p.cols[j]!]!++] = i;
  return { start, rows: out };
}

function spreadTermJs(
  p: Case,
  byTerm: { start: Int32Array; rows: Int32Array },
  assign: Int32Array,
  unit: ReturnType<typeof randomCentroids>,
  norms: Float64Array,
  minUses: number,
  maxCandidates: number,
): Array<{ term: number; gain: number }> {
  const { k } = unit;
  const candidates: Array<{ t: number; uses: number }> = [];
  for (let t = 0; t < p.width; t++) {
    const uses = byTerm.start[t + 1]! - byTerm.start[t]!;
    if (uses < minUses) continue;
    const share = new Int32Array(k);
    let max = 0;
    for (let x = byTerm.start[t]!; x < byTerm.start[t + 1]!; x++)
      max = Math.max(max, ++share[assign[byTerm.rows[x]!]!]!);
    if (max * 2 < uses) candidates.push({ t, uses });
  }
  candidates.sort((x, y) => y.uses - x.uses || x.t - y.t);
  return candidates.slice(0, maxCandidates).map(({ t }) => {
    const acc = new Float64Array(p.width * k);
    const accDense = new Float64Array(p.dims * k);
    const whole = new Float64Array(p.width + p.dims);
    const touched: number[] = [];
    for (const i of byTerm.rows.subarray(byTerm.start[t]!, byTerm.start[t + 1]!)) {
      const q = assign[i]!;
      for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) {
        const x = p.cols[j]! * k + q;
        if (acc[x] === 0) touched.push(x);
        acc[x]! += p.vals[j]!;
        whole[p.cols[j]!]! += p.vals[j]!;
      }
      for (let d = 0; d < p.dims; d++) {
        accDense[d * k + q]! += p.dense[i * p.dims + d]!;
        whole[p.width + d]! += p.dense[i * p.dims + d]!;
      }
    }
    const dot = new Float64Array(k);
    const own = new Float64Array(k);
    for (const x of touched) {
      dot[x % k]! += unit.sparse[x]! * norms[x % k]! * acc[x]!;
      own[x % k]! += acc[x]! * acc[x]!;
    }
    for (let x = 0; x < accDense.length; x++) {
      dot[x % k]! += unit.dense[x]! * norms[x % k]! * accDense[x]!;
      own[x % k]! += accDense[x]! * accDense[x]!;
    }
    let gain = hypot(whole);
    for (let q = 0; q < k; q++) {
      if (own[q] === 0) continue;
      gain += Math.sqrt(Math.max(0, norms[q]! * norms[q]! - 2 * dot[q]! + own[q]!)) - norms[q]!;
    }
    return { term: t, gain };
  });
}

/** kmeans.ts clusterSums (+ mergeSplit's unit scaling), sumNorm and mergeSplit's nextBest, as they were. */
function clusterSumsJs(p: Case, rows: Int32Array, assign: Int32Array, k: number, unit: boolean) {
  const sparse = new Float32Array(p.width * k);
  const dense = new Float32Array(p.dims * k);
  const sizes = new Int32Array(k);
  for (const i of rows) {
    const q = assign[i]!;
    sizes[q]!++;
    for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) sparse[p.cols[j]! * k + q]! += p.vals[j]!;
    for (let d = 0; d < p.dims; d++) dense[d * k + q]! += p.dense[i * p.dims + d]!;
  }
  const norms = new Float64Array(k);
  for (let x = 0; x < sparse.length; x++) norms[x % k]! += sparse[x]! * sparse[x]!;
  for (let x = 0; x < dense.length; x++) norms[x % k]! += dense[x]! * dense[x]!;
  for (let q = 0; q < k; q++) norms[q] = Math.sqrt(norms[q]!);
  if (unit) {
    const factors = norms.map((v) => (v > 0 ? 1 / v : 1));
    for (let x = 0; x < sparse.length; x++) sparse[x]! *= factors[x % k]!;
    for (let x = 0; x < dense.length; x++) dense[x]! *= factors[x % k]!;
  }
  return { sizes, norms, sparse, dense };
}

function sumNormJs(p: Case, list: Int32Array): number {
  const v = new Float64Array(p.width + p.dims);
  for (const i of list) {
    for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) v[p.cols[j]!]! += p.vals[j]!;
    for (let d = 0; d < p.dims; d++) v[p.width + d]! += p.dense[i * p.dims + d]!;
  }
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function nextBestJs(
  p: Case,
  c: ReturnType<typeof randomCentroids>,
  list: Int32Array,
  assign: Int32Array,
  split: number,
) {
  const scores = new Float64Array(c.k);
  const next: number[] = [];
  const margin: number[] = [];
  for (const i of list) {
    scoreRowJs(p, c, i, scores);
    const own = assign[i]!;
    let bq = -1;
    for (let q = 0; q < c.k; q++)
      if (q !== own && q !== split && (bq < 0 || scores[q]! > scores[bq]!)) bq = q;
    next.push(bq);
    margin.push(scores[own]! - (bq >= 0 ? scores[bq]! : 0));
  }
  return { next: Int32Array.from(next), margin: Float64Array.from(margin) };
}

/** kmeans.ts updateCentroids over `active` columns (false when a theme was left empty, sums left unscaled). */
function updateCentroidsJs(
  p: Case,
  c: ReturnType<typeof randomCentroids>,
  rows: Int32Array,
  assign: Int32Array,
  active: Int32Array,
): boolean {
  const k = c.k;
  for (const t of active) c.sparse.fill(0, t * k, (t + 1) * k);
  c.dense.fill(0);
  const counts = new Int32Array(k);
  for (const i of rows) {
    const q = assign[i]!;
    counts[q]!++;
    for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) c.sparse[p.cols[j]! * k + q]! += p.vals[j]!;
    for (let d = 0; d < p.dims; d++) c.dense[d * k + q]! += p.dense[i * p.dims + d]!;
  }
  if (counts.includes(0)) return false;
  const norms = new Float64Array(k);
  for (const t of active)
    for (let q = 0; q < k; q++) norms[q]! += c.sparse[t * k + q]! * c.sparse[t * k + q]!;
  for (let x = 0; x < c.dense.length; x++) norms[x % k]! += c.dense[x]! * c.dense[x]!;
  for (let q = 0; q < k; q++) norms[q] = norms[q]! > 0 ? 1 / Math.sqrt(norms[q]!) : 0;
  for (const t of active) for (let q = 0; q < k; q++) c.sparse[t * k + q]! *= norms[q]!;
  for (let x = 0; x < c.dense.length; x++) c.dense[x]! *= norms[x % k]!;
  return true;
}

/** pca.ts addUpperProducts, as it was. */
function upperProductsJs(x: Float32Array, n: number, d: number, step: number, cov: Float64Array): void {
  for (let i = 0; i < n; i += step) {
    for (let a = 0; a < d; a++) {
      const va = x[i * d + a]!;
      if (va === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b]! += va * x[i * d + b]!;
    }
  }
}

function logTable(smoothing: number, max: number): Float64Array {
  return Float64Array.from({ length: max + 1 }, (_, c) => Math.log((c + smoothing) / smoothing));
}

/** Every other row, in ascending order (kernels work on a subset of rows). */
function someRows(n: number): Int32Array {
  return Int32Array.from({ length: Math.ceil(n / 2) }, (_, x) => 2 * x);
}

function activeOf(p: Case, rows: Int32Array): Int32Array {
  const used = new Set<number>();
  for (const i of rows) for (let j = p.rowPtr[i]!; j < p.rowPtr[i + 1]!; j++) used.add(p.cols[j]!);
  return Int32Array.from([...used].sort((a, b) => a - b));
}

describe('kernels', () => {
  it('are what `npm run build:kernels` makes of kernels.wat (the committed module is not stale)', async () => {
    const bytes = await assemble(readFileSync(WAT_PATH, 'utf8'));
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNELS_WASM_BASE64);
  });

  for (const [k, dims] of [
    [1, 0],
    [7, 0],
    [20, 0],
    [5, 6],
  ] as const) {
    it(`assign rows as the JavaScript did, bit for bit (k = ${k}, ${dims} dense dims)`, () => {
      const p = randomRows(300, 60, dims, k * 31 + dims);
      const c = randomCentroids(60, dims, k, 7 + k);
      const rows = someRows(p.n);
      const want = { assign: new Int32Array(p.n).fill(-1), sim: new Float32Array(p.n) };
      const got = { assign: new Int32Array(p.n).fill(-1), sim: new Float32Array(p.n) };
      const total = assignRowsJs(p, c, rows, want.assign, want.sim);
      expect(assignRowsKernel(p, c, rows, got.assign, got.sim)).toBe(total);
      expect([...got.assign]).toEqual([...want.assign]);
      expect([...got.sim]).toEqual([...want.sim]);
    });

    it(`run Lloyd's iterations as the JavaScript did, bit for bit (k = ${k}, ${dims} dense dims)`, () => {
      const p = randomRows(400, 50, dims, 100 + k);
      const rows = someRows(p.n);
      const active = activeOf(p, rows);
      const start = randomCentroids(50, dims, k, 3 + k);
      for (const t of Array.from({ length: 50 }, (_, x) => x))
        if (!active.includes(t)) start.sparse.fill(0, t * k, (t + 1) * k);
      const js = { ...start, sparse: start.sparse.slice(), dense: start.dense.slice() };
      const wasm = { ...start, sparse: start.sparse.slice(), dense: start.dense.slice() };
      const want = { assign: new Int32Array(p.n).fill(-1), sim: new Float32Array(p.n) };
      // The kernel's themes and cosines are by position in `rows`.
      const got = { assign: new Int32Array(rows.length).fill(-1), sim: new Float32Array(rows.length) };
      const ref = lloydJs(p, js, rows, active, 12, want.assign, want.sim);
      const prev = new Int32Array(rows.length).fill(-1);
      const step = lloydKernel(p, wasm, rows, active, 12, got.assign, got.sim, prev);
      expect(step).toEqual(ref);
      expect(step.passes).toBeGreaterThan(1);
      expect([...got.assign]).toEqual(Array.from(rows, (i) => want.assign[i]));
      expect([...got.sim]).toEqual(Array.from(rows, (i) => want.sim[i]));
      expect([...wasm.sparse]).toEqual([...js.sparse]);
      expect([...wasm.dense]).toEqual([...js.dense]);
      expect([...prev]).toEqual([...got.assign]);
    });

    // Votes from every term, or (random themes spread terms evenly) from terms with 1.5 times an even share.
    for (const minConcentration of [0, 1.5 / k]) {
      it(`run naive Bayes rounds as the JavaScript did (k = ${k}, concentration ${minConcentration.toFixed(2)})`, () => {
        if (dims > 0) return;
        const p = randomRows(500, 40, 0, 900 + k);
        const rows = someRows(p.n);
        const rand = lcg(k);
        const start = Int32Array.from({ length: p.n }, () => Math.floor(rand() * k));
        const want = start.slice();
        const got = start.slice();
        const rounds = refineNaiveBayesJs(p, want, rows, k, 6, 0.5, 70, minConcentration);
        const ran = naiveBayesKernel(p, rows, got, {
          k,
          rounds: 6,
          smoothing: 0.5,
          vocabulary: 70,
          minConcentration,
          logTable: logTable(0.5, rows.length),
        });
        expect(ran).toBe(rounds);
        expect([...got]).toEqual([...want]);
        if (k > 1) expect(got.some((q, i) => q !== start[i])).toBe(true);
      });
    }
  }

  for (const [k, dims] of [
    [1, 0],
    [6, 0],
    [9, 4],
  ] as const) {
    it(`pick k-means++ seeds as the JavaScript did (k = ${k}, ${dims} dense dims)`, () => {
      const p = randomRows(300, 40, dims, 40 + k);
      const rows = someRows(p.n);
      const want = kmeansPlusPlusJs(p, rows, k, mulberry32(k));
      const got = kmeansPlusPlusKernel(p, rows, k, mulberry32(k));
      expect([...got]).toEqual(want);
      expect(new Set(want).size).toBe(k);
    });
  }

  it('pick a fresh random row when every row already sits on a pick', () => {
    // Three rows, all the same: after the first pick no row is any distance away.
    const p: Case = {
      n: 3,
      width: 2,
      rowPtr: Int32Array.from([0, 1, 2, 3]),
      cols: Int32Array.from([1, 1, 1]),
      vals: Float32Array.from([1, 1, 1]),
      dense: new Float32Array(0),
      dims: 0,
    };
    const rows = Int32Array.from([0, 1, 2]);
    expect([...kmeansPlusPlusKernel(p, rows, 3, mulberry32(5))]).toEqual(
      kmeansPlusPlusJs(p, rows, 3, mulberry32(5)),
    );
  });

  for (const dims of [0, 5]) {
    it(`compute the silhouette's distances and sums as the JavaScript did (${dims} dense dims)`, () => {
      // 123 rows: the kernel sums four rows at a time, then the last three one by one.
      const p = randomRows(246, 30, dims, 7 + dims);
      const rows = someRows(p.n);
      expect(rows.length).toBe(123);
      const dist = distancesKernel(p, rows);
      expect([...dist]).toEqual([...distancesJs(p, rows)]);
      for (const k of [1, 4, 7]) {
        const rand = lcg(k);
        // Theme k − 1 has one row, so the singleton and empty-theme cases are both met for k > 1.
        const owner = Int32Array.from(rows, (_, s) =>
          s === 0 ? k - 1 : Math.floor(rand() * Math.max(1, k - 1)),
        );
        const count = new Float64Array(k);
        for (const q of owner) count[q]!++;
        expect(silhouetteSumKernel(dist, owner, count, k)).toBe(silhouetteSumJs(dist, owner, count, k));
      }
    });
  }

  for (const [k, dims] of [
    [3, 0],
    [8, 0],
    [5, 3],
  ] as const) {
    it(`find spread words and their gains as the JavaScript did (k = ${k}, ${dims} dense dims)`, () => {
      // Few columns, so words are used often; random themes, so most are spread.
      const p = randomRows(400, 12, dims, 60 + k);
      const rows = someRows(p.n);
      const byTerm = rowsByTermJs(p, rows);
      const rand = lcg(k + 1);
      const assign = Int32Array.from({ length: p.n }, () => Math.floor(rand() * k));
      const unit = randomCentroids(12, dims, k, 61);
      const norms = Float64Array.from({ length: k }, () => 1 + rand() * 20);
      const want = spreadTermJs(p, byTerm, assign, unit, norms, 10, 4);
      expect(want.length).toBe(4);
      expect(spreadTermKernel(p, byTerm, assign, unit, norms, 10, 4)).toEqual(want);
      // Fewer candidates than asked for: a threshold only the most used words reach.
      const uses = Array.from({ length: 12 }, (_, t) => byTerm.start[t + 1]! - byTerm.start[t]!).sort(
        (x, y) => y - x,
      );
      const few = spreadTermJs(p, byTerm, assign, unit, norms, uses[1]!, 4);
      expect(few.length).toBeGreaterThan(0);
      expect(few.length).toBeLessThan(4);
      expect(spreadTermKernel(p, byTerm, assign, unit, norms, uses[1]!, 4)).toEqual(few);
    });
  }

  for (const [k, dims] of [
    [2, 0],
    [7, 0],
    [4, 3],
  ] as const) {
    it(`add up themes, their norms and next-best themes as the JavaScript did (k = ${k}, ${dims} dense dims)`, () => {
      const p = randomRows(300, 25, dims, 80 + k);
      const rows = someRows(p.n);
      const rand = lcg(k + 9);
      // The last theme gets no rows: its sum stays zero and its unit factor 1.
      const assign = Int32Array.from({ length: p.n }, () => Math.floor(rand() * Math.max(1, k - 1)));
      for (const unit of [false, true]) {
        const want = clusterSumsJs(p, rows, assign, k, unit);
        const got = clusterSumsKernel(p, rows, assign, k, unit ? 'unit' : 'plain');
        expect([...got.sizes]).toEqual([...want.sizes]);
        expect([...got.norms]).toEqual([...want.norms]);
        expect([...got.sparse!]).toEqual([...want.sparse]);
        expect([...got.dense!]).toEqual([...want.dense]);
      }
      expect(clusterSumsKernel(p, rows, assign, k, 'none').sparse).toBeUndefined();
      expect(sumNormKernel(p, rows.subarray(0, 50))).toBe(sumNormJs(p, rows.subarray(0, 50)));
      const c = randomCentroids(25, dims, k, 81);
      for (const split of [-1, 0, k - 1]) {
        const got = nextBestKernel(p, c, rows, assign, split);
        const want = nextBestJs(p, c, rows, assign, split);
        expect([...got.next]).toEqual([...want.next]);
        expect([...got.margin]).toEqual([...want.margin]);
      }
    });
  }

  for (const [k, dims] of [
    [5, 0],
    [6, 3],
  ] as const) {
    it(`recompute unit centroids as the JavaScript did (k = ${k}, ${dims} dense dims)`, () => {
      const p = randomRows(200, 30, dims, 90 + k);
      const rows = someRows(p.n);
      const rand = lcg(k + 3);
      const assign = Int32Array.from({ length: p.n }, () => Math.floor(rand() * k));
      for (const active of [activeOf(p, rows), Int32Array.from({ length: 30 }, (_, t) => t)]) {
        const start = randomCentroids(30, dims, k, 91);
        for (let t = 0; t < 30; t++) if (!active.includes(t)) start.sparse.fill(0, t * k, (t + 1) * k);
        const js = { ...start, sparse: start.sparse.slice(), dense: start.dense.slice() };
        const wasm = { ...start, sparse: start.sparse.slice(), dense: start.dense.slice() };
        expect(updateCentroidsKernel(p, wasm, rows, assign, active)).toBe(
          updateCentroidsJs(p, js, rows, assign, active),
        );
        expect([...wasm.sparse]).toEqual([...js.sparse]);
        expect([...wasm.dense]).toEqual([...js.dense]);
      }
      // A theme without members: the plain sums come back, unscaled.
      const none = Int32Array.from(assign, (q) => (q === k - 1 ? 0 : q));
      const js = randomCentroids(30, dims, k, 92);
      const wasm = { ...js, sparse: js.sparse.slice(), dense: js.dense.slice() };
      const all = Int32Array.from({ length: 30 }, (_, t) => t);
      expect(updateCentroidsKernel(p, wasm, rows, none, all)).toBe(false);
      expect(updateCentroidsJs(p, js, rows, none, all)).toBe(false);
      expect([...wasm.sparse]).toEqual([...js.sparse]);
    });
  }

  it('add up the upper triangle of XᵀX as the JavaScript did', () => {
    for (const [n, d, step] of [
      [50, 7, 1],
      [61, 10, 3],
    ] as const) {
      const rand = lcg(n);
      const x = Float32Array.from({ length: n * d }, () => (rand() < 0.15 ? 0 : rand() - 0.5));
      const want = new Float64Array(d * d);
      const got = new Float64Array(d * d);
      upperProductsJs(x, n, d, step, want);
      upperProductsKernel(x, n, d, step, got);
      expect([...got]).toEqual([...want]);
    }
  });

  it('list the columns rows use, ascending', () => {
    const p = randomRows(120, 300, 0, 3);
    const rows = someRows(p.n);
    expect([...activeColumnsKernel(p, rows)]).toEqual([...activeOf(p, rows)]);
    expect([...activeColumnsKernel(p, new Int32Array(0))]).toEqual([]);
  });

  it('refuse themes outside 0..k−1 (a kernel would read another table), with a RangeError', () => {
    const p = randomRows(40, 10, 0, 4);
    const rows = someRows(p.n);
    const assign = new Int32Array(p.n).fill(1);
    assign[rows[3]!] = 3;
    const o = {
      k: 3,
      rounds: 2,
      smoothing: 1,
      vocabulary: 10,
      minConcentration: 0,
      logTable: logTable(1, 40),
    };
    expect(() => naiveBayesKernel(p, rows, assign, o)).toThrow(RangeError);
    expect(() => clusterSumsKernel(p, rows, assign, 3, 'none')).toThrow(/row 6 has theme 3/);
    assign[rows[3]!] = -1;
    expect(() => nextBestKernel(p, randomCentroids(10, 0, 3, 1), rows, assign, 0)).toThrow(RangeError);
  });

  it('hand back when a theme is left empty, with its members added up', () => {
    const p = randomRows(200, 30, 0, 5);
    const rows = someRows(p.n);
    const active = activeOf(p, rows);
    // Two identical centroids: ties go to the lower index, so the second gets no member.
    const c = randomCentroids(30, 0, 3, 11);
    for (let t = 0; t < 30; t++) c.sparse[t * 3 + 2] = c.sparse[t * 3 + 1]!;
    const js = { ...c, sparse: c.sparse.slice() };
    const want = { assign: new Int32Array(p.n).fill(-1), sim: new Float32Array(p.n) };
    const got = { assign: new Int32Array(rows.length).fill(-1), sim: new Float32Array(rows.length) };
    const ref = lloydJs(p, js, rows, active, 10, want.assign, want.sim);
    const step = lloydKernel(
      p,
      c,
      rows,
      active,
      10,
      got.assign,
      got.sim,
      new Int32Array(rows.length).fill(-1),
    );
    expect(ref.empty).toBe(true);
    expect(step).toEqual(ref);
    expect([...c.sparse]).toEqual([...js.sparse]);
    expect([...got.assign]).toEqual(Array.from(rows, (i) => want.assign[i]));
  });

  it('give the same results after their memory is released and made again', () => {
    const p = randomRows(300, 60, 0, 77);
    const c = randomCentroids(60, 0, 9, 78);
    const rows = someRows(p.n);
    const run = () => {
      const assign = new Int32Array(p.n).fill(-1);
      const sim = new Float32Array(p.n);
      return { total: assignRowsKernel(p, c, rows, assign, sim), assign: [...assign] };
    };
    const release = holdKernels();
    const first = run();
    release();
    release(); // a second call is harmless
    expect(run()).toEqual(first);
  });
});
