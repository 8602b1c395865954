/** The real theme engine as the digest's `Themer`, loaded on first use (it reads its word-vector cache then). */
import type { Themer } from './build.js';

export const engineThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, options);
};

/**
 * The same engine with fewer k-means restarts, for previous weeks: their themes serve only to match this
 * week's themes and count their history, where a slightly less polished clustering changes nothing visible.
 */
export const engineHistoryThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, { ...options, restarts: 2 });
};
