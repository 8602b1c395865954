/**
 * SMS through Twilio. Inbound: signed webhooks on the runner's server, committed before the
 * TwiML answer goes back. Outbound: the twilio SDK's REST client, one rate limiter per sender.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Bottleneck from 'bottleneck';
import twilio from 'twilio';
import { isVoicesError, ErrorCode as VoicesCode } from '../../src/core/errors.js';
import { normalizeForSms } from '../../src/core/sms/index.js';
import { closeAfterResponse, retryAfterOf } from '../http-helpers.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterContext,
  Logger,
  OutboundMessage,
  SendResult,
} from '../types.js';
import type { TwilioConfig } from './config.js';
import { TwilioHttpClient } from './http-client.js';
import { classifySendError, TWILIO_UNREACHABLE_DELIVERY_CODES } from './send-result.js';
import { timezoneHint } from './timezone-hint.js';
import {
  type FormParams,
  type InboundSms,
  inboundSmsSchema,
  isSignedByTwilio,
  readForm,
  signedUrl,
  statusCallbackSchema,
  toDeliveryStatus,
} from './webhook.js';

export const INBOUND_PATH = '/sms/twilio';
export const STATUS_PATH = '/sms/twilio/status';

/** The part of the SDK client the adapter uses. */
export interface TwilioMessagesClient {
  messages: {
    create(params: {
      to: string;
      body: string;
      from?: string;
      messagingServiceSid?: string;
      statusCallback?: string;
    }): Promise<{ sid: string }>;
  };
}

interface Sender {
  /** Rate-limit key: the number, or the Messaging Service (which spreads over its own pool). */
  key: string;
  params: { from: string } | { messagingServiceSid: string };
}

export class TwilioAdapter implements Adapter {
  readonly name = 'sms' as const;
  readonly capabilities: AdapterCapabilities;

  readonly #config: TwilioConfig;
  readonly #client: TwilioMessagesClient;
  readonly #limiters: Bottleneck.Group;
  #ctx: AdapterContext | undefined;
  #log: Logger | undefined;
  #stopped = false;

