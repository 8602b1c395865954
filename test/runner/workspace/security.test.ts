/**
 * The workspace's security, over real HTTP against the real runner: no page or download without a
 * session, CSRF tokens on every form, a new session id at sign-in, rate-limited wrong keys, the key
 * in no log and no URL, and cookie attributes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganizer } from '../../../src/cli/commands/organizer.js';
import { type Runner, startRunner } from '../../../src/runner/runner.js';
import { capturingLogger } from '../../adapters/slack/harness.js';
import { direct, sqliteOf } from '../../helpers/store.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';
import {
  cookieOf,
  getPage,
  loginForm,
  ORGANIZER_KEY,
  postForm,
  signIn,
  storeWeek3Digest,
  WEEK3_ID,
} from '../../helpers/workspace.js';

const lines: string[] = [];
let runner: Runner;
let dir: string;
let base: string;

async function start(env: Record<string, string> = {}): Promise<{ runner: Runner; dir: string }> {
  const d = mkdtempSync(join(tmpdir(), 'voices-ws-'));
  const r = await startRunner({
    logger: capturingLogger(lines),
    env: {
      VOICES_DB: join(d, 'voices.db'),
      VOICES_SECRET: TEST_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      ADAPTERS: 'simulator',
      TIMEZONE: 'America/Toronto',
      SCHEDULER_INTERVAL_MS: '3600000',
      DASHBOARD_TOKEN: ORGANIZER_KEY,
      ...env,
    },
  });
  return { runner: r, dir: d };
}

beforeAll(async () => {
  ({ runner, dir } = await start());
  base = runner.url;
  await storeWeek3Digest(runner.store);
});

afterAll(async () => {
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

const PAGES = [
  '/organizers/',
  '/organizers/digests',
  `/organizers/digests/${WEEK3_ID}`,
  '/organizers/replies',
  '/organizers/replies.csv',
  '/organizers/report',
  '/organizers/report.pdf',
  '/organizers/no-such-page',
];
const FORMS = [
  `/organizers/digests/${WEEK3_ID}/edits`,
  `/organizers/digests/${WEEK3_ID}/approve`,
  '/organizers/logout',
];

describe('without a session', () => {
  it('no page or download answers: pages redirect to the sign-in page, downloads get 401', async () => {
    for (const path of PAGES) {
      for (const cookie of [undefined, 'voices_session=s%3Aforged.signature', 'voices_session=garbage']) {
        const res = await fetch(`${base}${path}`, {
          redirect: 'manual',
          headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
        });
        const body = await res.text();
        if (/\.(csv|pdf)$/.test(path)) expect(res.status, path).toBe(401);
        else {
          expect(res.status, path).toBe(303);
          expect(res.headers.get('location')).toBe('/organizers/login');
        }
        expect(body).not.toContain('Riverside');
        expect(body).not.toContain('bus');
      }
    }
    // `/organizers` itself only redirects to `/organizers/`.
    expect((await getPage(base, '/organizers')).location).toBe('/organizers/');
  });

  it('no form is accepted, and nothing changes', async () => {
    const anonymous = await loginForm(base);
    for (const path of FORMS) {
      // Even with a valid CSRF token of an anonymous session.
      const res = await postForm(base, path, anonymous, { action: 'hide', theme: 'noticed:bus' });
      expect(res.status, path).toBe(401);
    }
    expect(await direct(runner.store).listThemeEdits()).toEqual([]);
  });

  it('an API client asking for JSON gets 401, not a redirect', async () => {
    const res = await fetch(`${base}/organizers/digests`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(401);
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax cookie scoped to /organizers, and a new session id at sign-in', async () => {
    const before = await fetch(`${base}/organizers/login`);
    const attributes = before.headers.getSetCookie()[0]!;
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/SameSite=Lax/);
    expect(attributes).toMatch(/Path=\/organizers/);
    expect(attributes).not.toMatch(/Secure/);
    const anonymous = {
      cookie: cookieOf(before)!,
      csrf: /name="_csrf" value="([^"]+)"/.exec(await before.text())![1]!,
    };
    const res = await postForm(base, '/organizers/login', anonymous, { token: ORGANIZER_KEY });
    expect(res.status).toBe(303);
    const after = cookieOf(res)!;
    expect(after).toBeTruthy();
    expect(after).not.toBe(anonymous.cookie);
    // The id from before sign-in (which an attacker could have planted) signs nobody in.
    expect((await getPage(base, '/organizers/', { cookie: anonymous.cookie, csrf: '' })).status).toBe(303);
    expect((await getPage(base, '/organizers/', { cookie: after, csrf: '' })).status).toBe(200);
  });

  it('refuses the key in a URL, without signing in or logging it', async () => {
    for (const path of [`/organizers/?token=${ORGANIZER_KEY}`, `/organizers/login?key=${ORGANIZER_KEY}`]) {
      const page = await getPage(base, path);
      expect(page.status).toBe(400);
      expect(page.text).toContain('never accepted in a URL');
      expect(page.res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('refuses a sign-in without its CSRF token', async () => {
    const anonymous = await loginForm(base);
    const missing = await postForm(
      base,
      '/organizers/login',
      { cookie: anonymous.cookie },
      { token: ORGANIZER_KEY },
    );
    expect(missing.status).toBe(403);
    const wrong = await postForm(
      base,
      '/organizers/login',
      { cookie: anonymous.cookie, csrf: 'x'.repeat(256) },
      { token: ORGANIZER_KEY },
    );
    expect(wrong.status).toBe(403);
    // At most the same anonymous session is renewed: nobody was signed in.
    expect(cookieOf(wrong) ?? anonymous.cookie).toBe(anonymous.cookie);
  });

  it('signs in with a per-organizer account, and records edits under its name', async () => {
    const added = await addOrganizer(runner.store, 'Amira', undefined);
    expect(added.generatedKey).toMatch(/^[\w-]{32}$/);
    // The key is stored hashed only.
    const stored = sqliteOf(runner.store).prepare('SELECT key_hash FROM organizer_accounts').all();
    expect(JSON.stringify(stored)).not.toContain(added.generatedKey);
    const wrongName = await postForm(base, '/organizers/login', await loginForm(base), {
      token: added.generatedKey!,
      name: 'Someone',
    });
    expect(wrongName.status).toBe(401);
    const session = await signIn(base, added.generatedKey!, 'Amira');
    const page = await getPage(base, '/organizers/', session);
    expect(page.text).toContain('Amira');
    // The bootstrap key does not sign in as an account.
    const asAccount = await postForm(base, '/organizers/login', await loginForm(base), {
      token: ORGANIZER_KEY,
      name: 'Amira',
    });
    expect(asAccount.status).toBe(401);
  });

  it('logs out: the session stops working', async () => {
    const session = await signIn(base);
    const res = await postForm(base, '/organizers/logout', session, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/organizers/login');
    expect((await getPage(base, '/organizers/', session)).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('every form needs the session’s own token; nothing changes without it', async () => {
    const session = await signIn(base);
    const other = await signIn(base);
    const edit = { action: 'rename', theme: 'x', label: 'Changed' };
    const digest = await getPage(base, `/organizers/digests/${WEEK3_ID}`, session);
    const theme = /name="theme" value="([^"]+)"/.exec(digest.text)![1]!;
    for (const csrf of [undefined, '', 'wrong', other.csrf]) {
      for (const path of FORMS) {
        const res = await postForm(
          base,
          path,
          { cookie: session.cookie, ...(csrf === undefined ? {} : { csrf }) },
          {
            ...edit,
            theme,
          },
        );
        expect(
          res.status,
          `${path} with ${csrf === other.csrf ? 'another session’s token' : String(csrf)}`,
        ).toBe(403);
      }
    }
    expect(await direct(runner.store).listThemeEdits()).toEqual([]);
    // Still signed in: the refused logout did nothing.
    expect((await getPage(base, '/organizers/', session)).status).toBe(200);
    // With the token, the same form works.
    const ok = await postForm(base, `/organizers/digests/${WEEK3_ID}/edits`, session, { ...edit, theme });
    expect(ok.status).toBe(303);
    expect(await direct(runner.store).listThemeEdits()).toHaveLength(1);
  });
});

describe('wrong keys', () => {
  it('are rate-limited: after 5 wrong keys even the right one waits', async () => {
    const { runner: limited, dir: limitedDir } = await start();
    try {
      for (let i = 0; i < 5; i++) {
        const res = await postForm(limited.url, '/organizers/login', await loginForm(limited.url), {
          token: `wrong-key-${i}-0123456789`,
        });
        expect(res.status).toBe(401);
      }
      const form = await loginForm(limited.url);
      const blocked = await postForm(limited.url, '/organizers/login', form, { token: ORGANIZER_KEY });
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('ratelimit-policy') ?? blocked.headers.get('ratelimit')).toBeTruthy();
      expect(cookieOf(blocked) ?? form.cookie).toBe(form.cookie);
      expect((await getPage(limited.url, '/organizers/', { cookie: form.cookie, csrf: '' })).status).toBe(
        303,
      );
    } finally {
      await limited.close();
      rmSync(limitedDir, { recursive: true, force: true });
    }
  });
});

describe('secure cookies', () => {
  it('are Secure when PUBLIC_URL is https (behind a TLS proxy)', async () => {
    const { runner: tls, dir: tlsDir } = await start({ PUBLIC_URL: 'https://voices.example.org' });
    try {
      const res = await fetch(`${tls.url}/organizers/login`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.getSetCookie()[0]).toMatch(/; Secure/);
    } finally {
      await tls.close();
      rmSync(tlsDir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  it('never carry a key, a session id or a CSRF token', async () => {
    const session = await signIn(base);
    await getPage(base, `/organizers/?token=${ORGANIZER_KEY}`);
    await postForm(base, '/organizers/login', await loginForm(base), { token: `${ORGANIZER_KEY}-wrong` });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(all).not.toContain(ORGANIZER_KEY);
    expect(all).not.toContain(session.cookie.split('=')[1]!.slice(0, 20));
    expect(all).not.toContain(session.csrf.slice(0, 20));
    expect(all).toContain('organizer sign-in refused');
  });
});
