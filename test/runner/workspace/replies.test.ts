/** The replies browser over HTTP: filters, search, CSV of what is shown, nothing that identifies anyone. */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteOf } from '../../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../../helpers/test-runner.js';
import { getPage, ORGANIZER_KEY, type Session, signIn, storeWeek3Digest } from '../../helpers/workspace.js';

let runner: TestRunner;
let session: Session;
const HOSTILE = ['<script>alert(1)</script> the bus again', '"><img src=x onerror=alert(2)> bus stop'];

beforeAll(async () => {
  runner = await startTestRunner({ DASHBOARD_TOKEN: ORGANIZER_KEY });
  await storeWeek3Digest(runner.store);
  // A live resident too, so participant ids exist in the store.
  for (const text of ['hello', 'YES', '1', HOSTILE[0]!, HOSTILE[1]!, '=HYPERLINK("http://x","y")']) {
    await simulate(runner, 'resident-1', text);
  }
  session = await signIn(runner.url);
});

afterAll(async () => {
  await runner?.dispose();
});

const csvOf = async (query: string) => {
  const res = await fetch(`${runner.url}/organizers/replies.csv${query}`, {
    headers: { cookie: session.cookie },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(
    /^attachment; filename="replies-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const text = (await res.text()).replace(/^\uFEFF/, '');
  return { text, rows: parse(text, { columns: true }) as Array<Record<string, string>> };
};

describe('replies browser', () => {
  it('lists every reply, newest first, with its theme', async () => {
    const page = await getPage(runner.url, '/organizers/replies', session);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="reply-count">\d+ replies/);
    expect(page.text).toContain('Theme');
  });

  it('filters by text, group, week, theme, language, channel and prompt; the CSV holds exactly what is shown', async () => {
    const page = await getPage(runner.url, '/organizers/replies?q=bus', session);
    const shown = Number(/id="reply-count">(\d+) repl/.exec(page.text)![1]);
    const csv = await csvOf('?q=bus');
    expect(csv.rows).toHaveLength(shown);
    expect(csv.rows.every((r) => /bus/i.test(r.text!))).toBe(true);

    for (const [query, check] of [
      ['?group=parent', (r: Record<string, string>) => r.group === 'parent'],
      ['?channel=simulator', (r: Record<string, string>) => r.channel === 'simulator'],
      ['?language=en', (r: Record<string, string>) => r.language === 'en'],
      ['?prompt=noticed', (r: Record<string, string>) => r.prompt === 'noticed'],
      [
        '?week=2026-11-16_2026-11-23',
        (r: Record<string, string>) => r.received_at! >= '2026-11-16' && r.received_at! < '2026-11-24',
      ],
    ] as const) {
      const { rows } = await csvOf(query);
      expect(rows.length, query).toBeGreaterThan(0);
      expect(rows.every(check), query).toBe(true);
    }

    // A theme: its members, in every week it appears.
    const themeKey = /<option value="([^"]+)">[^<]*bus[^<]*<\/option>/.exec(page.text)?.[1];
    expect(themeKey).toBeTruthy();
    const { rows } = await csvOf(`?theme=${encodeURIComponent(themeKey!)}`);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => /bus/i.test(r.text!))).toBe(true);
    expect(new Set(rows.map((r) => r.received_at!.slice(0, 10) >= '2026-11-16')).size).toBe(2);
  });

  it('shows and downloads nothing that identifies a resident', async () => {
    const ids = sqliteOf(runner.store).prepare('SELECT id FROM participants').all() as Array<{
      id: string;
    }>;
    expect(ids.length).toBeGreaterThan(0);
    const page = await getPage(runner.url, '/organizers/replies?channel=simulator', session);
    const { text, rows } = await csvOf('');
    for (const { id } of ids) {
      expect(page.text).not.toContain(id);
      expect(text).not.toContain(id);
    }
    expect(text).not.toContain('resident-1');
    expect(Object.keys(rows[0]!)).toEqual([
      'received_at',
      'prompt',
      'group',
      'channel',
      'language',
      'themes',
      'text',
    ]);
  });

  it('shows hostile markup as text, and keeps formulas out of the CSV', async () => {
    const page = await getPage(runner.url, '/organizers/replies?channel=simulator', session);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const { rows } = await csvOf('?channel=simulator');
    expect(rows.map((r) => r.text)).toContain(HOSTILE[0]);
    expect(rows.find((r) => r.text!.includes('HYPERLINK'))?.text).toBe('\'=HYPERLINK("http://x","y")');
  });

  it('refuses bad filters with a 400 and pages past the end politely', async () => {
    for (const query of [
      `?q=${'x'.repeat(201)}`,
      '?page=0',
      '?page=abc',
      '?color=red',
      '?week=1999-01-01_1999-01-08',
      '?theme=no:such',
    ]) {
      const res = await getPage(runner.url, `/organizers/replies${query}`, session);
      expect(res.status, query).toBe(400);
    }
    const past = await getPage(runner.url, '/organizers/replies?page=999', session);
    expect(past.status).toBe(200);
    expect(past.text).toContain('No reply matches');
  });
});
