import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../adapters/types.js';
import { runDigest } from '../../../src/cli/commands/digest.js';
import { type CliContext, openCliContext } from '../../../src/cli/context.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { countSegments } from '../../../src/core/sms/index.js';
import { importReplies, ruleThemer, week1, week2, week3 } from '../../core/digest/fixtures.js';
import { direct } from '../../helpers/store.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';

let dir: string;
let ctx: CliContext;
const NOW = new Date('2026-11-23T15:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-cli-digest-'));
  ctx = await openCliContext({
    VOICES_DB: join(dir, 'v.db'),
    VOICES_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ORG_NAME: 'Riverside',
    TIMEZONE: 'America/Toronto',
    DIGEST_DIR: join(dir, 'digests'),
  });
  await importReplies(ctx.store, [...week1(), ...week2(), ...week3()], 'offline');
});

afterEach(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('voices digest', () => {
  it('defaults to the last seven days in TIMEZONE and previews without storing', async () => {
    const run = await runDigest(ctx, { format: 'json' }, { themer: ruleThemer, now: NOW });
    expect(run.period.id).toBe('2026-11-16_2026-11-23');
    const digest = JSON.parse(run.output) as Digest;
    expect(digest.organization).toBe('Riverside');
    expect(digest.participation.replies).toBe(27);
    expect(digest.prompts[0]?.promptText).toBe('What have you noticed in your community lately?');
    expect(await direct(ctx.store).listDigests()).toEqual([]);
  });

  it('takes --from/--to (last day included), every format, and --out', async () => {
    const out = join(dir, 'week2.md');
    const run = await runDigest(
      ctx,
      { from: '2026-11-09', to: '2026-11-15', format: 'md', out },
      { themer: ruleThemer, now: NOW },
    );
    expect(run.digest.id).toBe('2026-11-09_2026-11-16');
    expect(readFileSync(out, 'utf8')).toBe(run.output);
    expect(run.output).toContain('2026-11-09 → 2026-11-15');
    const text = await runDigest(ctx, { format: 'text' }, { themer: ruleThemer, now: NOW });
    expect(countSegments(text.output.trim()).segments).toBeLessThanOrEqual(2);
    for (const format of ['html', 'slack', 'discord']) {
      const r = await runDigest(ctx, { format }, { themer: ruleThemer, now: NOW });
      expect(r.output.length).toBeGreaterThan(100);
    }
  });

  it('refuses bad options with a typed error', async () => {
    await expect(runDigest(ctx, { from: '2026-11-09' }, { themer: ruleThemer })).rejects.toMatchObject({
      code: 'input_invalid',
      message: expect.stringContaining('--from and --to go together'),
    });
    await expect(
      runDigest(ctx, { from: '2026-11-31', to: '2026-12-01' }, { themer: ruleThemer }),
    ).rejects.toMatchObject({ code: 'input_invalid' });
    await expect(runDigest(ctx, { format: 'pdf' }, { themer: ruleThemer })).rejects.toMatchObject({
      code: 'input_invalid',
    });
  });

  it('--post stores the period once and posts each destination once', async () => {
    const published: string[] = [];
    const slack = {
      name: 'slack',
      publishDigest: async (d: Digest) => void published.push(d.id),
    } as unknown as Adapter;
    const first = await runDigest(
      ctx,
      { post: true, format: 'json' },
      { themer: ruleThemer, now: NOW, adapters: [slack] },
    );
    expect(first.outcome).toEqual({ posted: ['slack', 'files'], skipped: [], failed: [], unconfigured: [] });
    expect(existsSync(join(dir, 'digests', '2026-11-16_2026-11-23.html'))).toBe(true);
    expect(existsSync(join(dir, 'digests', '2026-11-16_2026-11-23.md'))).toBe(true);
    const again = await runDigest(ctx, { post: true }, { themer: ruleThemer, now: NOW, adapters: [slack] });
    expect(again.outcome).toEqual({ posted: [], skipped: ['slack', 'files'], failed: [], unconfigured: [] });
    expect(published).toEqual(['2026-11-16_2026-11-23']);
    expect(await direct(ctx.store).postedDestinations('2026-11-16_2026-11-23')).toEqual(['files', 'slack']);
    // A stored period is shown as stored, even when built again later.
    const shown = await runDigest(
      ctx,
      { format: 'json' },
      { themer: () => ({ themes: [], unthemed: [] }), now: NOW },
    );
    expect(JSON.parse(shown.output)).toEqual(first.digest);
  });
});
