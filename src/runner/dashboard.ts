/**
 * The organizers' page on the runner's server: `GET /digests` lists stored digests and
 * `GET /digests/<id>` shows one as the self-contained HTML page. Protected by `DASHBOARD_TOKEN`
 * (`Authorization: Bearer <token>` or `?token=<token>`, compared in constant time); with no token
 * configured no route is registered, so the page answers 404 like any unknown path.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoutes, Logger } from '../../adapters/types.js';
import { escapeHtml, renderDigestHtml } from '../core/digest/render/html.js';
import { type DigestDb, getDigest, listDigests } from '../store/digest-store.js';

export interface DashboardOptions {
  db: DigestDb;
  /** `DASHBOARD_TOKEN`; undefined turns the page off. */
  token: string | undefined;
  logger?: Logger;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (hashing first makes the lengths equal, so the length leaks nothing either). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token a request carries, from the Authorization header or the query string. */
export function requestToken(req: IncomingMessage): { token: string | undefined; fromQuery: boolean } {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (match?.[1]) return { token: match[1], fromQuery: false };
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
  return { token: query ?? undefined, fromQuery: query !== null };
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

function refuse(res: ServerResponse): void {
  send(res, 401, 'text/plain', 'unauthorized: a dashboard token is required\n', {
    'www-authenticate': 'Bearer realm="digests"',
  });
}

function listPage(db: DigestDb, tokenQuery: string): string {
  const rows = listDigests(db)
    .map(
      (d) =>
        `<tr><td><a href="/digests/${encodeURIComponent(d.id)}${tokenQuery}">${escapeHtml(d.from)} → ${escapeHtml(d.to)}</a></td><td class="n">${d.replies}</td><td>${escapeHtml(d.postedTo.join(', ') || '—')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Digests</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{padding:.2rem .8rem;border-bottom:1px solid #eee;text-align:left}.n{text-align:right}</style>
</head><body><h1>Weekly digests</h1>
${rows ? `<table><thead><tr><th>Period</th><th>Replies</th><th>Posted to</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No digest yet.</p>'}
</body></html>
`;
}

export function registerDashboard(http: HttpRoutes, options: DashboardOptions): void {
  const { db, token } = options;
  if (!token) return;

  const authorized = (req: IncomingMessage) => {
    const given = requestToken(req);
    return { ok: tokenMatches(given.token, token), fromQuery: given.fromQuery };
  };

  // Every stored digest, including one another process (`voices digest --post`) stored just now.
  http.routePrefix('GET', '/digests/', (req, res) => {
    if (!authorized(req).ok) return refuse(res);
    const path = (req.url ?? '/').split('?')[0] ?? '';
    let id: string;
    try {
      id = decodeURIComponent(path.slice('/digests/'.length));
    } catch {
      return send(res, 404, 'text/plain', 'not found\n');
    }
    const body = getDigest(db, id);
    if (!body) return send(res, 404, 'text/plain', 'not found\n');
    send(res, 200, 'text/html', renderDigestHtml(body));
  });

  http.route('GET', '/digests', (req, res) => {
    const auth = authorized(req);
    if (!auth.ok) return refuse(res);
    if ((req.headers.accept ?? '').includes('application/json')) {
      const list = listDigests(db).map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }));
      return send(res, 200, 'application/json', JSON.stringify({ digests: list }));
    }
    // A browser that came with ?token= keeps it on the links; a header-authenticated client needs none.
    const tokenQuery = auth.fromQuery ? `?token=${encodeURIComponent(token)}` : '';
    send(res, 200, 'text/html', listPage(db, tokenQuery));
  });
  options.logger?.info({}, 'organizers page on /digests');
}
