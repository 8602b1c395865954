import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { findThemes } from '../../src/core/themes/find-themes.js';

const [file, k] = process.argv.slice(2);
const rows = parse(readFileSync(file!), { columns: true }) as Array<{
  id: string;
  text: string;
  label: string;
}>;
const gold = new Map(rows.map((r) => [r.id, r.label]));
const res = await findThemes(rows, { themes: Number(k) });
for (const t of res.themes) {
  const c = new Map<string, number>();
  for (const id of t.replyIds) c.set(gold.get(id)!, (c.get(gold.get(id)!) ?? 0) + 1);
  const top = [...c]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([l, n]) => `${l}:${n}`)
    .join(' ');
  console.log(t.replyIds.length, JSON.stringify(t.label), t.keywords.slice(0, 4).join('|'), '=>', top);
}
const u = new Map<string, number>();
for (const id of res.unthemed) u.set(gold.get(id)!, (u.get(gold.get(id)!) ?? 0) + 1);
console.log(
  'unthemed',
  [...u]
    .sort((a, b) => b[1] - a[1])
    .map(([l, n]) => `${l}:${n}`)
    .join(' '),
);
