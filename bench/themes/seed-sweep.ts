/**
 * `npm run bench:themes:seeds -- [--dataset stackoverflow|banking77] [--seeds 16] [--auto] [--options JSON]`
 *
 * The theme engine in-process over many seeds: NMI, coverage and time per seed, then mean, median and minimum.
 * One seed says little (on stackoverflow NMI moves by ±0.01 between seeds), so every change to the clustering
 * budget or its constants is judged here before `bench:themes` times it. `--options` is merged into the engine
 * options, e.g. `--options '{"cluster":{"restartSample":4000}}'`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { readReplies } from '../../src/cli/commands/themes.js';
import { type EngineOptions, findThemes } from '../../src/core/themes/find-themes.js';
import { median, scoreThemes } from './metrics.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATASETS = {
  stackoverflow: { file: 'stackoverflow-titles.csv', k: 20 },
  banking77: { file: 'banking77-train.csv', k: 77 },
} as const;

const args = new Command()
  .option('--dataset <name>', 'stackoverflow or banking77', 'stackoverflow')
  .option('--seeds <n>', 'number of seeds (1, 2, 3, … after the default 42)', '8')
  .option('--auto', 'automatic number of themes instead of the true count')
  .option('--options <json>', 'engine options merged in', '{}')
  .parse()
  .opts();
const opts = z
  .object({
    dataset: z.enum(['stackoverflow', 'banking77']),
    seeds: z.coerce.number().int().min(1).max(100),
    auto: z.boolean().optional(),
    options: z.string(),
  })
  .parse(args);
const extra = z.record(z.string(), z.unknown()).parse(JSON.parse(opts.options)) as EngineOptions;
const { file, k } = DATASETS[opts.dataset];
const path = join(root, '../shared/datasets', file);
const rows = z
  .array(z.object({ id: z.string(), label: z.string() }))
  .parse(parse(readFileSync(path), { columns: true }));
const gold = new Map(rows.map((r) => [r.id, r.label]));
const { replies } = await readReplies(path);
const seeds = [42, ...Array.from({ length: opts.seeds - 1 }, (_, i) => i + 1)];

const nmis: number[] = [];
process.stdout.write(
  `${opts.dataset}, ${opts.auto ? 'automatic k' : `--themes ${k}`}, options ${opts.options}\n`,
);
for (const seed of seeds) {
  const start = performance.now();
  const result = await findThemes(replies, { ...extra, seed, themes: opts.auto ? undefined : k });
  const ms = performance.now() - start;
  const score = scoreThemes(gold, result);
  nmis.push(score.nmi);
  process.stdout.write(
    `  seed ${String(seed).padStart(3)}: NMI ${score.nmi.toFixed(3)}  ARI ${score.ari.toFixed(3)}  coverage ${score.coverage.toFixed(3)}  themes ${result.themes.length}  ${ms.toFixed(0)} ms\n`,
  );
}
const mean = nmis.reduce((a, b) => a + b, 0) / nmis.length;
process.stdout.write(
  `  NMI mean ${mean.toFixed(3)}, median ${median(nmis).toFixed(3)}, min ${Math.min(...nmis).toFixed(3)}, max ${Math.max(...nmis).toFixed(3)} over ${seeds.length} seeds\n`,
);
