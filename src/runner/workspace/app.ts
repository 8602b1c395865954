/**
 * The organizers' workspace under `/organizers/`: an Express app mounted on the runner's one
 * node:http server (`routePrefix`). Sessions (express-session, stored in SQLite, new id at sign-in),
 * CSRF tokens on every form (csrf-sync), rate-limited sign-in (express-rate-limit) and templates that
 * escape by default (hono/jsx) come from libraries. Every page and download needs a session; the
 * organizer key is only ever read from a POSTed form, never from a URL, and never logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { csrfSync } from 'csrf-sync';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import session from 'express-session';
import { z } from 'zod';
import type { HttpRoutes, Logger } from '../../../adapters/types.js';
import { ErrorCode, isVoicesError } from '../../core/errors.js';
import type { Store } from '../../core/ports/store.js';
import type { ForumReport } from '../../core/report/build.js';
import { errorName } from '../http-server.js';
import type { Organizer } from '../organizer.js';
import type { ReportRequest } from '../report.js';
import { signInActor } from './keys.js';
import { registerPages } from './pages.js';
import { BASE, formError, pageContext, sendHtml } from './respond.js';
import { DatabaseSessionStore } from './session-store.js';
import { page } from './views/layout.js';
import { LoginPage, MessagePage } from './views/login.js';

declare module 'express-session' {
  interface SessionData {
    organizer?: { actor: string; signedInAt: string };
  }
}

const SESSION_MS = 8 * 3_600_000;
/** A visitor who only opened the sign-in page keeps that session (and its CSRF token) this long. */
const ANONYMOUS_SESSION_MS = 30 * 60_000;
export const FORM_LIMIT = '32kb';

export interface WorkspaceOptions {
  store: Store;
  organizer: Organizer;
  /** DASHBOARD_TOKEN, the bootstrap key. */
  bootstrapKey: string | undefined;
  sessionSecret: Buffer;
  publicUrl: string | undefined;
  timezone: string;
  /** Prompt texts by id, in the organizers' language. */
  promptTexts: Record<string, string>;
  /** The forum report of a period (src/runner/report.ts). */
  report: (request: ReportRequest) => Promise<ForumReport>;
  defaultLanguage: 'en' | 'fr';
  logger: Logger;
  /** Failed sign-ins allowed per client address in `windowMs` (default 5 per 15 minutes). */
  signInLimit?: { limit: number; windowMs: number };
}

const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  // No script at all; inline styles only (the pages are self-contained, the charts are inline SVG).
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const loginForm = z.object({
  token: z
    .string({ error: 'enter the organizer key' })
    .min(1, 'enter the organizer key')
    .max(512, 'the key is too long'),
  name: z
    .string()
    .trim()
    .max(64, 'the name is too long')
    .optional()
    .transform((v) => (v ? v : undefined)),
  _csrf: z.string().optional(),
});

