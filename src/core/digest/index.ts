/**
 * The weekly digest: build once from stored replies (`buildDigest`), render per destination.
 * Pure: no store, no SDK. `src/store/digest-store.ts` reads the replies; the runner schedules it.
 */
import { renderDigestEmbeds } from './render/discord-embeds.js';
import { renderDigestHtml } from './render/html.js';
import { renderDigestJson } from './render/json.js';
import { renderDigestMarkdown } from './render/markdown.js';
import { renderDigestSlack } from './render/slack-blocks.js';
import { renderDigestText } from './render/text.js';
import type { Digest } from './types.js';

export { type BuildDigestInput, buildDigest, type DigestReply, NO_PROMPT, type Themer } from './build.js';
export * from './period.js';
export { renderDigestHtml } from './render/html.js';
export { renderDigestJson } from './render/json.js';
export { renderDigestMarkdown } from './render/markdown.js';
export { renderDigestText } from './render/text.js';
export type * from './types.js';

export const DIGEST_FORMATS = ['md', 'html', 'json', 'slack', 'discord', 'text'] as const;
/** Previous weeks themed for trends and the chart. */
export const DEFAULT_HISTORY_WEEKS = 4;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** The digest in `format`, as the text to print or write (Slack and Discord: their JSON payloads). */
export function renderDigest(digest: Digest, format: DigestFormat): string {
  switch (format) {
    case 'md':
      return renderDigestMarkdown(digest);
    case 'html':
      return renderDigestHtml(digest);
    case 'json':
      return renderDigestJson(digest);
    case 'text':
      return `${renderDigestText(digest)}\n`;
    case 'slack':
      return `${JSON.stringify(renderDigestSlack(digest), null, 2)}\n`;
    case 'discord':
      return `${JSON.stringify(renderDigestEmbeds(digest), null, 2)}\n`;
  }
}
