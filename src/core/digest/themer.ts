/** The real theme engine as the digest's `Themer`, loaded on first use (it reads its word-vector cache then). */
import type { Themer } from './build.js';

export const engineThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, options);
};

/**
 * The same engine with fewer k-means restarts and at most 2 merge–split moves per run (also in the runs that
 * choose k), for previous weeks: their themes serve only to match this week's themes and count their history,
 * where a slightly less polished clustering changes nothing visible. `npm run bench:digest`, `--weeks 11` (12
 * weeks of ~8,400 replies, each choosing k): 29.4 → 23.5 s with the 2-move limit.
 */
export const engineHistoryThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, { ...options, restarts: 2, cluster: { maxMoves: 2 } });
};
