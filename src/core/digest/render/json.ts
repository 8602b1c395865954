/** The digest as JSON: the stored form, and `voices digest --format json`. */
import type { Digest } from '../types.js';

export function renderDigestJson(digest: Digest): string {
  return `${JSON.stringify(digest, null, 2)}\n`;
}
