/** `voices report`: HTML of the whole campaign by default, French, and --pdf with or without Chromium. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/cli/commands/report.js';
import { type CliContext, openCliContext } from '../../../src/cli/context.js';
import { findChromium } from '../../../src/runner/report.js';
import { pdfText } from '../../helpers/pdf.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';
import { storeWeek3Digest } from '../../helpers/workspace.js';

let dir: string;
let ctx: CliContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-report-'));
  ctx = await openCliContext({
    VOICES_DB: join(dir, 'voices.db'),
    VOICES_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ORG_NAME: 'Riverside Community Centre',
    TIMEZONE: 'America/Toronto',
  });
  await storeWeek3Digest(ctx.store);
});

afterAll(() => {
  ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('voices report', () => {
  it('covers every stored week by default', async () => {
    const out = join(dir, 'report.html');
    const run = await runReport(ctx, { out }, { now: new Date('2026-11-23T12:00:00Z') });
    expect(run.report.weeks.map((w) => w.from)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('What we heard · Riverside Community Centre');
    expect(html).toContain('Themes over time');
  });

  it('takes a period and a language', async () => {
    const run = await runReport(ctx, { from: '2026-11-09', to: '2026-11-22', language: 'fr' });
    expect(run.report.weeks).toHaveLength(2);
    expect(run.html).toContain('Ce que nous avons entendu');
    expect(run.html).toContain('Parent ou proche aidant');
  });

  it('refuses bad options', async () => {
    await expect(runReport(ctx, { from: '2026-11-22', to: '2026-11-01' })).rejects.toThrow(/--to/);
    await expect(runReport(ctx, { language: 'de' })).rejects.toThrow(/--language/);
    await expect(runReport(ctx, { from: '22/11/2026' })).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('says clearly when Chromium is not installed', async () => {
    const pdf = join(dir, 'none.pdf');
    await expect(
      runReport(ctx, { pdf }, { env: { CHROMIUM_PATH: '/nonexistent/chromium', PATH: '' } }),
    ).rejects.toThrow(/needs Chromium, which is not installed/);
  });

  it.skipIf(!findChromium())(
    'prints a PDF with the themes in it',
    async () => {
      const pdf = join(dir, 'report.pdf');
      const run = await runReport(ctx, { pdf });
      expect(run.pdfBytes).toBeGreaterThan(1000);
      const { pages, text } = await pdfText(readFileSync(pdf));
      expect(pages).toBeGreaterThan(0);
      // pdf.js splits ligatures ("fi") into their own runs: compare without spaces.
      const flat = text.replace(/\s/g, '');
      for (const theme of run.report.prompts.flatMap((p) => p.themes))
        expect(flat).toContain(theme.label.replace(/\s/g, ''));
    },
    60_000,
  );
});
