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
    expect(run.output).toContain('November 9–15, 2026');
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
    expect(JSON.parse(shown.output)).toEqual(JSON.parse(first.output));
  });

  it('--language renders the stored digest in the language asked for', async () => {
    await runDigest(ctx, { post: true }, { themer: ruleThemer, now: NOW, adapters: [] });
    const fr = await runDigest(ctx, { format: 'md', language: 'fr' }, { themer: ruleThemer, now: NOW });
    expect(fr.output).toContain('# Synthèse de la semaine · Riverside');
    expect(fr.output).toContain('16–22 novembre 2026');
    expect(fr.output).toContain('remarqué dans votre communauté');
    expect(fr.output).toContain('Notes hors ligne');
    expect(fr.output).toContain('Parent ou proche aidant');
    await expect(runDigest(ctx, { language: 'de' }, { themer: ruleThemer })).rejects.toMatchObject({
      code: 'input_invalid',
    });
  });

  it('--rebuild revises a stored digest after late notes; --post sends the revision only when asked', async () => {
    const published: Array<{ id: string; revision: number | undefined; replies: number }> = [];
    const slack = {
      name: 'slack',
      publishDigest: async (d: Digest) =>
        void published.push({ id: d.id, revision: d.revision?.number, replies: d.participation.replies }),
    } as unknown as Adapter;
    const deps = { themer: ruleThemer, now: NOW, adapters: [slack] };
    await runDigest(ctx, { post: true }, deps);
    // Nothing new: nothing rebuilt.
    expect((await runDigest(ctx, { rebuild: true }, deps)).revised).toEqual([]);
    // Two notes of that week arrive later.
    const late = week3({ imported: false }).slice(0, 2);
    for (const r of late) r.text = `${r.text} (late note)`;
    await ctx.store.insertImported(
      late.map((r, n) => ({
        participantId: null,
        promptId: r.promptId,
        isFollowUp: false,
        text: r.text,
        channel: 'offline',
        language: r.language,
        group: r.group,
        receivedAt: r.receivedAt,
        source: 'imported' as const,
        importKey: `late${n}`,
      })),
    );
    const later = new Date('2026-11-25T15:00:00Z');
    const week = { from: '2026-11-16', to: '2026-11-22' };
    const rebuilt = await runDigest(ctx, { ...week, rebuild: true, format: 'md' }, { ...deps, now: later });
    expect(rebuilt.revised?.map((d) => [d.id, d.revision?.number, d.revision?.addedReplies])).toEqual([
      ['2026-11-16_2026-11-23', 2, 2],
    ]);
    expect(rebuilt.output).toContain(
      'Revised on November 25, 2026 (+2 replies since the first version of November 23, 2026).',
    );
    expect(rebuilt.digest.participation.replies).toBe(29);
    expect(
      (await ctx.store.read((r) => r.digestRevisions('2026-11-16_2026-11-23'))).map(
        (d) => d.participation.replies,
      ),
    ).toEqual([27, 29]);
    // Posting without --rebuild leaves Slack, which has the first version, alone; the files are replaced.
    const plain = await runDigest(ctx, { ...week, post: true }, { ...deps, now: later });
    expect(plain.outcome).toEqual({ posted: ['files'], skipped: ['slack'], failed: [], unconfigured: [] });
    expect(readFileSync(join(dir, 'digests', '2026-11-16_2026-11-23.md'), 'utf8')).toContain('Revised on');
    expect(published).toEqual([{ id: '2026-11-16_2026-11-23', revision: undefined, replies: 27 }]);
    // Asked for: --rebuild --post sends the revision to Slack once.
    const asked = await runDigest(ctx, { ...week, post: true, rebuild: true }, { ...deps, now: later });
    expect(asked.outcome?.posted).toEqual(['slack']);
    expect(published.at(-1)).toEqual({ id: '2026-11-16_2026-11-23', revision: 2, replies: 29 });
    const again = await runDigest(ctx, { ...week, post: true, rebuild: true }, { ...deps, now: later });
    expect(again.outcome?.posted).toEqual([]);
    expect(published).toHaveLength(2);
  });
});
