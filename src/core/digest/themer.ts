/**
 * The real theme engine as the digest's `Themer`, loaded on first use (it reads its word-vector cache then). The
 * runner and `voices digest` run these on a worker thread (`src/runner/theme-worker/`), never on their event loop.
 */
import type { Themer } from './build.js';

export const engineThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, options);
};

/**
 * The same engine with a smaller budget for previous weeks: fewer k-means restarts, at most 2 merge–split moves and
 * fewer naive-Bayes rounds per run (also in the runs that choose k). Their themes serve only to match this week's
 * themes and count their history, where a slightly less polished clustering changes nothing visible.
 * `npm run bench:digest`, `--weeks 11` (36 prompt-weeks of ~2,800 replies, each choosing k): 29.4 → 23.5 s with
 * the 2-move limit; later, on a machine ~10 % slower, 29.1 → 23.9 s with 4 + 2 naive-Bayes rounds instead of 8 + 4.
 */
export const engineHistoryThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, {
    ...options,
    restarts: 2,
    cluster: { maxMoves: 2, nbRounds: 4, finalRounds: 2 },
  });
};
