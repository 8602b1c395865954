/**
 * Reads CSV (RFC 4180, header row; separated by commas, semicolons or tabs), JSONL or a JSON array into plain
 * records with their line numbers, so every rejected row can be reported by line. Shared by `voices import` and
 * `voices themes`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { ErrorCode, VoicesError } from '../core/errors.js';
import { parsePlainCsv, splitPlainLine } from './plain-csv.js';

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
  if (explicit === 'json') return 'jsonl';
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new VoicesError(
    ErrorCode.ImportInvalid,
    `${path}: unknown format; use .csv, .tsv, .jsonl or .json (or --format)`,
  );
}

export interface Table {
  records: RawRecord[];
  /** CSV only: the header's column names (trimmed, lower case) and the separator found in it. */
  columns?: string[];
  separator?: string;
}

const SEPARATORS = [',', ';', '\t'] as const;
export const SEPARATOR_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * The separator of a CSV header line: the one of comma, semicolon and tab that occurs most outside quotes
 * (French-locale spreadsheets save "text;prompt;group", TSV files use tabs); a comma when none occurs.
 */
export function csvSeparator(header: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (SEPARATORS as readonly string[]).includes(ch))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const sep of SEPARATORS) if ((counts.get(sep) ?? 0) > (counts.get(best) ?? 0)) best = sep;
  return best;
}

/**
 * A JSON array of records (what `voices export --format json` writes), each with the line its element starts
 * on: a small scan over the text that skips strings and counts depth.
 */
function jsonArray(source: string): RawRecord[] {
  let values: unknown;
  try {
    values = JSON.parse(source);
  } catch {
    return [{ line: 1, value: null, error: 'not valid JSON' }];
  }
  if (!Array.isArray(values)) return [{ line: 1, value: null, error: 'not a JSON array' }];
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '\n') line += 1;
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && ch !== undefined && !/[\s,\]]/u.test(ch)) {
      starts.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth === 1) expectValue = true;
    } else if (ch === ']' || ch === '}') depth -= 1;
    else if (ch === ',' && depth === 1) expectValue = true;
  }
  return values.map((value, index) => ({ line: starts[index] ?? index + 1, value }));
}

export function readRecords(path: string, format: 'csv' | 'jsonl'): RawRecord[] {
  return readTable(path, format).records;
}

export function readTable(path: string, format: 'csv' | 'jsonl'): Table {
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
    if (source.trimStart().startsWith('[')) return { records: jsonArray(source) };
    const out: RawRecord[] = [];
    source.split(/\r?\n/).forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        out.push({ line: index + 1, value: JSON.parse(text) });
      } catch {
        out.push({ line: index + 1, value: null, error: 'not valid JSON' });
      }
    });
    return { records: out };
  }
  const separator = csvSeparator(source.slice(0, source.search(/\r?\n|$/u)));
  let columns: string[] = [];
  const withColumns = (records: RawRecord[]): Table => ({ records, columns, separator });
  const plain = parsePlainCsv(source, separator);
  if (plain) {
    columns = splitHeader(source, separator) ?? [];
    return withColumns(plain);
  }
  try {
    const parse = csvParse();
    const options = {
      columns: (header: string[]) => {
        columns = header.map((h) => h.trim().toLowerCase());
        return columns;
      },
      delimiter: separator,
      skip_empty_lines: true,
      relax_column_count: true,
    };
    // Fast path: when every record sits on one line and no line is blank, record i is on line i + 2.
    // Asking csv-parse for line info costs about as much as the parse itself on 20,000 rows.
    const plain = parse(source, options) as Array<Record<string, string>>;
    const lines = source.replace(/\r?\n$/, '').split(/\r?\n/);
    if (lines.length === plain.length + 1 && !lines.some((l) => l.trim() === '')) {
      return withColumns(plain.map((value, i) => ({ line: i + 2, value })));
    }
    const rows = parse(source, { ...options, info: true }) as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    return withColumns(rows.map((r) => ({ line: r.info.lines, value: r.record })));
  } catch (err) {
    throw new VoicesError(
      ErrorCode.ImportInvalid,
      `${path}: CSV error: ${(err as Error).message} (columns read as ${SEPARATOR_NAMES[separator]}-separated)`,
      undefined,
      {
        cause: err,
      },
    );
  }
}

/** The header's column names, trimmed and in lower case. */
function splitHeader(source: string, separator: string): string[] | undefined {
  const end = source.search(/\r?\n|$/u);
  return splitPlainLine(source.slice(0, end), separator)?.map((h) => h.trim().toLowerCase());
}
