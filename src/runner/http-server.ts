/**
 * The runner's one HTTP server. node:http with an exact-path route table: adapters need the raw
 * request (signatures are computed over raw bodies), and a dozen fixed paths need no framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAfterResponse, retryAfterOf, sendJson } from '../../adapters/http-helpers.js';
import type { HttpRoutes, Logger, RouteHandler } from '../../adapters/types.js';
import { ErrorCode, VoicesError } from '../core/errors.js';

const STATUS_FOR: Partial<Record<string, number>> = {
  [ErrorCode.InputInvalid]: 400,
  [ErrorCode.ImportInvalid]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.SignatureInvalid]: 403,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.StoreUnavailable]: 503,
};

export interface HttpServerOptions {
  /** Time allowed for a request's headers (slow-loris guard). */
  headersTimeoutMs?: number;
  /** Time allowed for a whole request, body included. */
  requestTimeoutMs?: number;
  /** What /healthz checks besides the process answering (the database); it throws when unhealthy. */
  health?: () => Promise<Record<string, unknown>>;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export class HttpServer implements HttpRoutes {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly prefixes: Array<{ method: string; prefix: string; handler: RouteHandler }> = [];
  private readonly server: Server;
  private inFlight = 0;
  private closing = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly logger: Logger,
    options: HttpServerOptions = {},
  ) {
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    // Slow-loris guard; platform webhooks are small and quick. Node checks both timeouts every
    // connectionsCheckingInterval (30 s by default), which made them fire up to 30 s late.
    this.server = createServer(
      {
        headersTimeout,
        requestTimeout: Math.max(requestTimeout, headersTimeout),
        connectionsCheckingInterval: Math.min(500, Math.max(50, Math.floor(headersTimeout / 4))),
      },
      (req, res) => void this.dispatch(req, res),
    );
    const health = options.health;
    this.route('GET', '/healthz', async (_req, res) => {
      if (!health) return sendJson(res, 200, { ok: true });
      try {
        sendJson(res, 200, { ok: true, ...(await health()) });
      } catch (err) {
        this.logger.warn({ err: errorName(err) }, 'health check failed');
        res.setHeader('Retry-After', '5');
        sendJson(res, 503, { ok: false, database: 'unavailable' });
      }
    });
  }

  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void {
    const key = `${method} ${path}`;
    if (this.routes.has(key)) throw new Error(`route registered twice: ${key}`);
    this.routes.set(key, handler);
  }

  routePrefix(method: 'GET' | 'POST', prefix: string, handler: RouteHandler): void {
    if (!prefix.endsWith('/')) throw new Error(`route prefix must end with "/": ${prefix}`);
    if (this.prefixes.some((p) => p.method === method && p.prefix === prefix)) {
      throw new Error(`route registered twice: ${method} ${prefix}*`);
    }
    this.prefixes.push({ method, prefix, handler });
  }

  private find(method: string | undefined, path: string): RouteHandler | undefined {
    const exact = this.routes.get(`${method} ${path}`);
    if (exact) return exact;
    return this.prefixes.find(
      (p) => p.method === method && path.startsWith(p.prefix) && path.length > p.prefix.length,
    )?.handler;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.closing) {
      res.writeHead(503, { connection: 'close', 'retry-after': '5' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = this.find(req.method, path);
    if (!handler) {
      const allowed = ['GET', 'POST'].filter((m) => this.find(m, path));
      if (allowed.length > 0) {
        res.writeHead(405, { allow: allowed.join(', ') }).end();
      } else {
        sendJson(res, 404, { error: { code: ErrorCode.NotFound, message: 'not found' } });
      }
      return;
    }
    this.inFlight += 1;
    const started = performance.now();
    // Access log at debug: method, path and status only (query strings can carry tokens).
    res.once('finish', () =>
      this.logger.debug(
        { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      ),
    );
    try {
      await handler(req, res);
    } catch (err) {
      const coded = err instanceof VoicesError ? err : null;
      const status = (coded && STATUS_FOR[coded.code]) ?? 500;
      if (status === 503) this.logger.warn({ path, code: coded?.code }, 'request not committed: retry later');
      else if (status >= 500)
        this.logger.error({ path, code: coded?.code, err: errorName(err) }, 'request failed');
      if (!res.headersSent) {
        if (status === 503) res.setHeader('retry-after', retryAfterOf(err));
        // The rest of a refused body is not read: the connection closes after the answer.
        if (status === 413) closeAfterResponse(req, res);
        sendJson(res, status, {
          error: {
            code: coded?.code ?? 'internal',
            message: status >= 500 && status !== 503 ? 'internal error' : coded?.message,
          },
        });
      } else {
        res.end();
      }
      // Drain what is left of a small refused body so the socket can be reused.
      if (status !== 413) req.resume();
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting, lets in-flight requests finish, then closes idle keep-alive sockets. */
  async close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), 5_000);
    await closed;
    clearTimeout(timer);
  }
}

/** Error class name only: messages from libraries can quote request data. */
export function errorName(err: unknown): string {
  if (err instanceof VoicesError) return `${err.name}:${err.code}`;
  return err instanceof Error ? err.name : typeof err;
}
