/**
 * `npm run bench:themes:subsamples -- [--files A.csv,B.csv] [--shares 0.7,0.85] [--seeds 6] [--options JSON]`
 *
 * The theme engine, in automatic mode, on random subsamples of labelled community sets (default: bg2050 and fr),
 * each scored by `../shared/tools/score-community.py` against its own rows. A whole dev file is one draw, and
 * tuning on it flatters the engine: the sets kept apart from development are similar sets, not these files. Per set
 * and share it prints each run's coherent share, their mean, how many reach 0.6, the mean recall ("topics found")
 * and the most replies left unthemed; last, the same over every run. Subsamples are drawn by a hash of the seed and
 * the row id, so a run is repeatable and a smaller share is not a subset of a larger one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { type EngineOptions, findThemes } from '../../src/core/themes/find-themes.js';
import { fnv1a } from '../../src/core/themes/text.js';
import { PYTHON, ROOT } from './methods.js';
import { DATASETS } from './sets.js';

const SCORER = join(ROOT, '../shared/tools/score-community.py');
const DEFAULT_FILES = ['community-bg2050-volunteers-topics.csv', 'community-fr-topics.csv'].map((f) =>
  join(DATASETS, f),
);
/** The bar for a coherent set of themes. */
const COHERENT = 0.6;

const opts = z
  .object({
    files: z.string(),
    shares: z.string(),
    seeds: z.coerce.number().int().min(1).max(100),
    options: z.string(),
  })
  .parse(
    new Command()
      .option('--files <csvs>', 'comma list of labelled sets (id,text,label,label2)', DEFAULT_FILES.join(','))
      .option('--shares <list>', 'comma list of the shares of rows drawn', '0.7,0.85')
      .option('--seeds <n>', 'subsamples per set and share', '6')
      .option('--options <json>', 'engine options merged in', '{}')
      .parse()
      .opts(),
  );
const engine = z.record(z.string(), z.unknown()).parse(JSON.parse(opts.options)) as EngineOptions;
const shares = z.array(z.coerce.number().gt(0).lte(1)).parse(opts.shares.split(','));
const files = opts.files.split(',').filter((f) => f.length > 0);
const Row = z.object({ id: z.string(), text: z.string(), label: z.string(), label2: z.string().optional() });
const Score = z.object({ coherent: z.number(), recall: z.number(), unthemed: z.number() });
const tmp = mkdtempSync(join(tmpdir(), 'voices-subsamples-'));

const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** score-community.py's figures for `themes` against `rows` alone. */
function score(rows: ReadonlyArray<z.infer<typeof Row>>, themes: unknown): z.infer<typeof Score> {
  const gold = join(tmp, 'gold.csv');
  const out = join(tmp, 'themes.json');
  writeFileSync(
    gold,
    [
      'id,text,label,label2',
      ...rows.map((r) => [r.id, r.text, r.label, r.label2 ?? ''].map(csvField).join(',')),
    ].join('\n'),
  );
  writeFileSync(out, JSON.stringify(themes));
  const child = spawnSync(PYTHON, [SCORER, gold, out], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`score-community.py failed: ${child.stderr}`);
  const figure = (name: string) => Number(new RegExp(`${name}=([0-9.]+)`).exec(child.stdout)?.[1]);
  return Score.parse({
    coherent: figure('coherent'),
    recall: figure('recall'),
    unthemed: figure('unthemed'),
  });
}

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

try {
  const all: number[] = [];
  const recalls: number[] = [];
  let worstUnthemed = 0;
  for (const file of files) {
    const data = z.array(Row).parse(parse(readFileSync(resolve(file)), { columns: true }));
    for (const share of shares) {
      const coherent: number[] = [];
      const recall: number[] = [];
      let unthemed = 0;
      for (let seed = 1; seed <= opts.seeds; seed++) {
        const rows = data.filter((r) => (fnv1a(`${seed}:${r.id}`) % 1000) / 1000 < share);
        const result = await findThemes(
          rows.map((r) => ({ id: r.id, text: r.text })),
          engine,
        );
        const s = score(rows, result);
        coherent.push(s.coherent);
        recall.push(s.recall);
        unthemed = Math.max(unthemed, s.unthemed);
      }
      all.push(...coherent);
      recalls.push(...recall);
      worstUnthemed = Math.max(worstUnthemed, unthemed);
      console.log(
        `${file.replace(/^.*\//u, '').padEnd(40)} ${share.toFixed(2)}  ${coherent.map((c) => c.toFixed(2)).join(' ')}  ` +
          `mean ${f3(mean(coherent))}, ≥ ${COHERENT}: ${coherent.filter((c) => c >= COHERENT).length}/${coherent.length}, ` +
          `recall ${f3(mean(recall))}, unthemed ≤ ${(unthemed * 100).toFixed(1)} %`,
      );
    }
  }
  console.log(
    `all: mean coherent ${f3(mean(all))}, runs ≥ ${COHERENT}: ${all.filter((c) => c >= COHERENT).length}/${all.length}, ` +
      `mean recall ${f3(mean(recalls))}, unthemed ≤ ${(worstUnthemed * 100).toFixed(1)} %`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
