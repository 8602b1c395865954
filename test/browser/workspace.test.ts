/**
 * The organizers' workspace in a real browser (Debian `chromium` driven by playwright-core) against
 * the real runner with the Slack adapter on a local fake Slack: sign in, review a digest (rename,
 * merge, hide a quote), approve it and see it posted once, search replies and download them,
 * print the forum report to PDF. Every page is saved as a screenshot at desktop and phone widths
 * under test-results/screenshots/. Outside CI a machine without chromium skips this file, loudly.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_CHANNEL, type SlackHarness, startSlackHarness } from '../adapters/slack/harness.js';
import { importReplies, week1, week2, week3 } from '../core/digest/fixtures.js';
import { launchChromium, skipBrowserTests } from '../helpers/chromium.js';
import { pdfText } from '../helpers/pdf.js';
import { direct } from '../helpers/store.js';
import { testClock } from '../helpers/test-runner.js';
import { ORGANIZER_KEY } from '../helpers/workspace.js';

const skip = skipBrowserTests('test/browser/workspace.test.ts');
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
const ID = '2026-11-16_2026-11-23';

/** Saves the page at both widths, full length; returns to the desktop width. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SHOTS, `${name}.${label}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDTHS.desktop);
}

describe.skipIf(skip)('organizers’ workspace in headless Chromium', () => {
  let harness: SlackHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const urls: string[] = [];
  const clock = testClock('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    harness = await startSlackHarness(
      { DASHBOARD_TOKEN: ORGANIZER_KEY, DIGEST_REVIEW_HOURS: '24' },
      undefined,
      clock.now,
    );
    const { runner } = harness;
    await importReplies(runner.store, [...week1(), ...week2(), ...week3()], 'offline');
    // The weekly run of Monday 23 November: the digest is built and waits for review.
    await direct(runner.store).setLastDigestRun(
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-01T00:00:00Z'),
    );
    clock.set('2026-11-23T15:00:00Z');
    await runner.digests.runDue();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: WIDTHS.desktop, acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (req) => urls.push(req.url()));
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const digestPosts = () =>
    harness.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === DIGEST_CHANNEL && !c.args.thread_ts);

  it('signs in with the organizer key', async () => {
    const base = harness.runner.url;
    await page.goto(`${base}/organizers/`);
    expect(new URL(page.url()).pathname).toBe('/organizers/login');
    await shoot(page, '01-login');
    await page.getByLabel('Organizer key').fill('not-the-key-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    await page.getByLabel('Organizer key').fill(ORGANIZER_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/organizers/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('workspace');
    expect(await page.getByRole('status').textContent()).toContain('awaits your review');
    await shoot(page, '02-overview');
    // The session cookie is HttpOnly: no script could read it.
    const cookie = (await context.cookies()).find((c) => c.name === 'voices_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('reviews a digest: rename, merge, hide a quote; every edit logged with who and when', async () => {
    await page.getByRole('link', { name: 'Digests', exact: true }).click();
    await shoot(page, '03-digests');
    await page.getByRole('link', { name: /2026-11-16/ }).click();
    await page.waitForURL(`**/organizers/digests/${ID}`);
    expect(await page.locator('#review-status').textContent()).toContain('in review until');
    expect(digestPosts()).toHaveLength(0);
    await shoot(page, '04-digest-review');

    const cards = page.locator('section.theme');
    const labels = await cards
      .locator('h3')
      .evaluateAll((hs) => hs.map((h) => (h.firstChild?.textContent ?? '').trim()));
    expect(labels.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = labels as [string, string, string];

    // Rename the first theme.
    const firstCard = cards.filter({ has: page.getByRole('heading', { name: first }) });
    await firstCard.getByLabel('Rename').fill('Buses running late');
    await firstCard.getByRole('button', { name: 'Rename' }).click();
    await expect
      .poll(() => page.locator('section.theme h3').allTextContents())
      .toContainEqual(expect.stringContaining('Buses running late'));

    // Merge the third theme into the second.
    const thirdCard = page
      .locator('section.theme')
      .filter({ has: page.getByRole('heading', { name: third }) });
    await thirdCard.getByLabel('Merge into').selectOption({ label: second });
    await thirdCard.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => page.locator('section.theme').count()).toBe(labels.length - 1);

    // Hide one quote of the renamed theme.
    const renamed = page
      .locator('section.theme')
      .filter({ has: page.getByRole('heading', { name: 'Buses running late' }) });
    const quotesBefore = await renamed.locator('blockquote').count();
    expect(quotesBefore).toBeGreaterThan(0);
    await renamed
      .getByRole('button', { name: /Hide this quote/ })
      .first()
      .click();
    await expect
      .poll(() =>
        page
          .locator('section.theme')
          .filter({ has: page.getByRole('heading', { name: 'Buses running late' }) })
          .locator('blockquote')
          .count(),
      )
      .toBe(quotesBefore - 1);

    const log = await page.locator('#edit-log tbody tr').allTextContents();
    expect(log).toHaveLength(3);
    expect(log.every((row) => row.includes('organizer key'))).toBe(true);
    expect(log.join('\n')).toContain('renamed');
    expect(log.join('\n')).toContain('merged');
    expect(log.join('\n')).toContain('hid a quote');
    expect((await direct(harness.runner.store).listThemeEdits()).map((e) => e.action)).toEqual([
      'rename',
      'merge',
      'hide-quote',
    ]);
    await shoot(page, '05-digest-edited');
  });

  it('approves the digest: posted to Slack once, with the edits', async () => {
    await page.getByRole('button', { name: 'Approve and post now' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Approved');
    expect(await page.locator('#review-status').textContent()).toContain('posted to slack');
    await shoot(page, '06-digest-approved');
    expect(digestPosts()).toHaveLength(1);
    const posted = JSON.stringify(digestPosts()[0]!.args);
    expect(posted).toContain('Buses running late');

    // Approving again, the review window ending, and the next scheduled pass post nothing more.
    clock.set('2026-11-25T00:00:00Z');
    await harness.runner.digests.releaseReviewed();
    await harness.runner.digests.runDue();
    expect(digestPosts()).toHaveLength(1);
    expect(page.getByRole('button', { name: 'Approve and post now' })).toBeTruthy();
    expect(await page.getByRole('button', { name: 'Approve and post now' }).count()).toBe(0);
  });

  it('searches replies and downloads what is shown as CSV', async () => {
    await page.getByRole('link', { name: 'Replies', exact: true }).click();
    await page.waitForURL('**/organizers/replies');
    const all = Number(/(\d+)/.exec((await page.locator('#reply-count').textContent()) ?? '')![1]);
    await shoot(page, '07-replies');
    await page.getByLabel('Search').fill('bus');
    await page.getByLabel('Group').selectOption('parent');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('q') === 'bus' && url.searchParams.get('group') === 'parent',
    );
    const shown = Number(/(\d+)/.exec((await page.locator('#reply-count').textContent()) ?? '')![1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(all);
    const texts = await page.locator('#replies td.reply-text').allTextContents();
    expect(texts.every((t) => /bus/i.test(t))).toBe(true);
    await shoot(page, '08-replies-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download these/ }).click(),
    ]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('received_at,prompt,group,channel,language,themes,text');
    expect(lines).toHaveLength(shown + 1);
    expect(lines.slice(1).every((l) => l.includes(',parent,') && /bus/i.test(l))).toBe(true);
  });

  it('prints the forum report to PDF: pages, and the themes in its text', async () => {
    await page.getByRole('link', { name: 'Forum report', exact: true }).click();
    await page.waitForURL('**/organizers/report');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('What we heard');
    const themes = await page
      .locator('section.theme h3')
      .evaluateAll((hs) => hs.map((h) => (h.firstChild?.textContent ?? '').trim()));
    expect(themes).toContain('Buses running late');
    // The merged theme is gone, and the hidden quote is not printed.
    expect(themes).toHaveLength(new Set(themes).size);
    await shoot(page, '09-report');
    // Charts: replies per week drawn, the heatmap a table with a header per group.
    expect(await page.locator('svg.replies-per-week rect').count()).toBeGreaterThan(0);
    expect(await page.locator('table.heatmap thead th').count()).toBeGreaterThan(1);

    // The browser's own Print → PDF, with the print styles.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    writeFileSync(join(SHOTS, '09-report.pdf'), pdf);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(0);
    const flat = text.replace(/\s/g, '');
    for (const theme of themes) expect(flat).toContain(theme.replace(/\s/g, ''));

    // French, from the toolbar.
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('Ce que nous avons entendu');
    await shoot(page, '10-report-fr');
  });

  it('never put the key in a URL', () => {
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((u) => u.includes(ORGANIZER_KEY))).toEqual([]);
  });
});
