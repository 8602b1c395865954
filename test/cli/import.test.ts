/**
 * `voices import` (issue 17, 18): participants as pseudonyms counted with live residents and erased with them,
 * dates as local dates in TIMEZONE, warnings for unknown prompts and groups and reused ids, CSV separators, and
 * `voices export` files read back by import and themes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exportJsonl } from '../../src/cli/commands/export.js';
import { importFile } from '../../src/cli/commands/import-file.js';
import { readReplies } from '../../src/cli/commands/themes.js';
import { type CliContext, openCliContext } from '../../src/cli/context.js';
import { localDate } from '../../src/core/digest/period.js';
import { authorOf } from '../../src/core/ports/store.js';
import { direct } from '../helpers/store.js';
import { TEST_SECRET } from '../helpers/test-runner.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'voices-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbs = 0;
function envFor(timezone = 'America/Toronto'): NodeJS.ProcessEnv {
  dbs += 1;
  return {
    VOICES_DB: join(dir, `v${dbs}.db`),
    VOICES_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    TIMEZONE: timezone,
  };
}
function file(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}
async function withContext<T>(env: NodeJS.ProcessEnv, fn: (ctx: CliContext) => T | Promise<T>): Promise<T> {
  const ctx = await openCliContext(env);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
const ALL_TIME: [Date, Date] = [new Date(0), new Date('2100-01-01')];

describe('participant column', () => {
  it('counts people: one per participant across imported and live replies, one per row without one', async () => {
    const env = envFor();
    const csv = file(
      'people.csv',
      [
        'participant,text,date',
        '613 555 0177,The rink is great,2026-11-16',
        '+1 (613) 555-0177,More benches near the rink,2026-11-17',
        'form-12,Bus shelters leak,2026-11-17',
        'FORM-12 ,And the buses are late,2026-11-18',
        ',No name on this card,2026-11-18',
        ',Nor on this one,2026-11-18',
      ].join('\n'),
    );
    await withContext(env, async (ctx) => {
      expect((await importFile(ctx, csv)).imported).toBe(6);
      // 613 555 0177 (twice), form-12 (twice), and two anonymous cards.
      expect(await direct(ctx.store).countAuthors(...ALL_TIME)).toBe(4);
      // The same person writing live is the same person.
      await ctx.conversations.invite('sms', '+16135550177');
      await direct(ctx.store).insertReply({
        participantId: ctx.conversations.participantId('sms', '+16135550177'),
        promptId: null,
        isFollowUp: false,
        text: 'Live reply',
        channel: 'sms',
        language: 'en',
        group: null,
        receivedAt: new Date('2026-11-18T15:00:00Z'),
        source: 'live',
      });
      expect(await direct(ctx.store).countAuthors(...ALL_TIME)).toBe(4);
      const authors = new Set((await direct(ctx.store).listReplies()).map(authorOf));
      expect(authors.size).toBe(4);
      // Per period: only the 16th.
      expect(
        await direct(ctx.store).countAuthors(
          new Date('2026-11-16T05:00:00Z'),
          new Date('2026-11-17T05:00:00Z'),
        ),
      ).toBe(1);
    });
    // Never stored plain: neither the number in any spelling nor the form id is anywhere in the database file.
    const bytes = readFileSync(env.VOICES_DB as string).toString('latin1');
    for (const plain of ['555 0177', '5550177', '555-0177', 'form-12', 'FORM-12'])
      expect(bytes).not.toContain(plain);
  });

  it('voices forget of the address erases the imported rows too, with or without a live participant', async () => {
    const env = envFor();
    const csv = file(
      'forget.csv',
      [
        'participant,text',
        '514 555 0111,Imported from a phone survey',
        'card-7,From a paper card',
        ',Anonymous',
      ].join('\n'),
    );
    await withContext(env, (ctx) => importFile(ctx, csv));
    const cli = ['--import', 'tsx', 'src/cli/main.ts'];
    const opts = { env: { ...process.env, ...env }, cwd: process.cwd() };
    expect((await run('node', [...cli, 'forget', '(514) 555-0111'], opts)).stdout).toBe(
      'erased 1 participant(s)\n',
    );
    expect((await run('node', [...cli, 'forget', 'Card-7'], opts)).stdout).toBe('erased 1 participant(s)\n');
    await withContext(env, async (ctx) => {
      expect((await direct(ctx.store).listReplies()).map((r) => r.text)).toEqual(['Anonymous']);
    });
  });

  it("a resident's own DELETE erases the rows imported with their number", async () => {
    const env = envFor();
    await withContext(env, async (ctx) => {
      await importFile(ctx, file('mine.csv', 'participant,text\n+15145550122,Said at the kitchen table\n'));
      const id = ctx.conversations.participantId('sms', '+15145550122');
      expect(await direct(ctx.store).deleteParticipant(id, new Date())).toBe(true);
      expect(await direct(ctx.store).countReplies()).toBe(0);
    });
  });
});

describe('dates are local dates in TIMEZONE', () => {
  it.each(['America/Toronto', 'America/Vancouver', 'Asia/Tokyo', 'Pacific/Auckland'])(
    '%s: a note dated 2026-11-16 counts on the 16th',
    async (timezone) => {
      await withContext(envFor(timezone), async (ctx) => {
        await importFile(ctx, file(`d-${timezone.replace('/', '-')}.csv`, 'text,date\nA note,2026-11-16\n'));
        const [row] = await direct(ctx.store).listReplies();
        expect(localDate(row!.receivedAt, timezone)).toBe('2026-11-16');
      });
    },
  );

  it('refuses ambiguous dates with their line number, and takes ISO 8601 with an offset as written', async () => {
    await withContext(envFor('America/Vancouver'), async (ctx) => {
      const report = await importFile(
        ctx,
        file(
          'dates.csv',
          ['text,date', 'one,03/04/2026', 'two,2026-11-16T10:00:00+09:00', 'three,2026-13-01'].join('\n'),
        ),
      );
      expect(report.rejected).toEqual([
        { line: 2, reason: expect.stringMatching(/^date: "03\/04\/2026" is ambiguous/) },
        { line: 4, reason: expect.stringMatching(/^date: "2026-13-01" is not a calendar date/) },
      ]);
      expect((await direct(ctx.store).listReplies())[0]?.receivedAt.toISOString()).toBe(
        '2026-11-16T01:00:00.000Z',
      );
    });
  });
});

describe('warnings', () => {
  it('names unknown prompts, unknown groups and an id reused with other text, by line, and stores the rows', async () => {
    await withContext(envFor(), async (ctx) => {
      const report = await importFile(
        ctx,
        file(
          'warn.csv',
          [
            'id,text,prompt,group',
            '1,Good,working-well,senior',
            '2,Typo in prompt,workin-well,senior',
            '3,Unknown group,noticed,teenager',
            '1,Other text with id 1,new-idea,',
            '2,Typo in prompt,workin-well,senior',
          ].join('\n'),
        ),
      );
      expect(report.rejected).toEqual([]);
      expect(report.imported).toBe(4);
      expect(report.alreadyPresent).toBe(1);
      expect(report.warnings).toEqual([
        { line: 3, message: 'prompt "workin-well" is not in the prompt file' },
        { line: 4, message: 'group "teenager" is not in the prompt file' },
        { line: 5, message: 'id "1" was used on line 2 with other text' },
        { line: 6, message: 'prompt "workin-well" is not in the prompt file' },
      ]);
    });
  });

  it('the CLI prints the warnings', async () => {
    const env = envFor();
    const csv = file('warn-cli.csv', 'text,prompt\nHello,no-such-prompt\n');
    const { stdout } = await run('node', ['--import', 'tsx', 'src/cli/main.ts', 'import', csv], {
      env: { ...process.env, ...env },
      cwd: process.cwd(),
    });
    expect(stdout).toBe(
      'imported 1 rows, 0 already present, 0 rejected\n1 warning(s), rows stored anyway:\n' +
        '  line 2: prompt "no-such-prompt" is not in the prompt file\n',
    );
  });
});

describe('separators', () => {
  it('imports semicolon- and tab-separated files', async () => {
    await withContext(envFor(), async (ctx) => {
      expect(
        (await importFile(ctx, file('fr.csv', 'text;group;date\nLe marché, le samedi;parent;2026-11-16\n')))
          .imported,
      ).toBe(1);
      expect(
        (await importFile(ctx, file('t.tsv', 'text\tgroup\nMore benches; please\tsenior\n'))).imported,
      ).toBe(1);
      expect((await direct(ctx.store).listReplies()).map((r) => [r.text, r.group])).toEqual([
        ['Le marché, le samedi', 'parent'],
        ['More benches; please', 'senior'],
      ]);
    });
  });

  it('names the separator and the columns found when there is no text column', async () => {
    await withContext(envFor(), async (ctx) => {
      await expect(importFile(ctx, file('pipes.csv', 'text|group\nHello|parent\n'))).rejects.toThrow(
        /no "text" column \(the header, read as comma-separated, has one column "text\|group"\); separate columns with commas, semicolons or tabs/,
      );
    });
  });
});

describe('export reads back', () => {
  async function seeded(): Promise<NodeJS.ProcessEnv> {
    const env = envFor('America/Vancouver');
    await withContext(env, async (ctx) => {
      await importFile(
        ctx,
        file(
          'seed.csv',
          [
            'id,text,prompt,group,date,language',
            '1,"Quotes "" and, commas",working-well,senior,2026-11-16,en',
            '2,"Deux\nlignes",noticed,parent,2026-11-17T21:30,fr',
            '3,No prompt,,,2026-11-18T10:00:00Z,',
          ].join('\n'),
        ),
      );
    });
    return env;
  }
  const shape = async (ctx: CliContext) =>
    (await direct(ctx.store).listReplies()).map((r) => [
      r.text,
      r.promptId,
      r.group,
      r.receivedAt.toISOString(),
      r.language,
      r.channel,
      r.isFollowUp,
    ]);

  it.each(['jsonl', 'json', 'csv'])(
    'export --format %s -> import into a fresh database -> the same replies',
    async (format) => {
      const env = await seeded();
      const out = join(dir, `export-${dbs}.${format}`);
      await run('node', ['--import', 'tsx', 'src/cli/main.ts', 'export', '--format', format, '--out', out], {
        env: { ...process.env, ...env },
        cwd: process.cwd(),
      });
      const original = await withContext(env, shape);
      // Another timezone on the other side: instants are kept, not re-read as local dates.
      const fresh = envFor('Asia/Tokyo');
      await withContext(fresh, async (ctx) => {
        const report = await importFile(ctx, out);
        expect(report.rejected).toEqual([]);
        expect(report.imported).toBe(3);
        expect(await shape(ctx)).toEqual(original);
        // Importing the same export again adds nothing.
        expect((await importFile(ctx, out)).imported).toBe(0);
      });
    },
  );

  it('export --format jsonl -> voices themes reads every reply', async () => {
    const env = await seeded();
    const out = join(dir, 'themes.jsonl');
    await withContext(env, async (ctx) =>
      writeFileSync(out, exportJsonl(await direct(ctx.store).listReplies())),
    );
    const { replies, rejected } = await readReplies(out);
    expect(rejected).toEqual([]);
    expect(replies.map((r) => r.text)).toEqual(['Quotes " and, commas', 'Deux\nlignes', 'No prompt']);
  });
});
