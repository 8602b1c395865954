// Dev helper: time findThemes in-process on N replies built like the bench's scale file.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { winkEmbedder } from '../../src/core/themes/embedder.js';
import { findThemes } from '../../src/core/themes/find-themes.js';

const N = Number(process.argv[2] ?? 100000);
const base = ['banking77-train', 'stackoverflow-titles'].flatMap((f) =>
  (parse(readFileSync(`../shared/datasets/${f}.csv`), { columns: true }) as Array<{ text: string }>).map(
    (r) => r.text,
  ),
);
const rows = Array.from({ length: N }, (_, n) => {
  const copy = Math.floor(n / base.length);
  let w = base[n % base.length]!.split(/\s+/u).filter(Boolean);
  if (copy > 0 && w.length > 3) {
    const at = (n * 7 + copy) % w.length;
    w = copy % 2 ? w.filter((_, i) => i !== at) : [...w.slice(0, at), ...w.slice(at + 1), w[at]!];
  }
  return { id: `x${n + 1}`, text: w.join(' ') };
});
await winkEmbedder().embed(['x']);
let last = performance.now();
const t0 = last;
await findThemes(rows, {
  onProgress: (d) => {
    const now = performance.now();
    if (now - last > 300) {
      console.log('at', d, Math.round(now - t0));
    }
    last = now;
  },
});
console.log(
  'total',
  Math.round(performance.now() - t0),
  'rss',
  Math.round(process.resourceUsage().maxRSS / 1024),
);
