import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvSeparator, detectFormat, readRecords, readTable } from '../../src/io/read-records.js';

const dir = mkdtempSync(join(tmpdir(), 'voices-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

describe('readRecords (CSV)', () => {
  it('numbers records by their line: one line each (fast path)', () => {
    const path = csv('plain.csv', 'ID,Text\r\n1,"a, b"\r\n2,c\r\n3,d\r\n');
    expect(readRecords(path, 'csv')).toEqual([
      { line: 2, value: { id: '1', text: 'a, b' } },
      { line: 3, value: { id: '2', text: 'c' } },
      { line: 4, value: { id: '3', text: 'd' } },
    ]);
  });

  it('numbers records by the line they end on when cells span lines or lines are blank', () => {
    const path = csv('multi.csv', 'id,text\n1,"two\nlines"\n\n2,e\n');
    expect(readRecords(path, 'csv')).toEqual([
      { line: 3, value: { id: '1', text: 'two\nlines' } },
      { line: 5, value: { id: '2', text: 'e' } },
    ]);
  });

  it('leaves malformed CSV to csv-parse, whose error names the line', () => {
    const path = csv('stray-quote.csv', 'id,text\n1,fine\n2,a "quoted" word\n');
    expect(() => readRecords(path, 'csv')).toThrow(/CSV error: Invalid Opening Quote: .* at line 3/);
  });

  it('reads a UTF-8 BOM and refuses non-UTF-8 bytes and unknown extensions with clear errors', () => {
    expect(readRecords(csv('bom.csv', '\ufeffid,text\n1,x\n'), 'csv')).toEqual([
      { line: 2, value: { id: '1', text: 'x' } },
    ]);
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from([0x69, 0x64, 0x0a, 0xe9, 0x0a]));
    expect(() => readRecords(latin1, 'csv')).toThrow(/not readable UTF-8 text/);
    expect(() => detectFormat('notes.xlsx')).toThrow(/unknown format/);
    expect(() => readRecords(join(dir, 'missing.csv'), 'csv')).toThrow(/file not found/);
  });
});

describe('readTable: separators and JSON arrays', () => {
  it('reads a semicolon-separated CSV, as French-locale spreadsheets save it', () => {
    const path = csv(
      'fr.csv',
      'texte_id;text;group\n1;"Le marché; le samedi";parent\n2;Plus de bancs;senior\n',
    );
    const table = readTable(path, 'csv');
    expect(table.separator).toBe(';');
    expect(table.columns).toEqual(['texte_id', 'text', 'group']);
    expect(table.records).toEqual([
      { line: 2, value: { texte_id: '1', text: 'Le marché; le samedi', group: 'parent' } },
      { line: 3, value: { texte_id: '2', text: 'Plus de bancs', group: 'senior' } },
    ]);
  });

  it('reads a tab-separated file, .tsv or .csv, on the fast path and through csv-parse', () => {
    const path = csv('notes.tsv', 'id\ttext\n1\tMore benches, please\n2\t"two\nlines"\n');
    expect(detectFormat(path)).toBe('csv');
    const table = readTable(path, 'csv');
    expect(table.separator).toBe('\t');
    expect(table.records.map((r) => r.value)).toEqual([
      { id: '1', text: 'More benches, please' },
      { id: '2', text: 'two\nlines' },
    ]);
  });

  it('keeps commas when the header has more commas than semicolons', () => {
    expect(csvSeparator('id,text,note;extra')).toBe(',');
    expect(csvSeparator('"a;b",text')).toBe(',');
    expect(csvSeparator('text')).toBe(',');
    expect(csvSeparator('text;prompt')).toBe(';');
  });

  it('reads a JSON array (what export --format json writes), each record with the line it starts on', () => {
    const path = csv(
      'export.json',
      `${JSON.stringify([{ text: 'a "quoted" [x]' }, { text: 'b', prompt: null }], null, 2)}\n`,
    );
    expect(detectFormat(path)).toBe('jsonl');
    expect(readRecords(path, 'jsonl')).toEqual([
      { line: 2, value: { text: 'a "quoted" [x]' } },
      { line: 5, value: { text: 'b', prompt: null } },
    ]);
    expect(readRecords(csv('bad.json', '[{"text": 1},'), 'jsonl')).toEqual([
      { line: 1, value: null, error: 'not valid JSON' },
    ]);
  });
});
