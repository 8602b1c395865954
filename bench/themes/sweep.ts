/**
 * `npm run bench:themes:sweep -- [--sets bg,fr,banking77,stackoverflow] [--options JSON] [--stability] [--show]`
 *
 * The theme engine in-process on the labelled sets, scored as a facilitator reads themes
 * (`../shared/tools/score-community.py`: NMI, coherent, recall, distinct, unthemed) and, on banking77 and Stack
 * Overflow, NMI with unthemed replies as singletons (`metrics.ts`, as `bench:themes` scores them). Community sets
 * run in automatic mode unless `--true-k`; the two regression sets at their true k. Where every change to the
 * engine's constants is judged before `bench:themes` times it; tune on one community set, confirm on the other.
 *
 * `--stability` adds 2 % unrelated replies (Stack Overflow titles) to each community set and reports the share of
 * themes that keep a counterpart with ≥ 70 % member overlap (Jaccard), and checks that a shuffled input gives the
 * same themes. `--show` prints each theme's label, size, top gold topics and quotes. `--options` is merged into
 * the engine options, e.g. `--options '{"cluster":{"maxThemes":15}}'`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type EngineOptions, findThemes } from '../../src/core/themes/find-themes.js';
import type { ThemeInput, ThemeResult } from '../../src/core/themes/types.js';
import { scoreThemes } from './metrics.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const datasets = join(root, '../shared/datasets');
const scorer = join(root, '../shared/tools/score-community.py');

const SETS = {
  bg: { file: 'community-bg2050-volunteers-topics.csv', k: 25, background: 'Bowling Green,BG,Warren County' },
  fr: { file: 'community-fr-topics.csv', k: 20, background: '' },
  banking77: { file: 'banking77-train.csv', k: 77, background: '' },
  stackoverflow: { file: 'stackoverflow-titles.csv', k: 20, background: '' },
} as const;
type SetName = keyof typeof SETS;
const COMMUNITY: readonly SetName[] = ['bg', 'fr'];

const args = new Command()
  .option('--sets <names>', 'comma list of bg, fr, banking77, stackoverflow', 'bg,fr,banking77,stackoverflow')
  .option('--options <json>', 'engine options merged in', '{}')
  .option('--true-k', 'community sets at their number of topics too')
  .option('--stability', 'stability under 2 % unrelated replies, and determinism under a shuffle')
  .option('--show', 'print the themes')
  .option(
    '--extra <files>',
    'comma list of more labelled sets (id,text,label,label2), e.g. review sets kept outside the repo',
  )
  .parse()
  .opts();
const opts = z
  .object({
    sets: z.string(),
    options: z.string(),
    trueK: z.boolean().optional(),
    stability: z.boolean().optional(),
    show: z.boolean().optional(),
    extra: z.string().optional(),
  })
  .parse(args);
const extra = z.record(z.string(), z.unknown()).parse(JSON.parse(opts.options)) as EngineOptions;
const names = z.array(z.enum(['bg', 'fr', 'banking77', 'stackoverflow'])).parse(opts.sets.split(','));
const extraSets = (opts.extra ?? '').split(',').filter((f) => f.length > 0);
const tmp = mkdtempSync(join(tmpdir(), 'voices-sweep-'));

function rows(file: string): Array<Record<string, string>> {
  return parse(readFileSync(resolve(datasets, file)), { columns: true }) as Array<Record<string, string>>;
}

function score(file: string, result: ThemeResult, background: string): string {
  const out = join(tmp, 'themes.json');
  writeFileSync(out, JSON.stringify(result));
  const bg = background ? ['--background', background] : [];
  const child = spawnSync('python3', [scorer, resolve(datasets, file), out, ...bg], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`score-community.py failed: ${child.stderr}`);
  return child.stdout.trim();
}

/** Share of `before`'s themes with a theme in `after` sharing ≥ 70 % of members (Jaccard on `ids`). */
function kept(before: ThemeResult, after: ThemeResult, ids: ReadonlySet<string>): number {
  const sets = after.themes.map((t) => new Set(t.replyIds.filter((id) => ids.has(id))));
  let count = 0;
  for (const t of before.themes) {
    const a = new Set(t.replyIds);
    const best = Math.max(
      0,
      ...sets.map((b) => {
        let shared = 0;
        for (const id of a) if (b.has(id)) shared++;
        return shared / (a.size + b.size - shared);
      }),
    );
    if (best >= 0.7) count++;
  }
  return before.themes.length === 0 ? 1 : count / before.themes.length;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

try {
  const noise = rows(SETS.stackoverflow.file).map((r, i) => ({ id: `noise-${i}`, text: r.text! }));
  const all: Array<[string, { file: string; k: number; background: string }, boolean]> = [
    ...names.map((name): [string, (typeof SETS)[SetName], boolean] => [
      name,
      SETS[name],
      COMMUNITY.includes(name),
    ]),
    ...extraSets.map((file): [string, { file: string; k: number; background: string }, boolean] => [
      file.replace(/^.*\//u, '').replace(/\.csv$/u, ''),
      { file: resolve(file), k: 0, background: '' },
      true,
    ]),
  ];
  for (const [name, set, community] of all) {
    const data = rows(set.file);
    const inputs: ThemeInput[] = data.map((r) => ({ id: r.id!, text: r.text! }));
    const trueK = set.k || new Set(data.map((r) => r.label)).size;
    const runs = community ? [undefined, ...(opts.trueK ? [trueK] : [])] : [trueK];
    for (const k of runs) {
      const start = performance.now();
      const result = await findThemes(inputs, { ...extra, ...(k ? { themes: k } : {}) });
      const ms = performance.now() - start;
      const gold = new Map(data.map((r) => [r.id!, r.label!]));
      const singletons = community ? '' : ` nmi(singletons)=${scoreThemes(gold, result).nmi.toFixed(4)}`;
      const mode = k ? `--themes ${k}` : 'automatic';
      process.stdout.write(
        `${name.padEnd(13)} ${mode.padEnd(12)} ${score(set.file, result, set.background)}${singletons} ${ms.toFixed(0)} ms\n`,
      );
      if (opts.show) {
        const labels = new Map(data.map((r) => [r.id!, r.label!]));
        for (const t of result.themes) {
          const counts = new Map<string, number>();
          for (const id of t.replyIds) counts.set(labels.get(id)!, (counts.get(labels.get(id)!) ?? 0) + 1);
          const top = [...counts]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 2)
            .map(([l, c]) => `${l.slice(0, 30)}: ${c}`)
            .join(' | ');
          process.stdout.write(`  ${t.id} ${t.label} (${t.replyIds.length}) [${top}]\n`);
          for (const q of t.quotes)
            process.stdout.write(`      “${q.text.replace(/\s+/gu, ' ').slice(0, 110)}”\n`);
        }
      }
      if (opts.stability && community && !k) {
        const added = noise.filter((_, i) => i % 977 === 0).slice(0, Math.ceil(0.02 * inputs.length));
        const withNoise = await findThemes([...inputs, ...added], extra);
        const ids = new Set(inputs.map((r) => r.id));
        const again = await findThemes(shuffled(inputs, 7), extra);
        const same = JSON.stringify(again) === JSON.stringify(result);
        const noiseThemed = added.filter((r) => !withNoise.unthemed.includes(r.id)).length;
        process.stdout.write(
          `${''.padEnd(13)} stability: ${(100 * kept(result, withNoise, ids)).toFixed(0)} % of themes kept with ${added.length} unrelated replies added (${noiseThemed} of them themed); shuffled input ${same ? 'gives the same themes' : 'CHANGES the themes'}\n`,
        );
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
