/**
 * The real theme engine as the digest's `Themer`, loaded on first use. The runner and `voices digest` run these on a
 * worker thread (`src/runner/theme-worker/`), never on their event loop.
 */
import type { Themer } from './build.js';

export const engineThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, options);
};

/** Previous weeks: the same engine (it has no cheaper setting; automatic theming costs well under a second a week). */
export const engineHistoryThemer: Themer = engineThemer;
