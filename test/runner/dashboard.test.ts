import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/digest/period.js';
import { registerDashboard, tokenMatches } from '../../src/runner/dashboard.js';
import { ensureDigest } from '../../src/runner/digest-scheduler.js';
import { HttpServer } from '../../src/runner/http-server.js';
import { createLogger } from '../../src/runner/logger.js';
import { Store } from '../../src/store/store.js';
import { importReplies, PROMPT_TEXTS, ruleThemer, week3 } from '../core/digest/fixtures.js';

const silent = createLogger('silent');

const TOKEN = 'organizers-token-0123456789';
const TZ = 'America/Toronto';
let dir: string;
let store: Store;
let server: HttpServer;
let base: string;

async function storeWeek(from: string, to: string) {
  return ensureDigest(
    {
      db: store.db,
      organization: 'Test org',
      language: 'en',
      timezone: TZ,
      promptTexts: PROMPT_TEXTS,
      themer: ruleThemer,
      historyWeeks: 0,
    },
    periodOf(from, to, TZ),
    new Date(),
  );
}

async function start(token: string | undefined) {
  server = new HttpServer(silent);
  registerDashboard(server, { db: store.db, token });
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}`;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-dashboard-'));
  store = new Store(join(dir, 'voices.db'));
  importReplies(store, week3());
  await storeWeek('2026-11-16', '2026-11-22');
});

afterEach(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ID = '2026-11-16_2026-11-23';

describe('organizers page without DASHBOARD_TOKEN', () => {
  it('is off: every route answers 404', async () => {
    await start(undefined);
    expect((await fetch(`${base}/digests`)).status).toBe(404);
    expect((await fetch(`${base}/digests/${ID}`)).status).toBe(404);
    expect((await fetch(`${base}/digests?token=anything`)).status).toBe(404);
  });
});

describe('organizers page with DASHBOARD_TOKEN', () => {
  beforeEach(() => start(TOKEN));

  it('refuses a request without the token, or with a wrong one', async () => {
    for (const init of [
      {},
      { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } },
      { headers: { authorization: `Basic ${TOKEN}` } },
    ]) {
      const res = await fetch(`${base}/digests`, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.text()).not.toContain(ID);
    }
    expect((await fetch(`${base}/digests/${ID}?token=nope`)).status).toBe(401);
    expect((await fetch(`${base}/digests/${ID}?token=${TOKEN}x`)).status).toBe(401);
  });

  it('lists stored digests with a bearer token', async () => {
    const res = await fetch(`${base}/digests`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain(`href="/digests/${ID}"`);
    expect(html).not.toContain(TOKEN);
  });

  it('keeps a query token on the links, so a browser can follow them', async () => {
    const html = await (await fetch(`${base}/digests?token=${TOKEN}`)).text();
    expect(html).toContain(`href="/digests/${ID}?token=${TOKEN}"`);
  });

  it('shows a digest as its HTML page, and answers JSON when asked', async () => {
    const res = await fetch(`${base}/digests/${ID}?token=${TOKEN}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg id="themes-chart"');
    expect(html).toContain('Test org');
    const json = (await (
      await fetch(`${base}/digests`, {
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
      })
    ).json()) as { digests: Array<{ id: string; replies: number }> };
    expect(json.digests.map((d) => [d.id, d.replies])).toEqual([[ID, 27]]);
    expect((await fetch(`${base}/digests/2020-01-01_2020-01-08?token=${TOKEN}`)).status).toBe(404);
  });

  it('serves a digest stored after start (e.g. by `voices digest --post`) right away', async () => {
    await storeWeek('2026-11-09', '2026-11-15');
    const later = '2026-11-09_2026-11-16';
    expect((await fetch(`${base}/digests/${later}?token=${TOKEN}`)).status).toBe(200);
    expect((await fetch(`${base}/digests/${later}`)).status).toBe(401);
    expect((await fetch(`${base}/digests/%E0%A4%A?token=${TOKEN}`)).status).toBe(404);
    await storeWeek('2026-11-02', '2026-11-08');
    const list = await (await fetch(`${base}/digests?token=${TOKEN}`)).text();
    expect(list.indexOf(ID)).toBeLessThan(list.indexOf(later));
    expect((await fetch(`${base}/digests/2026-11-02_2026-11-09?token=${TOKEN}`)).status).toBe(200);
  });
});

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN} `, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});
