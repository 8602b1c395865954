import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  plainThemeRow,
  readReplies,
  themeRowSchema,
  themesForFile,
  toJson,
  toTable,
} from '../../src/cli/commands/themes.js';
import { corpus } from '../core/themes/fixtures.js';

const run = promisify(execFile);

function csvCell(s: string): string {
  return /[",\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
}

describe('voices themes', () => {
  let dir: string;
  let csv: string;
  let jsonl: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voices-themes-'));
    const rows = corpus('both');
    csv = join(dir, 'replies.csv');
    writeFileSync(
      csv,
      [
        'id,text,prompt,group,date',
        ...rows.map((r) =>
          [r.id, csvCell(r.text), Number(r.id.slice(1)) >= 32 ? 'fr' : 'en', '', ''].join(','),
        ),
      ].join('\n'),
    );
    jsonl = join(dir, 'replies.jsonl');
    writeFileSync(
      jsonl,
      [
        ...rows.slice(0, 6).map((r) => JSON.stringify({ id: r.id, text: r.text })),
        '{not json',
        JSON.stringify({ text: 'no id here' }),
        JSON.stringify({ id: 'r01', text: 'duplicate id' }),
        JSON.stringify({ id: 7, text: 'numeric ids are fine', prompt: 'p' }),
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads CSV rows with optional columns', async () => {
    const { replies, rejected } = await readReplies(csv);
    expect(rejected).toEqual([]);
    expect(replies).toHaveLength(39);
    expect(replies[0]).toMatchObject({ id: 'r01', prompt: 'en' });
    expect(replies[0]!.group).toBeUndefined();
  });

  it('reports bad JSONL rows by line number, without their text', async () => {
    const { replies, rejected } = await readReplies(jsonl);
    expect(replies.map((r) => r.id)).toEqual(['r01', 'r02', 'r03', 'r04', 'r05', 'r06', '7']);
    expect(rejected.map((r) => r.line)).toEqual([7, 8, 9]);
    expect(rejected[0]!.reason).toMatch(/JSON/u);
    expect(rejected[1]!.reason).toMatch(/^id/u);
    expect(rejected[2]!.reason).toBe('id: duplicate');
    for (const r of rejected) expect(r.reason).not.toMatch(/duplicate id|no id here/u);
  });

  it('reports bad CSV rows with the schema reasons and their lines, also when cells span lines', async () => {
    const rows = [
      'ID, Text ,Prompt,Language',
      'r1,fine,p,en',
      ',no id,p,en',
      'r3,"quoted, with ""quotes""",,fr',
      'r1,duplicate,,',
      'r5,bad language,,de',
      '  ,blank id,,',
      'r7',
      'r8,"ok",  spaced  ,',
    ];
    const expected = [
      { line: 3, reason: 'id: empty id' },
      { line: 5, reason: 'id: duplicate' },
      { line: 6, reason: 'language: Invalid option: expected one of "en"|"fr"' },
      { line: 7, reason: 'id: empty id' },
      { line: 8, reason: 'text: text required' },
    ];
    const plain = join(dir, 'bad.csv');
    writeFileSync(plain, `${rows.join('\r\n')}\r\n`);
    const read = await readReplies(plain);
    expect(read.rejected).toEqual(expected);
    expect(read.replies).toStrictEqual([
      { id: 'r1', text: 'fine', prompt: 'p', language: 'en' },
      { id: 'r3', text: 'quoted, with "quotes"', prompt: undefined, language: 'fr' },
      { id: 'r8', text: 'ok', prompt: 'spaced', language: undefined },
    ]);
    // A cell over two lines sends the file through csv-parse: rows after it move down one line.
    const multi = join(dir, 'bad-multi.csv');
    writeFileSync(multi, `${[rows[0], 'r0,"two\nlines",,', ...rows.slice(1)].join('\n')}\n`);
    expect((await readReplies(multi)).rejected).toEqual(expected.map((r) => ({ ...r, line: r.line + 2 })));
  });

  it('plainThemeRow returns what the zod schema returns, keys and order included, or leaves it to zod', () => {
    const schema = themeRowSchema(z);
    const cell = fc.oneof(
      fc.constantFrom('', ' ', ' a ', 'en', 'fr', 'de', 'x'.repeat(10_001), null, undefined, 0, -0, 1.5),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, true, [], {}),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.oneof(
      fc.record(
        {
          id: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), cell),
          text: fc.oneof(fc.string({ maxLength: 8 }), cell),
          prompt: cell,
          group: cell,
          date: cell,
          language: fc.oneof(fc.constantFrom('en', 'fr', ''), cell),
          label: cell,
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom(null, 'row', [1]),
    );
    let accepted = 0;
    fc.assert(
      fc.property(row, (value) => {
        const plain = plainThemeRow(value);
        if (plain === undefined) return;
        accepted++;
        const parsed = schema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(plain).toStrictEqual(parsed.data);
        expect(Object.keys(plain)).toEqual(Object.keys(parsed.data!));
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('--json prints exactly themes[{id,label,keywords,replyIds,quotes}] and unthemed', async () => {
    const result = await themesForFile(csv, { themes: 4 });
    const parsed = JSON.parse(toJson(result)) as {
      themes: Array<Record<string, unknown>>;
      unthemed: string[];
    };
    expect(Object.keys(parsed)).toEqual(['themes', 'unthemed']);
    expect(parsed.themes).toHaveLength(4);
    for (const t of parsed.themes)
      expect(Object.keys(t)).toEqual(['id', 'label', 'keywords', 'replyIds', 'quotes']);
    const ids = [...parsed.themes.flatMap((t) => t.replyIds as string[]), ...parsed.unthemed].sort();
    expect(ids).toHaveLength(39);
  });

  it('--by prompt themes each prompt separately and the table names them', async () => {
    const result = await themesForFile(csv, { by: 'prompt' });
    expect(result.byPrompt!.map((p) => p.prompt)).toEqual(['en', 'fr']);
    for (const { prompt, result: r } of result.byPrompt!) {
      const expected = prompt === 'fr' ? /^r3[2-9]$/u : /^r(0\d|[12]\d|3[01])$/u;
      for (const t of r.themes) for (const id of t.replyIds) expect(id).toMatch(expected);
    }
    const table = toTable(result);
    expect(table).toContain('== en ==');
    expect(table).toContain('== fr ==');
    expect(new Set(result.themes.map((t) => t.id)).size).toBe(result.themes.length);
  });

  it('runs from the command line with --json', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'themes', csv, '--themes', '5', '--json'],
      { cwd: process.cwd() },
    );
    const parsed = JSON.parse(stdout) as { themes: Array<{ label: string }>; unthemed: string[] };
    expect(parsed.themes).toHaveLength(5);
    expect(stderr).not.toMatch(/rent|loyer|autobus/u);
  }, 120_000);

  it.each([
    ['many', /--themes must be a whole number from 1 to the number of replies \(got "many"\)/u],
    ['0', /--themes must be a whole number/u],
    ['-3', /--themes must be a whole number/u],
    ['2.5', /--themes must be a whole number/u],
    ['500', /--themes 500 is more than the 39 replies: ask for at most 39/u],
  ])(
    'refuses --themes %s with a clear error and a non-zero exit',
    async (value, message) => {
      await expect(
        run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'themes', csv, `--themes=${value}`], {
          cwd: process.cwd(),
        }),
      ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(message) });
    },
    60_000,
  );

  it('refuses a number of themes a prompt cannot make with --by prompt, naming the prompt', async () => {
    await expect(themesForFile(csv, { by: 'prompt', themes: 10 })).rejects.toThrow(
      /--themes 10 is more than the 8 replies of prompt "fr"/u,
    );
  });
});
