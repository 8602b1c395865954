/** The real theme engine as the digest's `Themer`, loaded on first use (it reads its word-vector cache then). */
import type { Themer } from './build.js';

export const engineThemer: Themer = async (inputs, options) => {
  const { findThemes } = await import('../themes/index.js');
  return findThemes(inputs, options);
};
