/** The digest as JSON: `voices digest --format json`. The theme engine's definitions and the replies' theme assignments are left out (only the next build reads them). */
import type { Digest } from '../types.js';

export function renderDigestJson(digest: Digest): string {
  const shown: Digest = {
    ...digest,
    prompts: digest.prompts.map(({ model: _model, assignments: _assignments, ...p }) => p),
  };
  return `${JSON.stringify(shown, null, 2)}\n`;
}
