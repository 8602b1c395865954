import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRows } from '../../src/cli/commands/export.js';
import { importFile } from '../../src/cli/commands/import-file.js';
import { openCliContext } from '../../src/cli/context.js';
import { direct } from '../helpers/store.js';
import { TEST_SECRET } from '../helpers/test-runner.js';

const run = promisify(execFile);

describe('voices import / export / forget', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voices-cli-'));
    env = { VOICES_DB: join(dir, 'v.db'), VOICES_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports CSV rows scrubbed, rejects bad rows with line numbers, and re-importing adds nothing', async () => {
    const csv = join(dir, 'notes.csv');
    writeFileSync(
      csv,
      [
        'id,text,prompt,group,date,language',
        '1,"Our tenants association meets monthly, ask for Dr. Smith at 555-867-5309",working-well,senior,2026-11-03,en',
        '2,,noticed,,,',
        '3,Le marché du samedi,working-well,parent,pas une date,fr',
        '4,"Two lines,',
        'in one cell",new-idea,youth,2026-11-04,',
        '5,Bad language,noticed,,2026-11-04,de',
      ].join('\n'),
    );
    const ctx = await openCliContext(env);
    try {
      const first = await importFile(ctx, csv);
      expect(first.imported).toBe(2);
      expect(first.rejected).toEqual([
        { line: 3, reason: 'text: empty' },
        { line: 4, reason: 'date: "pas une date" is not a date; use YYYY-MM-DD or ISO 8601 with an offset' },
        { line: 7, reason: expect.stringMatching(/^language: /) },
      ]);
      const again = await importFile(ctx, csv);
      expect(again.imported).toBe(0);
      expect(again.alreadyPresent).toBe(2);
      const rows = exportRows(await direct(ctx.store).listReplies());
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        prompt: 'working-well',
        group: 'senior',
        source: 'imported',
        channel: 'offline',
      });
      expect(rows[0]?.text).toContain('[phone]');
      expect(rows[0]?.text).not.toContain('867-5309');
      expect(rows[0]?.text).toContain('tenants association');
      expect(rows[1]?.text).toBe('Two lines,\nin one cell');
      expect(Object.keys(rows[0] ?? {})).not.toContain('participant_id');
    } finally {
      await ctx.close();
    }
  });

  it('imports JSONL and reports unparsable lines', async () => {
    const jsonl = join(dir, 'forms.jsonl');
    writeFileSync(
      jsonl,
      ['{"text": "More benches on Main St", "prompt": "new-idea"}', '{not json', '{"id": 7}', ''].join('\n'),
    );
    const ctx = await openCliContext(env);
    try {
      const report = await importFile(ctx, jsonl);
      expect(report.imported).toBe(1);
      expect(report.rejected).toEqual([
        { line: 2, reason: 'not valid JSON' },
        { line: 3, reason: 'text: required' },
      ]);
    } finally {
      await ctx.close();
    }
  });

  it('the CLI prints the counts, exports CSV, and forget erases a participant', async () => {
    const cli = ['--import', 'tsx', 'src/cli/main.ts'];
    const opts = { env: { ...process.env, ...env }, cwd: process.cwd() };
    const csv = join(dir, 'one.csv');
    writeFileSync(csv, 'text\nThe rink volunteers are amazing\n');
    const imported = await run('node', [...cli, 'import', csv], opts);
    expect(imported.stdout).toBe('imported 1 rows, 0 already present, 0 rejected\n');
    const exported = await run('node', [...cli, 'export', '--format', 'csv'], opts);
    expect(exported.stdout.split('\n')[0]).toBe(
      'id,prompt,is_follow_up,text,channel,language,group,received_at,source',
    );
    expect(exported.stdout).toContain('The rink volunteers are amazing');

    const ctx = await openCliContext(env);
    await ctx.conversations.invite('sms', '+15145550111');
    await ctx.close();
    const forgot = await run('node', [...cli, 'forget', '514-555-0111'], opts);
    expect(forgot.stdout).toBe('erased 1 participant(s)\n');
    expect(forgot.stdout).not.toContain('0111');
    const again = await run('node', [...cli, 'forget', '514-555-0111'], opts);
    expect(again.stdout).toBe('no participant with that address\n');
  });
});
