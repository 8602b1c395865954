import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { winkEmbedder } from '../../src/core/themes/embedder.js';
import { findThemes } from '../../src/core/themes/find-themes.js';
import { scoreThemes } from './metrics.js';

const [file, kArg, lw, noemb] = process.argv.slice(2);
const rows = parse(readFileSync(file!), { columns: true }) as Array<{
  id: string;
  text: string;
  label: string;
}>;
const gold = new Map(rows.map((r) => [r.id, r.label]));
let t = performance.now();
const emb = noemb ? null : winkEmbedder();
if (emb) await emb.embed(['warm']);
console.log('emb load', Math.round(performance.now() - t));
t = performance.now();
const res = await findThemes(
  rows.map((r) => ({ id: r.id, text: r.text })),
  {
    themes: kArg === 'auto' ? undefined : Number(kArg),
    restarts: process.env.R ? Number(process.env.R) : undefined,
    seed: process.env.S ? Number(process.env.S) : undefined,
    embedder: emb,
    lexicalWeight: lw ? Number(lw) : undefined,
  },
);
const ms = performance.now() - t;
console.log(
  file,
  'k',
  res.themes.length,
  scoreThemes(gold, res),
  Math.round(ms),
  'ms',
  'rss',
  Math.round(process.memoryUsage().rss / 1e6),
);
for (const th of res.themes.slice(0, 8))
  console.log(
    th.replyIds.length,
    JSON.stringify(th.label),
    th.keywords.join('|'),
    '::',
    th.quotes
      .map((q) => q.text)
      .join(' / ')
      .slice(0, 150),
  );
