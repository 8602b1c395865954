import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { scrub } from '../../src/core/privacy/scrub/index.js';
const rows = ['polis-affordable-housing-comments.csv', 'polis-bg2050-volunteers-comments.csv'].flatMap((f) => parse(readFileSync(`../shared/datasets/${f}`, 'utf8'), { columns: true }) as Record<string, string>[]);
for (const r of rows) { const x = r['comment-body']!; const o = scrub(x); if (o.findings.length) console.log(o.findings.map((f) => `${f.type}:${JSON.stringify(x.slice(f.start, f.end))}`).join(' ')); }
