/**
 * One clustering run, start to finish: spherical k-means (restarts on a sample, refined on all fitted rows), hard-EM
 * naive Bayes over concentrated terms, then merge–split moves settled by naive Bayes (see kmeans.ts). Pure data in,
 * pure data out. (Keeping the best of several seeds by the k-means objective was measured and did not raise NMI: on
 * stackoverflow the objective picked the worse of seed 42's pair; so a run no longer computes it.)
 */
import {
  assignRows,
  bisectThemes,
  type Centroids,
  type Clustering,
  emptyCentroids,
  mergeSplit,
  type Points,
  refineNaiveBayes,
  sphericalKMeans,
  updateCentroids,
} from './kmeans.js';

export interface ClusterParams {
  k: number;
  seed: number;
  /** k-means restarts, each on an evenly strided sample of `restartSample` fitted rows. */
  restarts: number;
  restartSample: number;
  restartIter: number;
  /** Lloyd iterations of the best restart on all fitted rows. */
  finalIter: number;
  nbRounds: number;
  /** Naive-Bayes rounds after each accepted merge–split move. */
  settleRounds: number;
  /** Naive-Bayes rounds after the last merge–split move (they stop at convergence). */
  finalRounds: number;
  maxMoves: number;
  nbSmoothing: number;
  /** See `refineNaiveBayes`: share of a term's uses one theme must hold for the term to vote. */
  nbMinConcentration: number;
}

/** What a run hands back: the theme of each fitted row. */
export interface ClusterRun {
  assign: Int32Array;
}

/**
 * A finished run whose themes the new run starts from, instead of k-means restarts: a run on other rows (a sample),
 * or one with fewer themes (choosing k: the previous candidate's), whose themes then get the extra ones.
 */
export interface ClusterStart {
  rows: Int32Array;
  assign: Int32Array;
}

/** Runs the whole pipeline once on `rows` (ascending row indices of non-zero rows). */
export function clusterOnce(
  points: Points,
  rows: Int32Array,
  o: ClusterParams,
  onStep?: () => void,
  from?: ClusterStart,
): ClusterRun {
  const k = o.k;
  let start: Centroids | undefined;
  if (from) start = startCentroids(points, from, k, o.seed);
  const c: Clustering = sphericalKMeans(points, {
    start,
    k,
    restarts: o.restarts,
    restartSample: o.restartSample,
    maxIter: o.restartIter,
    finalIter: o.finalIter,
    seed: o.seed,
    rows,
    onIteration: onStep,
  });
  assignRows(points, c.centroids, rows, c.assign, c.sim);
  if (k > 1) refineNaiveBayes(points, c.assign, rows, k, o.nbRounds, o.nbSmoothing, o.nbMinConcentration);
  if (k > 2) {
    mergeSplit(
      points,
      c.assign,
      rows,
      k,
      o.seed + 1,
      () => {
        refineNaiveBayes(points, c.assign, rows, k, o.settleRounds, o.nbSmoothing, o.nbMinConcentration);
        onStep?.();
      },
      Math.min(k, o.maxMoves),
    );
  }
  if (k > 1 && o.finalRounds > 0)
    refineNaiveBayes(points, c.assign, rows, k, o.finalRounds, o.nbSmoothing, o.nbMinConcentration);
  // Gives any theme naive Bayes and merge–split left empty the worst-fitting rows, as every k-means step does, so
  // the run hands back k themes.
  updateCentroids(points, c.centroids, rows, c.assign, c.sim);
  return { assign: c.assign };
}

/**
 * Centroids of the start's themes. A start with fewer themes than k (choosing k: the previous candidate's) first has
 * its least coherent themes parted in two until there are k (see `bisectThemes`).
 */
function startCentroids(points: Points, from: ClusterStart, k: number, seed: number): Centroids {
  const assign = Int32Array.from(from.assign);
  let had = 0;
  for (const i of from.rows) had = Math.max(had, assign[i]! + 1);
  if (had < k) bisectThemes(points, from.rows, assign, had, k, seed);
  const start = emptyCentroids(points, k);
  updateCentroids(points, start, from.rows, assign, new Float32Array(points.n));
  return start;
}
