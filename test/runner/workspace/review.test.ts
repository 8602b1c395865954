/**
 * Reviewing a digest over HTTP: edits persist by theme key into later weeks, and bad form input
 * (missing, huge, wrong fields) gets a clear 4xx and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/core/digest/period.js';
import { ensureDigest } from '../../../src/runner/digest-scheduler.js';
import { PROMPT_TEXTS, ruleThemer } from '../../core/digest/fixtures.js';
import { direct } from '../../helpers/store.js';
import { startTestRunner, type TestRunner } from '../../helpers/test-runner.js';
import {
  getPage,
  ORGANIZER_KEY,
  postForm,
  type Session,
  signIn,
  storeWeek3Digest,
  WEEK3_ID,
} from '../../helpers/workspace.js';

let runner: TestRunner;
let session: Session;
const WEEK2_ID = '2026-11-09_2026-11-16';

beforeAll(async () => {
  runner = await startTestRunner({ DASHBOARD_TOKEN: ORGANIZER_KEY });
  await storeWeek3Digest(runner.store);
  session = await signIn(runner.url);
});

afterAll(async () => {
  await runner?.dispose();
});

const edit = (id: string, fields: Record<string, string>) =>
  postForm(runner.url, `/organizers/digests/${id}/edits`, session, fields);
const themeKeys = (html: string) => [...html.matchAll(/name="theme" value="([^"]+)"/g)].map((m) => m[1]!);

describe('edits persist', () => {
  it('a theme renamed in one week keeps its name in a later week', async () => {
    const week2 = await getPage(runner.url, `/organizers/digests/${WEEK2_ID}`, session);
    const busKey = themeKeys(week2.text).find((k) => k.includes('bus'))!;
    expect(busKey).toBeTruthy();
    expect((await edit(WEEK2_ID, { action: 'rename', theme: busKey, label: 'Transit delays' })).status).toBe(
      303,
    );

    // Week 3 was built with the same key for the bus theme: the name holds there too.
    const week3 = await getPage(runner.url, `/organizers/digests/${WEEK3_ID}`, session);
    expect(week3.text).toContain('Transit delays');
    // And in a week built after the edit.
    const settings = {
      store: runner.store,
      organization: 'Riverside Community Centre',
      language: 'en' as const,
      timezone: 'America/Toronto',
      promptTexts: PROMPT_TEXTS,
      themer: ruleThemer,
    };
    const { digest } = await ensureDigest(
      settings,
      periodOf('2026-11-23', '2026-11-29', 'America/Toronto'),
      new Date(),
    );
    const later = await runner.organizer.edited(digest);
    for (const theme of later.prompts.flatMap((p) => p.themes).filter((t) => t.key === busKey)) {
      expect(theme.label).toBe('Transit delays');
    }
    const log = await direct(runner.store).listThemeEdits();
    expect(log.at(-1)).toMatchObject({ action: 'rename', actor: 'organizer key', digestId: WEEK2_ID });
    expect(log.at(-1)?.createdAt).toBeInstanceOf(Date);
  });
});

describe('bad form input', () => {
  it('gets a clear 4xx and changes nothing', async () => {
    const page = await getPage(runner.url, `/organizers/digests/${WEEK3_ID}`, session);
    const [a, b] = themeKeys(page.text) as [string, string];
    const before = (await direct(runner.store).listThemeEdits()).length;
    const cases: Array<[string, Record<string, string>, number, RegExp]> = [
      ['no action', { theme: a }, 400, /action/],
      ['unknown action', { action: 'delete', theme: a }, 400, /action/],
      ['no theme', { action: 'hide' }, 400, /theme/],
      ['unknown theme', { action: 'hide', theme: 'no:such-theme' }, 400, /not a theme/],
      ['empty label', { action: 'rename', theme: a, label: '   ' }, 400, /label/],
      ['label too long', { action: 'rename', theme: a, label: 'x'.repeat(121) }, 400, /at most 120/],
      ['no label', { action: 'rename', theme: a }, 400, /label/],
      ['merge into itself', { action: 'merge', theme: a, into: a }, 400, /itself/],
      ['merge into nothing', { action: 'merge', theme: a, into: 'no:such' }, 400, /into/],
      ['no merge target', { action: 'merge', theme: a }, 400, /into/],
      ['bad quote id', { action: 'hide-quote', theme: a, quote: '<script>' }, 400, /quote/],
      ['unknown quote', { action: 'hide-quote', theme: a, quote: '0123456789abcdef' }, 400, /quote/],
      ['unmerge a theme never merged', { action: 'unmerge', theme: b }, 400, /not merged/],
      ['theme key too long', { action: 'hide', theme: 'k'.repeat(5000) }, 400, /theme/],
    ];
    for (const [name, fields, status, message] of cases) {
      const res = await edit(WEEK3_ID, fields);
      const text = await res.text();
      expect(res.status, name).toBe(status);
      expect(text, name).toMatch(message);
      // The message names the field, never echoes its value.
      expect(text, name).not.toContain('<script>');
    }
    // Huge: one field past the form limit, or too many fields.
    const huge = await edit(WEEK3_ID, { action: 'rename', theme: a, label: 'x'.repeat(40_000) });
    expect(huge.status).toBe(413);
    const many = await edit(
      WEEK3_ID,
      Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x'])),
    );
    expect(many.status).toBe(413);
    // Not a form at all.
    const json = await fetch(`${runner.url}/organizers/digests/${WEEK3_ID}/edits`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ _csrf: session.csrf, action: 'hide', theme: a }),
    });
    expect(json.status).toBe(415);
    // Unknown digest.
    expect(
      (
        await postForm(runner.url, '/organizers/digests/1999-01-01_1999-01-08/edits', session, {
          action: 'hide',
          theme: a,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await postForm(runner.url, '/organizers/digests/..%2F..%2Fetc/edits', session, {
          action: 'hide',
          theme: a,
        })
      ).status,
    ).toBe(404);
    // Approving a digest that is not in review.
    expect((await postForm(runner.url, `/organizers/digests/${WEEK3_ID}/approve`, session, {})).status).toBe(
      409,
    );

    expect(await direct(runner.store).listThemeEdits()).toHaveLength(before);
    const after = await getPage(runner.url, `/organizers/digests/${WEEK3_ID}`, session);
    expect(themeKeys(after.text)).toEqual(themeKeys(page.text));
    // Still signed in and working.
    expect(after.status).toBe(200);
  });

  it('a bad sign-in form gets a 4xx too', async () => {
    const { loginForm } = await import('../../helpers/workspace.js');
    const missing = await postForm(runner.url, '/organizers/login', await loginForm(runner.url), {});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('enter the organizer key');
    const huge = await postForm(runner.url, '/organizers/login', await loginForm(runner.url), {
      token: 'k'.repeat(600),
    });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('too long');
    const bigger = await postForm(runner.url, '/organizers/login', await loginForm(runner.url), {
      token: 'k'.repeat(100_000),
    });
    expect(bigger.status).toBe(413);
  });
});
