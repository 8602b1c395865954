/** Signing in to the organizers' workspace over HTTP, as a browser would (cookie + CSRF token). */
import { expect } from 'vitest';
import { periodOf } from '../../src/core/digest/period.js';
import type { Digest } from '../../src/core/digest/types.js';
import type { Store } from '../../src/core/ports/store.js';
import { ensureDigest } from '../../src/runner/digest-scheduler.js';
import { importReplies, PROMPT_TEXTS, ruleThemer, week1, week2, week3 } from '../core/digest/fixtures.js';

export const ORGANIZER_KEY = 'organizers-key-0123456789-abcdef';
export const WEEK3_ID = '2026-11-16_2026-11-23';

export interface Session {
  cookie: string;
  csrf: string;
}

export function cookieOf(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('voices_session='));
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'the page has a CSRF field').toBeTruthy();
  return token!;
}

/** GET /organizers/login: an anonymous session and its CSRF token. */
export async function loginForm(base: string): Promise<Session> {
  const res = await fetch(`${base}/organizers/login`);
  expect(res.status).toBe(200);
  return { cookie: cookieOf(res)!, csrf: csrfOf(await res.text()) };
}

export async function postForm(
  base: string,
  path: string,
  session: Partial<Session>,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(session.cookie ? { cookie: session.cookie } : {}),
    },
    body: new URLSearchParams({ ...(session.csrf ? { _csrf: session.csrf } : {}), ...fields }),
  });
}

/** Signs in and returns the signed-in session with a fresh CSRF token. */
export async function signIn(base: string, key = ORGANIZER_KEY, name?: string): Promise<Session> {
  const anonymous = await loginForm(base);
  const res = await postForm(base, '/organizers/login', anonymous, { token: key, ...(name ? { name } : {}) });
  expect(res.status).toBe(303);
  const cookie = cookieOf(res)!;
  const home = await fetch(`${base}/organizers/`, { headers: { cookie }, redirect: 'manual' });
  expect(home.status).toBe(200);
  return { cookie, csrf: csrfOf(await home.text()) };
}

export async function getPage(base: string, path: string, session?: Session) {
  const res = await fetch(`${base}${path}`, {
    redirect: 'manual',
    headers: session ? { cookie: session.cookie } : {},
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), res };
}

/** Three weeks of fixture replies and week 3's digest stored (built with the rule themer). */
export async function storeWeek3Digest(
  store: Store,
  extra: Parameters<typeof importReplies>[1] = [],
): Promise<Digest> {
  await importReplies(store, [...week1(), ...week2(), ...week3(), ...extra], 'offline');
  const settings = {
    store: store,
    organization: 'Riverside Community Centre',
    language: 'en' as const,
    timezone: 'America/Toronto',
    promptTexts: PROMPT_TEXTS,
    themer: ruleThemer,
  };
  for (const [from, to] of [
    ['2026-11-02', '2026-11-08'],
    ['2026-11-09', '2026-11-15'],
  ] as const) {
    await ensureDigest(settings, periodOf(from, to, 'America/Toronto'), new Date('2026-11-20T00:00:00Z'));
  }
  return (await ensureDigest(settings, periodOf('2026-11-16', '2026-11-22', 'America/Toronto'), new Date()))
    .digest;
}
