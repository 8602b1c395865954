import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { scoreThemes } from './metrics.js';

for (const [ds, m] of [
  ['banking77-train', 'kmeans'],
  ['banking77-train', 'nmf'],
  ['stackoverflow-titles', 'kmeans'],
  ['stackoverflow-titles', 'nmf'],
]) {
  const rows = parse(readFileSync(`../shared/datasets/${ds}.csv`), { columns: true }) as Array<{
    id: string;
    label: string;
  }>;
  const res = JSON.parse(readFileSync(`/tmp/peer-${ds}-${m}.json`, 'utf8'));
  console.log(ds, m, scoreThemes(new Map(rows.map((r) => [r.id, r.label])), res));
}
