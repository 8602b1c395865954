/**
 * The files `bench:themes` themes, written as plain `id,text` CSVs into a scratch directory so neither side can
 * see the gold labels: the hand-coded community sets, the labelled regression sets, each community set with 2 %
 * unrelated replies added, the scale sets, and the Polis housing statements for reading.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';

export const DATASETS = join(import.meta.dirname, '../../../shared/datasets');

export interface Row {
  id: string;
  text: string;
  label: string;
}

export interface LabeledSet {
  name: string;
  /** The gold file (id,text,label[,label2]), for the scorers. */
  gold: string;
  /** The same replies as id,text, for the methods. */
  file: string;
  rows: Row[];
  /** The true k: the number of topics the set was coded with. */
  k: number;
  /** The town's own names, which must not label a theme when THEMES_BACKGROUND_WORDS is unset. */
  town?: string[];
}

const rowSchema = z.object({ id: z.string().min(1), text: z.string(), label: z.string() });

export function readLabeled(file: string): Row[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as unknown[];
  return rows.map((r) => rowSchema.parse(r));
}

export function writeIdText(
  dir: string,
  name: string,
  rows: ReadonlyArray<{ id: string; text: string }>,
): string {
  const file = join(dir, `${name}.csv`);
  writeFileSync(
    file,
    stringify(
      rows.map((r) => ({ id: r.id, text: r.text })),
      { header: true },
    ),
  );
  return file;
}

/** `k` defaults to the number of distinct labels. */
export function labeledSet(
  dir: string,
  name: string,
  goldName: string,
  options: { k?: number; town?: string[] } = {},
): LabeledSet {
  const gold = join(DATASETS, goldName);
  const rows = readLabeled(gold);
  const { town } = options;
  return {
    name,
    gold,
    file: writeIdText(dir, name, rows),
    rows,
    k: options.k ?? new Set(rows.map((r) => r.label)).size,
    ...(town ? { town } : {}),
  };
}

/**
 * `rows` plus 2 % (rounded up) replies from another domain, picked at a fixed stride through `noise` so every
 * run adds the same ones; their ids start with `noise-`.
 */
export function withNoise(
  rows: readonly Row[],
  noise: readonly Row[],
  share = 0.02,
): Array<{ id: string; text: string }> {
  const count = Math.ceil(rows.length * share);
  const stride = Math.floor(noise.length / count);
  const added = Array.from({ length: count }, (_, i) => ({
    id: `noise-${i + 1}`,
    text: noise[i * stride + 7]!.text,
  }));
  return [...rows.map((r) => ({ id: r.id, text: r.text })), ...added];
}

/** Statements of a Polis export (`comment-id`, `comment-body`), moderated-out ones included. */
export function readPolis(file: string): Array<{ id: string; text: string }> {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  return rows
    .map((r) => ({ id: `c${r['comment-id']}`, text: (r['comment-body'] ?? '').trim() }))
    .filter((r) => r.text !== '');
}

/**
 * `size` replies: every source text once (in the given order), then lightly edited copies (one word dropped, or
 * moved to the end) until `size`, so no two replies are the same text.
 */
export function scaleRows(texts: readonly string[], size: number): Array<{ id: string; text: string }> {
  const out: Array<{ id: string; text: string }> = [];
  for (let n = 0; n < size; n++) {
    const source = texts[n % texts.length]!;
    const copy = Math.floor(n / texts.length);
    let words = source.split(/\s+/u).filter(Boolean);
    if (copy > 0 && words.length > 3) {
      const at = (n * 7 + copy) % words.length;
      words =
        copy % 2 === 1
          ? words.filter((_, i) => i !== at)
          : [...words.slice(0, at), ...words.slice(at + 1), words[at]!];
    }
    out.push({ id: `x${n + 1}`, text: words.join(' ') });
  }
  return out;
}
