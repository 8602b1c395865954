/** The digest as JSON: `voices digest --format json`. The theme engine's definitions are left out (only the next build reads them). */
import type { Digest } from '../types.js';

export function renderDigestJson(digest: Digest): string {
  const shown: Digest = { ...digest, prompts: digest.prompts.map(({ model: _model, ...p }) => p) };
  return `${JSON.stringify(shown, null, 2)}\n`;
}
