/**
 * Automatic number of themes for larger inputs: the engine's own clustering run on a sample per candidate k (a
 * geometric grid), each scored by its silhouette (cosine distance) on a sub-sample whose distance matrix is computed
 * once. (Merging an over-clustered fit down the levels was tried: its partitions score far below refits at small k.)
 *
 * Why silhouette: it prefers partitions whose members are closer to each other than to the next theme, which a
 * size rule cannot see (20 broad topics and 77 narrow intents can come in the same number of replies).
 *
 * Why the whole pipeline per candidate, not plain k-means: the silhouette of plain k-means partitions of
 * stackoverflow titles is flat from 16 to 55 themes (0.03–0.05), so noise picked 30–55 for 20 tags (NMI 0.69).
 * After naive Bayes and merge–split the curve has a peak (0.047 at 16, 0.054 at 22, 0.054 at 30, 0.047 at 41):
 * 22 themes on 8 of 8 seeds, NMI 0.718–0.739. banking77 (77 intents) then gets 22–55 themes (NMI 0.61–0.66,
 * was 0.64–0.66 with 41–71): its silhouette peaks lower.
 *
 * Why each candidate starts from the previous candidate's themes, its least coherent themes parted in two by 2-means
 * until there are k (see `bisectThemes`), instead of k-means restarts: the restarts were about half of a candidate's
 * cost. Automatic k, cold processes (medians of interleaved runs): stackoverflow 1030 → 870 ms wall, banking77
 * 1090 → 920 ms. NMI over 32 seeds: stackoverflow mean 0.727 → 0.729 (worst 0.698 → 0.716), banking77 mean 0.621 →
 * 0.618 (median 0.621 → 0.628). Seeding each new theme at the worst-fitting reply instead was as fast but worse
 * (banking77 mean 0.609 over 16 seeds).
 */
import { kernelRows, type Points } from './kmeans.js';
import { distancesKernel, silhouetteSumKernel } from './wasm/kernels.js';

export interface ChooseKOptions {
  kMin: number;
  kMax: number;
  /** Rows to choose on (already sampled by the caller, ascending). */
  rows: Int32Array;
  /**
   * Clusters `rows` into k themes; returns the theme of every row, indexed by row (as `Clustering.assign`).
   * `previous` is what it returned for the previous (smaller) candidate, to start from; undefined for the first.
   */
  fit: (k: number, rows: Int32Array, previous: Int32Array | undefined) => Int32Array;
  /** Rows in the silhouette's distance matrix (cost m²). */
  silhouetteRows: number;
}

const GRID_RATIO = 1.35;
/**
 * Relative silhouette gain a larger k needs over the best smaller one, so fewer themes win near-ties. On
 * stackoverflow the pipeline's silhouette at 30 themes is 0.94–1.04 of that at 22 (6 seeds); 10 % keeps 22.
 */
const MARGIN = 0.1;
/**
 * Candidates scored without beating the best before the scan stops: the largest candidates cost the most
 * (stackoverflow: the scan ends at 55 instead of 100). Three, not two: banking77's curve dips and comes back
 * (seed 1: best at 22, lower at 30 and 41, then 55 beats it by the margin); with two that seed got 22 themes
 * (NMI 0.577) instead of 55 (0.657). With candidates grown from the previous one's themes, two still cost banking77:
 * NMI mean 0.618 → 0.615, worst 0.562 → 0.540 over 32 seeds (stackoverflow unchanged).
 */
const PATIENCE = 3;

export interface KChoice {
  k: number;
  /** The chosen candidate's partition from `fit`; undefined when no candidate was fitted (kMax ≤ kMin). */
  assign?: Int32Array;
  /** Silhouette per candidate k (index k), NaN where not evaluated. */
  silhouette: Float64Array;
}

/**
 * Silhouette (cosine distance) of partitions of the same rows, on an evenly strided sub-sample of at most `maxRows`
 * of them whose pairwise distances are computed once.
 */
class Silhouette {
  private readonly sub: Int32Array;
  private readonly dist: Float32Array;

  constructor(p: Points, rows: Int32Array, maxRows: number) {
    const step = Math.max(1, Math.ceil(rows.length / maxRows));
    this.sub = rows.filter((_, r) => r % step === 0);
    this.dist = distances(p, this.sub);
  }

  /** Mean silhouette of the partition `assign` (indexed by row, themes 0..k−1) over the sub-sample. */
  score(assign: Int32Array, k: number): number {
    const { sub, dist } = this;
    const m = sub.length;
    const owner = new Int32Array(m);
    for (let s = 0; s < m; s++) owner[s] = Math.max(0, assign[sub[s]!]!);
    const count = new Float64Array(k);
    for (let s = 0; s < m; s++) count[owner[s]!]!++;
    // Σ over rows of (b − a) / max(a, b); a row alone in its theme adds 0 (a kernel: m² additions per candidate).
    return silhouetteSumKernel(dist, owner, count, k) / m;
  }
}

/** Pairwise distances (1 − cosine) of `rows`, m × m (a kernel: m² / 2 sparse dot products). */
function distances(p: Points, rows: Int32Array): Float32Array {
  return distancesKernel(kernelRows(p), rows);
}

export function chooseK(p: Points, o: ChooseKOptions): KChoice {
  const rows = o.rows;
  const kMax = Math.min(o.kMax, rows.length);
  const kMin = Math.max(2, Math.min(o.kMin, kMax));
  const silhouette = new Float64Array(kMax + 1).fill(Number.NaN);
  if (kMax <= kMin) return { k: kMax, silhouette };
  const scorer = new Silhouette(p, rows, o.silhouetteRows);

  // Candidates: a geometric grid from kMin to kMax (GRID_RATIO apart: 4, 5, 7, 9, 12, 16, 22, 30, …).
  const candidates: number[] = [];
  for (let k = kMin; k < kMax; k = Math.max(k + 1, Math.round(k * GRID_RATIO))) candidates.push(k);
  candidates.push(kMax);
  let bestK = kMin;
  let bestAssign: Int32Array | undefined;
  let best = -Infinity;
  let since = 0;
  let previous: Int32Array | undefined;
  for (const k of candidates) {
    const assign = o.fit(k, rows, previous);
    previous = assign;
    const sil = scorer.score(assign, k);
    silhouette[k] = sil;
    // Fewer themes win near-ties: a larger k must beat the best by a margin.
    if (sil > best * (1 + MARGIN)) {
      [best, bestK, bestAssign] = [sil, k, assign];
      since = 0;
    } else if (++since >= PATIENCE) break;
  }
  return { k: bestK, assign: bestAssign, silhouette };
}
