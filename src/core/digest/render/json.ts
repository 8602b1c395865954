/** The digest as JSON: `voices digest --format json`. The theme engine's definitions and the replies' theme assignments are left out (only the next build reads them). */
import { withoutThemeState } from '../build.js';
import type { Digest } from '../types.js';

export function renderDigestJson(digest: Digest): string {
  return `${JSON.stringify(withoutThemeState(digest), null, 2)}\n`;
}
