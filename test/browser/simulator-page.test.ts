/**
 * The simulator page as a person uses it: headless Chromium types into a resident's card, sees the
 * bot's answers, adds a second resident, and switches to French. Outside CI a machine without
 * chromium skips this file, loudly; in CI (`CI=true`) a missing browser fails.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from '../helpers/chromium.js';
import { startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const skip = skipBrowserTests('test/browser/simulator-page.test.ts');

describe.skipIf(skip)('simulator page in headless Chromium', () => {
  let runner: TestRunner;
  let browser: Browser;
  let shots: string;

  beforeAll(async () => {
    shots = mkdtempSync(join(tmpdir(), 'voices-sim-shots-'));
    runner = await startTestRunner();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await runner?.dispose();
    if (shots) rmSync(shots, { recursive: true, force: true });
  });

  it('chats as two residents, one in English and one in French', async () => {
    const page = await browser.newPage();
    await page.goto(`${runner.url}/`);
    const first = page.locator('.phone').nth(0);
    const send = async (card: typeof first, text: string, expectBots: number) => {
      await card.locator('input').fill(text);
      await card.locator('button').click();
      await expect
        .poll(() => card.locator('.msg.bot').count(), { timeout: 5_000 })
        .toBeGreaterThanOrEqual(expectBots);
    };
    await send(first, 'hello', 1);
    expect(await first.locator('.msg.bot').nth(0).textContent()).toMatch(/Reply YES to join/);
    await send(first, 'yes', 2);
    await send(first, 'skip', 3);
    expect(await first.locator('.msg.bot').nth(2).textContent()).toBe(
      'What have you noticed in your community lately?',
    );

    await page.getByRole('button', { name: '+ Add a resident' }).click();
    const second = page.locator('.phone').nth(1);
    await send(second, 'Bonjour', 1);
    expect(await second.locator('.msg.bot').nth(0).textContent()).toMatch(/^Bonjour!/);
    await send(second, 'oui', 2);
    expect(await second.locator('.msg.bot').nth(1).textContent()).toMatch(/Qu'est-ce qui vous décrit/);

    // The resident's own words are shown as typed, never as HTML.
    await send(first, '<b>Our park</b> is lovely', 4);
    expect(await first.locator('.msg.me').last().textContent()).toBe('<b>Our park</b> is lovely');
    expect(await first.locator('.msg.me b').count()).toBe(0);

    // "One week later": the next question arrives in the card without editing any file.
    await send(first, 'It keeps seniors dry', 5);
    await expect.poll(() => page.locator('#clock').isVisible()).toBe(true);
    const before = await page.locator('#clock-now').textContent();
    await page.getByRole('button', { name: 'One week later' }).click();
    await expect
      .poll(() => first.locator('.msg.bot').last().textContent(), { timeout: 8_000 })
      .toBe('What is working well in our community right now?');
    // The periodic inbox poll can show the question before the clock bar redraws.
    await expect.poll(() => page.locator('#clock-offset').textContent()).toBe('+7 days ahead');
    expect(await page.locator('#clock-now').textContent()).not.toBe(before);

    const shot = join(shots, 'simulator.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(5_000);
    await page.close();
  });
});