  constructor(config: TwilioConfig, client?: TwilioMessagesClient) {
    this.#config = config;
    const senders = config.messagingServiceSid !== undefined ? 1 : Math.max(1, config.fromNumbers.length);
    // Two seconds of every sender's rate in flight: enough to cover the API's latency, and a send
    // never waits more than about two seconds in a limiter's queue.
    const concurrency = Math.min(1000, Math.max(2, Math.ceil(config.ratePerSecond * senders * 2)));
    this.#client =
      client ??
      twilio(config.accountSid, config.authToken, {
        httpClient: new TwilioHttpClient({
          apiUrl: config.apiUrl,
          timeoutMs: config.timeoutMs,
          maxSockets: Math.max(20, concurrency),
        }),
      });
    this.capabilities = {
      // Twilio concatenates up to 1600 characters into one message (billed per segment).
      maxLength: 1600,
      richText: false,
      threads: false,
      inlineReplies: true,
      concurrency,
    };
    // Spacing sends by minTime keeps each sender at or under its rate, with no burst.
    this.#limiters = new Bottleneck.Group({
      minTime: Math.ceil(1000 / config.ratePerSecond),
      maxConcurrent: null,
    });
  }

  async start(ctx: AdapterContext): Promise<void> {
    this.#ctx = ctx;
    this.#log = ctx.logger.child({ adapter: 'twilio' });
    ctx.http.route('POST', INBOUND_PATH, (req, res) => this.#handleInbound(req, res));
    ctx.http.route('POST', STATUS_PATH, (req, res) => this.#handleStatus(req, res));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    // Waiting sends are dropped (their promises reject and report transient), so the outbox
    // keeps those rows and sends them after the next start.
    await Promise.all(
      this.#limiters.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true }).catch(() => {})),
    );
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'sms') return { ok: false, reason: 'permanent', code: 'wrong_channel' };
    // Not a refusal: the row stays queued for the next start.
    if (this.#stopped) return { ok: false, reason: 'transient', code: 'stopping' };
    const sender = this.#senderFor(message.address);
    try {
      const created = await this.#limiters.key(sender.key).schedule(() =>
        this.#client.messages.create({
          to: message.address,
          body: normalizeForSms(message.text),
          statusCallback: `${this.#config.publicUrl}${STATUS_PATH}`,
          ...sender.params,
        }),
      );
      return { ok: true, providerMessageId: created.sid };
    } catch (err) {
      // A send dropped from the rate limiter's queue by stop() was never attempted.
      if (this.#stopped) return { ok: false, reason: 'transient', code: 'stopping' };
      const result = classifySendError(err);
      // Rate limiting is not a failure: the outbox waits and retries; only refusals are worth a warning.
      if (!result.ok) {
        const level = result.reason === 'rate_limited' ? 'debug' : 'warn';
        this.#log?.[level]({ reason: result.reason, code: result.code }, 'twilio send refused');
      }
      return result;
    }
  }

  /** A resident always hears from the same number of the pool (sticky by address). */
  #senderFor(address: string): Sender {
    const service = this.#config.messagingServiceSid;
    if (service !== undefined) return { key: service, params: { messagingServiceSid: service } };
    const numbers = this.#config.fromNumbers;
    const index = createHash('sha256').update(address).digest().readUInt32BE(0) % numbers.length;
    const from = numbers[index]!;
    return { key: from, params: { from } };
  }

  /** Reads and authenticates a webhook; answers 4xx itself and returns null when refused. */
  async #verified(req: IncomingMessage, res: ServerResponse, route: string): Promise<FormParams | null> {
    let params: FormParams;
    try {
      params = await readForm(req);
    } catch (err) {
      const tooLarge = isVoicesError(err) && err.code === 'payload_too_large';
      this.#log?.warn({ route, reason: tooLarge ? 'too_large' : 'unreadable' }, 'twilio webhook refused');
      // The rest of a refused body is not read: answer, then close the connection.
      closeAfterResponse(req, res);
      reply(res, tooLarge ? 413 : 400, 'text/plain', tooLarge ? 'Payload Too Large' : 'Bad Request');
      return null;
    }
    const url = signedUrl(this.#config.publicUrl, req);
    if (!isSignedByTwilio(this.#config.authToken, req, url, params)) {
      this.#log?.warn({ route, reason: 'signature' }, 'twilio webhook refused');
      reply(res, 403, 'text/plain', 'Forbidden');
      return null;
    }
    if (params.AccountSid !== this.#config.accountSid) {
      this.#log?.warn({ route, reason: 'account' }, 'twilio webhook refused');
      reply(res, 403, 'text/plain', 'Forbidden');
      return null;
    }
    return params;
  }

  async #handleInbound(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx) return reply(res, 503, 'text/plain', 'Service Unavailable');
    const params = await this.#verified(req, res, 'inbound');
    if (!params) return;
    const parsed = inboundSmsSchema.safeParse(params);
    if (!parsed.success) {
      this.#log?.warn({ route: 'inbound', reason: 'payload' }, 'twilio webhook refused');
      return reply(res, 400, 'text/plain', 'Bad Request');
    }
    const sms = parsed.data;
    // One resident, one number: a sender that is not a phone number (an alphanumeric id, a
    // `whatsapp:` address) would otherwise share a participant with every other such sender.
    if (!isPhoneNumber(sms.From)) {
      this.#log?.warn({ route: 'inbound', reason: 'from' }, 'twilio webhook refused');
      return reply(res, 400, 'text/plain', 'Bad Request');
    }
    const zone = timezoneHint(sms.FromCountry, sms.FromState);
    try {
      const result = await ctx.receive({
        channel: 'sms',
        address: sms.From,
        ...(zone ? { timezone: { zone, source: 'hint' as const } } : {}),
        messageId: sms.MessageSid,
        text: inboundText(sms),
        receivedAt: new Date(),
        ...(sms.NumMedia > 0 ? { attachmentCount: sms.NumMedia } : {}),
      });
      // Committed (receive also woke the outbox): now answer. A retry of the same MessageSid gets
      // the same replies back.
      reply(res, 200, 'text/xml; charset=utf-8', twiml(replyTexts(sms, result.replies)));
      this.#log?.debug(
        { duplicate: result.duplicate, replies: result.replies.length },
        'twilio sms received',
      );
    } catch (err) {
      // Not committed: a 5xx makes Twilio report the failure (and retry through a fallback URL);
      // nothing was acknowledged.
      notCommitted(res, err, this.#log, 'twilio sms not committed');
    }
  }

  async #handleStatus(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = this.#ctx;
    if (!ctx) return reply(res, 503, 'text/plain', 'Service Unavailable');
    const params = await this.#verified(req, res, 'status');
    if (!params) return;
    const parsed = statusCallbackSchema.safeParse(params);
    if (!parsed.success) {
      this.#log?.warn({ route: 'status', reason: 'payload' }, 'twilio webhook refused');
      return reply(res, 400, 'text/plain', 'Bad Request');
    }
    const { MessageSid, MessageStatus, ErrorCode, To } = parsed.data;
    const status = toDeliveryStatus(MessageStatus);
    try {
      if (status !== null) {
        const errorCode = ErrorCode === undefined ? undefined : Number(ErrorCode);
        await ctx.deliveryStatus(MessageSid, status, errorCode);
        const final = status === 'undelivered' || status === 'failed';
        if (
          final &&
          To !== undefined &&
          errorCode !== undefined &&
          TWILIO_UNREACHABLE_DELIVERY_CODES.has(errorCode)
        ) {
          await ctx.markUnreachable('sms', To);
        }
      }
      reply(res, 204, 'text/plain', '');
    } catch (err) {
      notCommitted(res, err, this.#log, 'twilio status not recorded');
    }
  }
}

/**
 * When Twilio's Advanced Opt-Out recognised a keyword (its own list: CANCEL, END, ARRET…), it has
 * already opted the number out or in on its side; hand the engine the canonical keyword so both
 * sides agree even for words the engine does not know.
 */
function inboundText(sms: InboundSms): string {
  return sms.OptOutType ?? sms.Body;
}

/** Twilio already answered a keyword it handled; a second answer from us would be noise. */
function replyTexts(sms: InboundSms, replies: string[]): string[] {
  return sms.OptOutType === undefined ? replies : [];
}

const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();

function twiml(replies: string[]): string {
  if (replies.length === 0) return EMPTY_TWIML;
  const response = new twilio.twiml.MessagingResponse();
  for (const text of replies) response.message(normalizeForSms(text));
  return response.toString();
}

function reply(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Twilio hands SMS senders in E.164; anything else is not an address of this channel. */
export function isPhoneNumber(from: string): boolean {
  return E164.test(from.trim());
}

/** A write that did not land: 503 + Retry-After when the database is only unavailable, else 500. */
function notCommitted(res: ServerResponse, err: unknown, log: Logger | undefined, msg: string): void {
  const unavailable = isVoicesError(err, VoicesCode.StoreUnavailable);
  log?.[unavailable ? 'warn' : 'error']({ code: isVoicesError(err) ? err.code : 'unknown' }, msg);
  if (unavailable) {
    reply(res, 503, 'text/plain', 'Service Unavailable', { 'retry-after': retryAfterOf(err) });
  } else {
    reply(res, 500, 'text/plain', 'Internal Server Error');
  }
}
