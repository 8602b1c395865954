import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainCsv, splitPlainLine } from '../../src/io/plain-csv.js';

/** What readRecords returned before the plain path: csv-parse, numbered with its line info. */
function csvParseRecords(source: string): Array<{ line: number; value: Record<string, string> }> {
  const rows = parse(source, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  return rows.map((r) => ({ line: r.info.lines, value: r.record }));
}

describe('splitPlainLine', () => {
  it('splits on commas outside quotes and unescapes doubled quotes', () => {
    expect(splitPlainLine('a,"b, c","say ""hi""",,""')).toEqual(['a', 'b, c', 'say "hi"', '', '']);
    expect(splitPlainLine('a,')).toEqual(['a', '']);
  });

  it('leaves stray, unclosed and trailing quotes to csv-parse', () => {
    expect(splitPlainLine('a,b"c')).toBeUndefined();
    expect(splitPlainLine('a,"b')).toBeUndefined();
    expect(splitPlainLine('a,"b"c')).toBeUndefined();
  });
});

describe('parsePlainCsv', () => {
  it('reads LF and CRLF files alike: trimmed lower-case header, short rows kept, long rows cut', () => {
    for (const eol of ['\n', '\r\n']) {
      const source = [' ID ,Text', '1,"a, ""b"""', '2', '3,c,extra', ''].join(eol);
      expect(parsePlainCsv(source)).toEqual([
        { line: 2, value: { id: '1', text: 'a, "b"' } },
        { line: 3, value: { id: '2' } },
        { line: 4, value: { id: '3', text: 'c' } },
      ]);
    }
    expect(parsePlainCsv('id,text')).toEqual([]);
  });

  it('declines what only csv-parse reads exactly', () => {
    const declined = [
      'id,text\n1,"two\nlines"\n', // a field over two lines
      'id,text\n1,a\n\n2,b\n', // a blank line
      'id,text\n1,a\n  \n', // a whitespace-only line
      'id,text\r\n1,a\n2,b\r\n', // LF inside a CRLF file
      'id,text\r1,a\r', // bare CR line endings
      'id,text\n1,a\r\n', // CR inside an LF file
      'id,text\n1,a"b\n', // stray quote
      'id,text\n1,"a"b\n', // text after a closing quote
      'id,__proto__\n1,a\n',
      '',
    ];
    for (const source of declined) expect(parsePlainCsv(source), JSON.stringify(source)).toBeUndefined();
  });

  it('gives exactly the records and lines csv-parse gives, whenever it answers', () => {
    const text = fc
      .tuple(
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.constantFrom('a', 'B', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '\u00a0', 'x,y'), {
          maxLength: 40,
        }),
      )
      .map(([eol, parts]) => `id,"te""xt",Group${eol}${parts.join('')}`);
    let answered = 0;
    fc.assert(
      fc.property(text, (source) => {
        const plain = parsePlainCsv(source);
        if (plain === undefined) return;
        answered++;
        expect(plain).toStrictEqual(csvParseRecords(source));
      }),
      { numRuns: 3000 },
    );
    // The property must not hold vacuously.
    expect(answered).toBeGreaterThan(300);
  });
});