export function createWorkspaceApp(options: WorkspaceOptions): express.Express {
  const app = express();
  const secure = options.publicUrl?.startsWith('https:') ?? false;
  app.disable('x-powered-by');
  // `/organizers` and `/organizers/` are different paths (the first redirects to the second).
  app.set('strict routing', true);
  // Behind the TLS proxy PUBLIC_URL names, the client's address comes in X-Forwarded-For.
  if (options.publicUrl) app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  const { generateToken, csrfSynchronisedProtection, invalidCsrfTokenError } = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      return typeof body?._csrf === 'string' ? body._csrf : undefined;
    },
  });

  app.use((req, res, next) => {
    res.set(SECURITY_HEADERS);
    // The key is never taken from a URL: refuse it before anything reads or logs the request.
    const query = req.url.includes('?') ? new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1)) : null;
    if (query && (query.has('token') || query.has('key'))) {
      sendHtml(
        res,
        400,
        page(
          MessagePage({
            title: 'Not accepted',
            status: 400,
            message:
              'The organizer key is never accepted in a URL. Sign in at /organizers/login, and change the key if it was shared in a link.',
          }),
        ),
      );
      return;
    }
    next();
  });

  app.use(
    session({
      name: 'voices_session',
      secret: options.sessionSecret.toString('base64url'),
      store: new DatabaseSessionStore(options.store, () => new Date(), SESSION_MS),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      ...(secure ? { proxy: true } : {}),
      cookie: { httpOnly: true, secure, sameSite: 'lax', path: BASE, maxAge: SESSION_MS },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 }));
  // Forms only: anything else POSTed is refused before it is read as fields.
  app.use((req, res, next) => {
    if (req.method === 'POST' && !req.is('application/x-www-form-urlencoded')) {
      sendHtml(
        res,
        415,
        page(MessagePage({ title: 'Not accepted', status: 415, message: 'Send the workspace’s form.' })),
      );
      return;
    }
    next();
  });

  const configured = async () =>
    !!options.bootstrapKey || (await options.store.read((r) => r.listAccounts())).length > 0;
  const limit = options.signInLimit ?? { limit: 5, windowMs: 15 * 60_000 };
  const signInLimiter = rateLimit({
    windowMs: limit.windowMs,
    limit: limit.limit,
    // Only failed sign-ins count: an organizer who signs in often is never locked out.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      options.logger.warn({ path: req.path }, 'organizer sign-in rate limited');
      sendHtml(
        res,
        429,
        page(
          MessagePage({
            title: 'Too many attempts',
            status: 429,
            message: 'Too many wrong keys from this address. Wait a few minutes, then try again.',
          }),
        ),
      );
    },
  });

  app.get(BASE, (_req, res) => res.redirect(308, `${BASE}/`));

  app.get(`${BASE}/login`, async (req, res) => {
    if (req.session.organizer) return res.redirect(303, `${BASE}/`);
    req.session.cookie.maxAge = ANONYMOUS_SESSION_MS;
    sendHtml(res, 200, page(LoginPage({ csrf: generateToken(req), configured: await configured() })));
  });

  app.post(`${BASE}/login`, signInLimiter, csrfSynchronisedProtection, async (req, res, next) => {
    const parsed = loginForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return sendHtml(
        res,
        400,
        page(
          LoginPage({
            csrf: generateToken(req),
            configured: await configured(),
            error: formError(parsed.error),
          }),
        ),
      );
    }
    const { token, name } = parsed.data;
    const actor = await signInActor(options.store, options.bootstrapKey, name, token);
    if (!actor) {
      options.logger.info({ account: name !== undefined }, 'organizer sign-in refused');
      return sendHtml(
        res,
        401,
        page(
          LoginPage({
            csrf: generateToken(req),
            configured: await configured(),
            error: 'That name and key do not match. Check the key and try again.',
            ...(name ? { name } : {}),
          }),
        ),
      );
    }
    // A new session id at sign-in: an id planted before it (session fixation) is worth nothing after.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.organizer = { actor, signedInAt: new Date().toISOString() };
      req.session.cookie.maxAge = SESSION_MS;
      generateToken(req, true);
      req.session.save((saveErr) => {
        if (saveErr) return next(saveErr);
        options.logger.info({ account: name !== undefined }, 'organizer signed in');
        res.redirect(303, `${BASE}/`);
      });
    });
  });

  // Everything below needs a session: pages redirect to the sign-in page, anything else gets 401.
  app.use((req, res, next) => {
    if (req.session.organizer) return next();
    if (
      req.method === 'GET' &&
      req.accepts(['html', 'json']) === 'html' &&
      !/\.(csv|pdf|json)$/.test(req.path)
    ) {
      return res.redirect(303, `${BASE}/login`);
    }
    sendHtml(
      res,
      401,
      page(MessagePage({ title: 'Sign in first', status: 401, message: 'Sign in at /organizers/login.' })),
    );
  });

  app.post(`${BASE}/logout`, csrfSynchronisedProtection, (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('voices_session', { path: BASE, httpOnly: true, secure, sameSite: 'lax' });
      res.redirect(303, `${BASE}/login`);
    });
  });

  registerPages(app, {
    ...options,
    generateToken: (req) => generateToken(req),
    csrf: csrfSynchronisedProtection,
  });

  app.use((req, res) => {
    sendHtml(
      res,
      404,
      page(
        MessagePage({
          title: 'Not found',
          status: 404,
          message: 'There is no such page.',
          ...pageContext(req, generateToken),
        }),
      ),
    );
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, message } = describeError(err, invalidCsrfTokenError);
    if (status >= 500)
      options.logger.error({ path: req.path, err: errorName(err) }, 'workspace request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    const signedIn = req.session?.organizer ? pageContext(req, generateToken) : {};
    sendHtml(
      res,
      status,
      page(
        MessagePage({
          title: status >= 500 ? 'Something went wrong' : 'Not accepted',
          status,
          message,
          ...signedIn,
        }),
      ),
    );
  });
  return app;
}

function describeError(err: unknown, csrfError: unknown): { status: number; message: string } {
  if (err === csrfError || (err as { code?: string } | null)?.code === 'EBADCSRFTOKEN') {
    return {
      status: 403,
      message: 'This form has expired or did not come from the workspace. Reload the page and try again.',
    };
  }
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.too.large' || type === 'parameters.too.many') {
    return { status: 413, message: `The form is too large (at most ${FORM_LIMIT}, 20 fields).` };
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status: 415, message: 'Send the form as UTF-8.' };
  }
  if (typeof type === 'string' && type.startsWith('entity.')) {
    return { status: 400, message: 'The form could not be read.' };
  }
  if (isVoicesError(err)) {
    const status =
      err.code === ErrorCode.NotFound
        ? 404
        : err.code === ErrorCode.Forbidden
          ? 403
          : err.code === ErrorCode.InputInvalid
            ? 400
            : 500;
    return { status, message: status >= 500 ? 'internal error' : err.message };
  }
  const status = (err as { status?: number } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: 'The request was not accepted.' };
  }
  return { status: 500, message: 'Something went wrong on our side; nothing was changed. Please try again.' };
}

/** Mounts the workspace on the runner's server: `/organizers` and everything under `/organizers/`. */
export function registerWorkspace(http: HttpRoutes, options: WorkspaceOptions): void {
  const app = createWorkspaceApp(options);
  // The outer server awaits the handler: resolve when the response is done, so close() drains it.
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      res.once('close', () => resolve());
      app(req, res);
    });
  http.route('GET', BASE, handler);
  http.route('GET', `${BASE}/`, handler);
  http.routePrefix('GET', `${BASE}/`, handler);
  http.routePrefix('POST', `${BASE}/`, handler);
  options.logger.info({}, 'organizers workspace on /organizers/');
}
