/**
 * `npm run bench:digest:scale`: 100,000 imported replies across 12 weeks (texts from `../shared/datasets/*.csv`) →
 * the `voices digest --format json` path, timed. Target: ≤ 30 s on the project's machine.
 *
 * Figures printed:
 * - the CLI end to end (`voices digest --format json --weeks 11`, a fresh process: every one of the 12 weeks is
 *   themed, the period and its 11 previous weeks), and with the default `--weeks 4`;
 * - the same path in process, split into read / build / render;
 * - the size of the digest as stored (and the share of it that is each reply's theme placement).
 * The word-vector cache is built (once per machine) before timing. No peer exists for the digest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runDigest } from '../../src/cli/commands/digest.js';
import { openCliContext } from '../../src/cli/context.js';
import { addDays, localMidnight, periodEndingBefore } from '../../src/core/digest/period.js';
import type { NewReply } from '../../src/core/ports/store.js';
import { findThemes } from '../../src/core/themes/index.js';
import { rng } from './rng.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DATASETS = resolve(ROOT, '..', 'shared', 'datasets');
const REPLIES = Number(process.env.BENCH_REPLIES ?? 100_000);
const WEEKS = 12;
const TZ = 'America/Toronto';
const PROMPTS = ['noticed', 'working-well', 'new-idea'];
const GROUPS = ['parent', 'youth', 'senior', 'service-provider', 'other', null];

/** Every text column of the shared CSVs (`text`, or Polis's `comment-body`). */
function datasetTexts(): string[] {
  const texts: string[] = [];
  for (const file of readdirSync(DATASETS)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const rows = parse(readFileSync(join(DATASETS, file)), {
      columns: true,
      skip_empty_lines: true,
    }) as Array<Record<string, string>>;
    for (const row of rows) {
      const text = (row.text ?? row['comment-body'] ?? '').trim();
      if (text) texts.push(text);
    }
  }
  return texts;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'voices-bench-digest-'));
  const now = new Date();
  const env = {
    ...process.env,
    VOICES_DB: join(dir, 'bench.db'),
    VOICES_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    LOG_LEVEL: 'silent',
    TIMEZONE: TZ,
    ORG_NAME: 'Bench community',
  };
  try {
    const texts = datasetTexts();
    const period = periodEndingBefore(now, TZ);
    const firstDay = addDays(period.fromDate, -7 * (WEEKS - 1));
    const start = localMidnight(firstDay, TZ).getTime();
    const span = period.end.getTime() - start;
    const random = rng(7);
    const rows: NewReply[] = [];
    for (let i = 0; i < REPLIES; i++) {
      rows.push({
        participantId: null,
        promptId: PROMPTS[Math.floor(random() * PROMPTS.length)]!,
        isFollowUp: false,
        text: texts[Math.floor(random() * texts.length)]!,
        channel: 'offline',
        language: 'en',
        group: GROUPS[Math.floor(random() * GROUPS.length)]!,
        receivedAt: new Date(start + Math.floor(random() * span)),
        source: 'imported',
        importKey: `bench-${i}`,
      });
    }
    const ctx = await openCliContext(env);
    let t = performance.now();
    const imported = await ctx.store.insertImported(rows);
    console.log(
      `imported ${imported.toLocaleString('en')} replies (${texts.length.toLocaleString('en')} distinct texts from ${DATASETS}) over ${WEEKS} weeks ${firstDay} … ${period.toDate} in ${seconds(performance.now() - t)}`,
    );
    // One-time per machine: the word-vector cache (not part of a digest run).
    t = performance.now();
    await findThemes([{ id: 'warm', text: 'warm up the word vectors' }]);
    console.log(`word-vector cache ready in ${seconds(performance.now() - t)}`);

    // In process, the same path as the CLI, split into its parts.
    t = performance.now();
    const run = await runDigest(ctx, { format: 'json', weeks: WEEKS - 1 }, { now });
    const inProcess = performance.now() - t;
    await ctx.close();
    const themed = run.digest.participation.replies + run.digest.weeks.reduce((s, w) => s + w.replies, 0);
    console.log(
      `in process  --weeks ${WEEKS - 1}: ${seconds(inProcess)} (digest ${run.digest.id}: ${run.digest.participation.replies.toLocaleString('en')} replies this week, ${themed.toLocaleString('en')} themed across ${run.digest.weeks.length + 1} weeks, ${run.digest.prompts.reduce((s, p) => s + p.themes.length, 0)} themes)`,
    );
    // What the store keeps per digest (and per revision): the data, the engine's model and each reply's placement.
    const stored = Buffer.byteLength(JSON.stringify(run.digest));
    const placements = Buffer.byteLength(
      JSON.stringify(run.digest.prompts.map((p) => p.assignments ?? null)),
    );
    console.log(
      `stored body --weeks ${WEEKS - 1}: ${stored.toLocaleString('en')} bytes, of which replies' theme placements ${placements.toLocaleString('en')}`,
    );

    const cli = (args: string[]) => {
      const out = join(dir, `out-${args.join('')}.json`);
      const began = performance.now();
      const result = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'src/cli/main.ts'),
          'digest',
          '--format',
          'json',
          '--out',
          out,
          ...args,
        ],
        { env, cwd: ROOT, encoding: 'utf8' },
      );
      const ms = performance.now() - began;
      if (result.status !== 0) throw new Error(`voices digest failed: ${result.stderr}`);
      return { ms, bytes: statSync(out).size };
    };
    const all = cli(['--weeks', String(WEEKS - 1)]);
    console.log(
      `CLI         voices digest --format json --weeks ${WEEKS - 1}: ${seconds(all.ms)} (${all.bytes.toLocaleString('en')} bytes)  target ≤ 30 s: ${all.ms <= 30_000 ? 'met' : 'MISSED'}`,
    );
    const dflt = cli([]);
    console.log(`CLI         voices digest --format json (default --weeks 4): ${seconds(dflt.ms)}`);
    const whole = cli(['--from', firstDay, '--to', period.toDate, '--weeks', '0']);
    console.log(
      `CLI         voices digest --format json --from ${firstDay} --to ${period.toDate} (one 12-week period): ${seconds(whole.ms)}`,
    );
    console.log('peer: none for the digest');
    if (all.ms > 30_000) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
