/**
 * The digest's HTML file (DIGEST_DIR) in a real browser: headless Chromium (Debian `chromium`)
 * driven by playwright-core draws its charts. Outside CI a machine without chromium skips this
 * file, loudly; in CI (`CI=true`, where `.ci/run` installs it) a missing browser fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/digest/period.js';
import { renderDigestHtml } from '../../src/core/digest/render/html.js';
import type { Digest } from '../../src/core/digest/types.js';
import { ensureDigest } from '../../src/runner/digest-scheduler.js';
import { importReplies, PROMPT_TEXTS, ruleThemer, week1, week2, week3 } from '../core/digest/fixtures.js';
import { launchChromium, skipBrowserTests } from '../helpers/chromium.js';
import { startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const skip = skipBrowserTests('test/browser/digest-html.test.ts');

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) into RGBA rows. */
function decodePng(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect(png.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(data[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => [...out.subarray(y * stride + x * channels, y * stride + x * channels + 3)],
  };
}

describe.skipIf(skip)('the digest HTML file in headless Chromium', () => {
  let runner: TestRunner;
  let browser: Browser;
  let shots: string;
  let digest: Digest;

  beforeAll(async () => {
    shots = mkdtempSync(join(tmpdir(), 'voices-shots-'));
    runner = await startTestRunner();
    await importReplies(runner.store, [...week1(), ...week2(), ...week3()], 'offline');
    digest = (
      await ensureDigest(
        {
          store: runner.store,
          organization: 'Riverside Community Centre',
          language: 'en',
          timezone: 'America/Toronto',
          promptTexts: PROMPT_TEXTS,
          themer: ruleThemer,
        },
        periodOf('2026-11-16', '2026-11-22', 'America/Toronto'),
        new Date(),
      )
    ).digest;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await runner?.dispose();
    if (shots) rmSync(shots, { recursive: true, force: true });
  });

  it('renders its charts', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.setContent(renderDigestHtml(digest));
    await expect.poll(() => page.title()).toContain('Riverside Community Centre');
    const chart = page.locator('svg#themes-chart');
    await chart.waitFor({ state: 'visible' });
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(100);
    // Three themes, each drawn as a line with a length in the layout (the fourth's people count is hidden, so its
    // weeks are not charted).
    const lengths = await page
      .locator('svg#themes-chart polyline')
      .evaluateAll((lines) =>
        lines.map((l) => (l as unknown as { getTotalLength(): number }).getTotalLength()),
      );
    expect(lengths).toHaveLength(3);
    expect(lengths.every((n) => n > 10)).toBe(true);
    await expect.poll(() => page.locator('svg#participation-chart rect').count()).toBe(5);

    const full = join(shots, 'digest.png');
    await page.screenshot({ path: full, fullPage: true });
    expect(decodePng(readFileSync(full)).height).toBeGreaterThan(1000);
    const chartShot = join(shots, 'themes-chart.png');
    await chart.screenshot({ path: chartShot });
    const png = decodePng(readFileSync(chartShot));
    expect(png.width).toBe(Math.round(box!.width));
    // The first theme's line is drawn in #0072B2: the chart's pixels include that blue, not just white.
    let blue = 0;
    let white = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const [r, g, b] = png.pixel(x, y);
        if (Math.abs(r! - 0x00) < 30 && Math.abs(g! - 0x72) < 30 && Math.abs(b! - 0xb2) < 30) blue += 1;
        if (r! > 245 && g! > 245 && b! > 245) white += 1;
      }
    }
    expect(blue).toBeGreaterThan(50);
    expect(white).toBeLessThan(png.width * png.height);
    // Self-contained: nothing was fetched.
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    await page.close();
  });
});
