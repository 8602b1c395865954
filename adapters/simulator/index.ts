/**
 * The local simulator: chat with the bot as one or several residents, with no accounts and no
 * network. `GET /` serves the page; `POST /simulator/messages` takes `{"from","text"}` and answers
 * `{"replies":[...]}`; scheduled messages (prompts, reminders) wait in a per-resident inbox that
 * the page polls at `GET /simulator/inbox?from=…`. `GET|POST /simulator/clock` is time travel
 * (clock-routes.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import { decodeUtf8, readBody, sendJson } from '../http-helpers.js';
import type { Adapter, AdapterContext, AdapterFactory, OutboundMessage, SendResult } from '../types.js';
import { registerClockRoutes } from './clock-routes.js';
import { SIMULATOR_PAGE } from './page.js';

/** Longer texts are refused with 413 rather than cut silently. */
export const SIMULATOR_MAX_TEXT = 5_000;

const messageBody = z
  .object({
    from: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
    text: z.string().max(SIMULATOR_MAX_TEXT, `at most ${SIMULATOR_MAX_TEXT} characters`),
    /**
     * Optional client message id: resending the same id is deduplicated like a platform retry.
     * Ids are scoped to their resident (`from`): another resident's same id is a new message.
     */
    id: z.string().min(1).max(200).optional(),
  })
  .strict();

const MAX_INBOX = 100;

export class SimulatorAdapter implements Adapter {
  readonly name = 'simulator' as const;
  readonly capabilities = {
    maxLength: 2000,
    richText: false,
    threads: false,
    inlineReplies: true,
    concurrency: 50,
  };
  private readonly inboxes = new Map<string, string[]>();
  private started = false;

  async start(ctx: AdapterContext): Promise<void> {
    if (this.started) return;
    this.started = true;
    ctx.http.route('GET', '/', (_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
      });
      res.end(SIMULATOR_PAGE);
    });
    ctx.http.route('POST', '/simulator/messages', async (req, res) => {
      const raw = decodeUtf8(await readBody(req, 64 * 1024));
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new VoicesError(ErrorCode.InputInvalid, 'body must be JSON: {"from": "...", "text": "..."}');
      }
      const parsed = messageBody.safeParse(json);
      if (!parsed.success) {
        const tooLong = parsed.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'text');
        throw new VoicesError(
          tooLong ? ErrorCode.PayloadTooLarge : ErrorCode.InputInvalid,
          parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        );
      }
      const { from, text, id } = parsed.data;
      const result = await ctx.receive({
        channel: 'simulator',
        address: from,
        messageId: id ?? randomUUID(),
        text,
        // Real time plus the simulation's offset: after "one week later" a reply is dated a week ahead.
        receivedAt: new Date(Date.now() + (ctx.timeTravel?.offsetMs() ?? 0)),
      });
      sendJson(res, 200, { replies: result.replies, duplicate: result.duplicate });
    });
    registerClockRoutes(ctx);
    ctx.http.route('GET', '/simulator/inbox', (req, res) => {
      const from = new URL(req.url ?? '/', 'http://localhost').searchParams.get('from')?.trim().toLowerCase();
      if (!from) throw new VoicesError(ErrorCode.InputInvalid, 'from: required');
      const messages = this.inboxes.get(from) ?? [];
      this.inboxes.delete(from);
      sendJson(res, 200, { messages });
    });
  }

  async stop(): Promise<void> {
    this.inboxes.clear();
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const key = message.address.trim().toLowerCase();
    const inbox = this.inboxes.get(key) ?? [];
    inbox.push(message.text);
    // A resident who never opens the page must not grow memory without bound.
    if (inbox.length > MAX_INBOX) inbox.splice(0, inbox.length - MAX_INBOX);
    this.inboxes.set(key, inbox);
    return { ok: true, providerMessageId: `sim-${message.outboxId ?? randomUUID()}` };
  }

  /** Scheduled messages waiting for a resident (tests read this instead of polling HTTP). */
  peekInbox(address: string): string[] {
    return [...(this.inboxes.get(address.trim().toLowerCase()) ?? [])];
  }
}

const factory: AdapterFactory = () => new SimulatorAdapter();
export default factory;
