/**
 * Reads CSV (RFC 4180, header row) or JSONL files into plain records with their line numbers, so
 * every rejected row can be reported by line. Shared by `voices import` and other file commands.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { ErrorCode, VoicesError } from '../core/errors.js';
import { parsePlainCsv } from './plain-csv.js';

type CsvParse = typeof import('csv-parse/sync');

/**
 * Loaded on first use: importing csv-parse costs ~13 ms of start-up (`node -e "…import('csv-parse/sync')…"`) and
 * plain files never need it. Synchronous so `readRecords` stays synchronous for `voices import`.
 */
function csvParse(): CsvParse['parse'] {
  return (createRequire(import.meta.url)('csv-parse/sync') as CsvParse).parse;
}

/** A cell left empty (CSV "" or JSON null) as undefined, for optional columns' schemas to preprocess. */
export const emptyToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);

export interface RawRecord {
  line: number;
  value: unknown;
  /** Set when the line could not be parsed at all. */
  error?: string;
}

export function detectFormat(path: string, explicit?: string): 'csv' | 'jsonl' {
  if (explicit === 'csv' || explicit === 'jsonl') return explicit;
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new VoicesError(ErrorCode.ImportInvalid, `${path}: unknown format; use .csv or .jsonl (or --format)`);
}

export function readRecords(path: string, format: 'csv' | 'jsonl'): RawRecord[] {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not readable UTF-8 text';
    throw new VoicesError(ErrorCode.ImportInvalid, `${path}: ${reason}`, undefined, { cause: err });
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (format === 'jsonl') {
    const out: RawRecord[] = [];
    source.split(/\r?\n/).forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: index + 1, value: JSON.parse(text) });
      } catch {
        out.push({ line: index + 1, value: null, error: 'not valid JSON' });
      }
    });
    return out;
  }
  const plain = parsePlainCsv(source);
  if (plain) return plain;
  try {
    const parse = csvParse();
    const options = {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
    };
    // Fast path: when every record sits on one line and no line is blank, record i is on line i + 2.
    // Asking csv-parse for line info costs about as much as the parse itself on 20,000 rows.
    const plain = parse(source, options) as Array<Record<string, string>>;
    const lines = source.replace(/\r?\n$/, '').split(/\r?\n/);
    if (lines.length === plain.length + 1 && !lines.some((l) => l.trim() === '')) {
      return plain.map((value, i) => ({ line: i + 2, value }));
    }
    const rows = parse(source, { ...options, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return rows.map((r) => ({ line: r.info.lines, value: r.record }));
  } catch (err) {
    throw new VoicesError(
      ErrorCode.ImportInvalid,
      `${path}: CSV error: ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
}
