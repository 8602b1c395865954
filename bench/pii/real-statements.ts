/**
 * Real resident statements (../shared/datasets, English and French) against the list of what should go
 * (`real-statements.json`): every other placeholder the scrubber inserts there is a false redaction.
 * Shared by `npm run bench:pii` and its test, so both count the same way.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { scrub } from '../../src/core/privacy/scrub/index.js';

const Expected = z.object({
  sets: z.array(z.object({ file: z.string(), id: z.string(), text: z.string() })),
  expected: z.record(z.string(), z.record(z.string(), z.array(z.tuple([z.string(), z.string()])))),
});

export interface StatementSet {
  file: string;
  rows: { id: string; text: string }[];
}

export interface SetResult {
  file: string;
  rows: number;
  found: number;
  /** Placeholders not listed in real-statements.json, one line each. */
  false: string[];
  falseNames: number;
  /** Listed PII that was not replaced. */
  missed: string[];
}

/** The target: at most one false redaction per this many statements, in every set. */
export const STATEMENTS_PER_FALSE = 200;

export function loadStatements(datasets: URL): {
  sets: StatementSet[];
  expected: z.infer<typeof Expected>['expected'];
} {
  const real = Expected.parse(
    JSON.parse(readFileSync(new URL('./real-statements.json', import.meta.url), 'utf8')),
  );
  const sets = real.sets.map((set) => ({
    file: set.file,
    rows: z
      .array(z.record(z.string(), z.string()))
      .parse(
        parse(readFileSync(new URL(set.file, datasets), 'utf8'), { columns: true, skip_empty_lines: true }),
      )
      .map((row) => ({ id: row[set.id] ?? '', text: row[set.text] ?? '' })),
  }));
  return { sets, expected: real.expected };
}

export function evaluateStatements(datasets: URL): SetResult[] {
  const { sets, expected } = loadStatements(datasets);
  return sets.map((set) => {
    const listed = expected[set.file] ?? {};
    const result: SetResult = {
      file: set.file,
      rows: set.rows.length,
      found: 0,
      false: [],
      falseNames: 0,
      missed: [],
    };
    for (const row of set.rows) {
      const { text, findings } = scrub(row.text);
      const want = listed[row.id] ?? [];
      result.found += findings.length;
      for (const f of findings) {
        const span = row.text.slice(f.start, f.end);
        if (want.some(([type, value]) => type === f.type && value === span)) continue;
        if (f.type === 'name') result.falseNames += 1;
        result.false.push(
          `${set.file}#${row.id} [${f.type}] on ${JSON.stringify(span)}  <-  ${JSON.stringify(text)}`,
        );
      }
      for (const [type, value] of want) {
        if (findings.some((f) => f.type === type && row.text.slice(f.start, f.end) === value)) continue;
        result.missed.push(
          `${set.file}#${row.id} ${type} ${JSON.stringify(value)} not replaced  <-  ${JSON.stringify(text)}`,
        );
      }
    }
    return result;
  });
}
