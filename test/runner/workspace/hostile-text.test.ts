/**
 * A resident's reply containing `<script>` or `"><img onerror=…>` shows as text everywhere:
 * the workspace, the forum report, Slack and Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestReply } from '../../../src/core/digest/build.js';
import { renderDigestEmbeds } from '../../../src/core/digest/render/discord-embeds.js';
import { renderDigestSlack } from '../../../src/core/digest/render/slack-blocks.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { WEEK3 } from '../../core/digest/fixtures.js';
import { startTestRunner, type TestRunner } from '../../helpers/test-runner.js';
import {
  getPage,
  ORGANIZER_KEY,
  type Session,
  signIn,
  storeWeek3Digest,
  WEEK3_ID,
} from '../../helpers/workspace.js';

const SCRIPT = '<script>alert("bus")</script> the bus is late';
const IMG = '"><img src=x onerror=alert(1)> the bus again';
let runner: TestRunner;
let session: Session;
let digest: Digest;

const hostile = (text: string, n: number): DigestReply => ({
  id: `hostile-${n}`,
  promptId: 'noticed',
  text,
  group: 'parent',
  channel: 'sms',
  participantId: null,
  receivedAt: new Date(WEEK3.start.getTime() + 3_600_000 * (n + 1)),
  language: 'en',
});

beforeAll(async () => {
  runner = await startTestRunner({ DASHBOARD_TOKEN: ORGANIZER_KEY });
  // Enough copies that the bus theme quotes them.
  const extra = Array.from({ length: 6 }, (_, n) => hostile(n % 2 ? IMG : SCRIPT, n));
  digest = await storeWeek3Digest(runner.store, extra);
  session = await signIn(runner.url);
});

afterAll(async () => {
  await runner?.dispose();
});

function quoted(d: Digest): string[] {
  return d.prompts.flatMap((p) => p.themes.flatMap((t) => t.quotes.map((q) => q.text)));
}

describe('hostile replies show as text', () => {
  it('are quoted in the digest (so the checks below mean something)', () => {
    expect(quoted(digest).some((q) => q === SCRIPT || q === IMG)).toBe(true);
  });

  it('in the workspace: digest page and replies', async () => {
    for (const path of [`/organizers/digests/${WEEK3_ID}`, '/organizers/replies?q=bus']) {
      const page = await getPage(runner.url, path, session);
      expect(page.status).toBe(200);
      expect(page.text, path).not.toContain('<script>alert');
      expect(page.text, path).not.toContain('<img src=x');
      expect(page.text, path).toMatch(
        /&lt;script&gt;alert\(&quot;bus&quot;\)&lt;\/script&gt;|&lt;img src=x onerror=alert\(1\)&gt;/,
      );
    }
  });

  it('in the forum report', async () => {
    const page = await getPage(runner.url, '/organizers/report', session);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in Slack: mrkdwn escapes <, > and &', () => {
    const json = JSON.stringify(renderDigestSlack(digest));
    expect(json).not.toContain('<script>');
    expect(json).not.toContain('<img');
    expect(json).toContain('&lt;script&gt;');
    expect(json).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in Discord: no markup of theirs is interpreted', () => {
    const texts = renderDigestEmbeds(digest)
      .flatMap((m) => m.embeds)
      .flatMap((e) => [
        e.title ?? '',
        e.description ?? '',
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      ]);
    const all = texts.join('\n');
    // Discord shows each theme's first two quotes; it renders no HTML: the words show exactly as written, inside a
    // quote line.
    const shown = digest.prompts
      .flatMap((p) => p.themes.flatMap((t) => t.quotes.slice(0, 2).map((q) => q.text)))
      .filter((q) => q === SCRIPT || q === IMG);
    expect(shown.length).toBeGreaterThan(0);
    for (const quote of shown) expect(all).toContain(`> ${quote}`);
  });
});
