/**
 * A Bolt `Receiver` for HTTP mode that mounts on the runner's one HTTP server instead of opening
 * its own port. Requests are verified with Bolt's own `verifySlackRequest` (HMAC-SHA256 over
 * `v0:{timestamp}:{body}`, stale timestamps refused) plus a check Bolt lacks: timestamps from the
 * future beyond a small clock skew are refused too, so a captured-and-postdated request cannot be
 * replayed later.
 *
 * Acknowledgement follows "commit, then ack": the HTTP response is written when Bolt has run the
 * listeners (`processBeforeResponse`), and listeners return as soon as the message is durable;
 * slow work (sending replies, inviting a channel) runs after, outside the 3-second window.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  HTTPModuleFunctions,
  HTTPResponseAck,
  LogLevel,
  type Receiver,
  type ReceiverEvent,
  verifySlackRequest,
} from '@slack/bolt';
import { z } from 'zod';
import { ErrorCode, isVoicesError } from '../../src/core/errors.js';
import { closeAfterResponse, retryAfterOf } from '../http-helpers.js';
import type { HttpRoutes, Logger } from '../types.js';
import { slackPayloadProblem } from './payload.js';

/** Slack's rule: refuse requests more than 5 minutes old. */
export const MAX_AGE_SECONDS = 5 * 60;
/** Clocks drift; a request up to this far in our future is accepted. */
export const MAX_FUTURE_SKEW_SECONDS = 60;
/** Slack payloads are small; anything larger is refused before it is verified. */
const BODY_LIMIT = 512 * 1024;

export const SLACK_PATHS = {
  events: '/slack/events',
  commands: '/slack/commands',
  interactions: '/slack/interactions',
} as const;

export type VerifyOutcome =
  | { ok: true }
  | { ok: false; reason: 'stale' | 'future' | 'signature' | 'headers' };

/**
 * Checks a request's signature and timestamp. Pure apart from the clock passed in.
 */
export function verifyRequest(
  signingSecret: string,
  rawBody: string,
  headers: IncomingMessage['headers'],
  nowMs: number,
): VerifyOutcome {
  const signature = headers['x-slack-signature'];
  const timestampHeader = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestampHeader !== 'string') {
    return { ok: false, reason: 'headers' };
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'headers' };
  const timestamp = Number(timestampHeader);
  const nowSec = Math.floor(nowMs / 1000);
  if (timestamp > nowSec + MAX_FUTURE_SKEW_SECONDS) return { ok: false, reason: 'future' };
  if (timestamp < nowSec - MAX_AGE_SECONDS) return { ok: false, reason: 'stale' };
  try {
    verifySlackRequest({
      signingSecret,
      body: rawBody,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowMs,
    });
    return { ok: true };
  } catch {
    return { ok: false, reason: 'signature' };
  }
}

export interface RunnerReceiverOptions {
  signingSecret: string;
  routes: HttpRoutes;
  logger: Logger;
  now?: () => number;
}

export class RunnerReceiver implements Receiver {
  private app: App | undefined;
  private readonly signingSecret: string;
  private readonly routes: HttpRoutes;
  private readonly logger: Logger;
  private readonly now: () => number;
  private registered = false;
  private stopped = false;

  constructor(options: RunnerReceiverOptions) {
    this.signingSecret = options.signingSecret;
    this.routes = options.routes;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.registered) return;
    this.registered = true;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.routes.route('POST', SLACK_PATHS.events, handler);
    this.routes.route('POST', SLACK_PATHS.commands, handler);
    this.routes.route('POST', SLACK_PATHS.interactions, handler);
  }

  async stop(): Promise<void> {
    // The runner owns the server; routes stay mounted but answer 503 once stopped.
    this.stopped = true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.stopped || this.app === undefined) {
      HTTPModuleFunctions.buildNoBodyResponse(res, 503);
      return;
    }
    let rawBody: string;
    let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, BODY_LIMIT);
      rawBody = buffered.rawBody.toString('utf8');
    } catch (err) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413;
      this.logger.warn({ path: req.url, status: tooLarge ? 413 : 400 }, 'slack request body unreadable');
      closeAfterResponse(req, res);
      HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
      return;
    }

    // Slack's SSL check carries no signature and must not carry anything else either.
    if (
      req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
      /^ssl_check=1(&|$)/.test(rawBody)
    ) {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }

    const verified = verifyRequest(this.signingSecret, rawBody, req.headers, this.now());
    if (!verified.ok) {
      this.logger.warn({ path: req.url, reason: verified.reason }, 'slack request rejected');
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }

    let body: Record<string, unknown>;
    try {
      const parsed: unknown = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      this.logger.warn({ path: req.url }, 'slack request body malformed');
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }

    if (body.type === 'url_verification') {
      HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
      return;
    }

    const problem = slackPayloadProblem(body);
    if (problem !== null) {
      this.logger.warn({ path: req.url, fields: problem }, 'slack request payload malformed');
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }

    // processBeforeResponse: ack() only stores the response; it is written once the listeners
    // (which return after the commit) are done. An unacknowledged request gets a 404 after 3 s.
    const ack = new HTTPResponseAck({
      logger: boltLogger(this.logger),
      processBeforeResponse: true,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    };
    try {
      await this.app.processEvent(event);
      if (ack.storedResponse !== undefined && !res.headersSent) {
        HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
      }
    } catch (err) {
      ack.ack();
      if (res.headersSent) return;
      // The database could not take it: 503 + Retry-After, Slack retries (deduplicated if stored).
      if (isVoicesError(err, ErrorCode.StoreUnavailable)) {
        this.logger.warn(
          { path: req.url, error: errorName(err) },
          'slack request not committed; retry later',
        );
        res.setHeader('retry-after', retryAfterOf(err));
        HTTPModuleFunctions.buildNoBodyResponse(res, 503);
        return;
      }
      // Input that got past the payload check but that a listener refused is still the sender's.
      if (err instanceof z.ZodError || isVoicesError(err, ErrorCode.InputInvalid)) {
        this.logger.warn({ path: req.url, error: errorName(err) }, 'slack request payload refused');
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
        return;
      }
      // The commit failed: answer 500 so Slack retries; the retry is deduplicated if it was stored.
      this.logger.error({ path: req.url, error: errorName(err) }, 'slack request failed');
      HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    }
  }
}

export function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.name : 'unknown';
}

/** Slack ids (users, channels, teams, bots) are redacted from anything Bolt logs. */
const SLACK_ID = /\b[UWBCDGTE][A-Z0-9]{6,}\b/g;

/**
 * Bolt's logger interface on top of ours. Debug and info are dropped (Bolt logs request bodies
 * there, i.e. message text); warnings and errors keep their first line with ids redacted.
 */
export function boltLogger(logger: Logger): import('@slack/bolt').Logger {
  const clean = (parts: unknown[]) =>
    parts
      .map((part) => (part instanceof Error ? part.name : typeof part === 'string' ? part : ''))
      .join(' ')
      .split('\n')[0]!
      .replace(SLACK_ID, '[id]')
      .slice(0, 200);
  let level: LogLevel = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => logger.warn({ component: 'bolt' }, clean(parts)),
    error: (...parts: unknown[]) => logger.error({ component: 'bolt' }, clean(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
