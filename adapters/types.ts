/**
 * The adapter boundary: a small interface (start / stop / send) plus declared capabilities.
 * Webhook verification and payload parsing stay inside each adapter; the runner hands it an
 * `AdapterContext` to register HTTP routes and to commit inbound messages.
 *
 * @example
 * const adapter: Adapter = {
 *   name: 'sms',
 *   capabilities: { maxLength: 1600, richText: false, threads: false, inlineReplies: true },
 *   async start(ctx) { ctx.http.route('POST', '/sms/twilio', (req, res) => { ... }); },
 *   async stop() {},
 *   async send(msg) { return { ok: true, providerMessageId: 'SM…' }; },
 * };
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Digest } from '../src/core/digest/types.js';
import type { ParticipationStats } from '../src/core/organizer/stats.js';
import type { DeliveryStatus } from '../src/core/ports/delivery.js';
import type { Logger } from '../src/core/ports/logger.js';
import type { RoleHandlers, RoleHold } from '../src/core/ports/store.js';
import type { Channel, InboundMessage, OutboundMessage } from '../src/core/types.js';

export type { Channel, InboundMessage, OutboundMessage } from '../src/core/types.js';

export interface AdapterCapabilities {
  /** Longest text one message may carry; the runner splits longer texts at word boundaries. */
  maxLength: number;
  /** Markdown-like formatting is rendered (Slack mrkdwn, Discord markdown). */
  richText: boolean;
  /** Replies can be threaded. */
  threads: boolean;
  /**
   * The platform takes the immediate reply in the webhook response (TwiML, the simulator's JSON),
   * so immediate replies are recorded as delivered inline instead of being sent through `send`.
   */
  inlineReplies: boolean;
  /**
   * How many sends the outbox may have in flight on this channel at once (default 1). The adapter's
   * own limiter spaces them to the platform's rate; this only has to cover rate × latency.
   */
  concurrency?: number;
}

/** What `send` reports; the outbox decides retries from it. */
export type SendResult =
  | { ok: true; providerMessageId?: string }
  | {
      ok: false;
      /**
       * - `transient`: try again later (network, 5xx, timeout); `retryAfterMs` when the platform said.
       * - `rate_limited`: the platform asked us to slow down (HTTP 429, Twilio 20429, Slack
       *   `ratelimited`, a Discord 429): retried after `retryAfterMs` (raised to a floor), never
       *   counted as a failure; only the outbox's deadline ends it.
       * - `opted_out`: the platform says the recipient unsubscribed (Twilio 21610): opt the participant out.
       * - `unreachable`: the address cannot receive (invalid number, Discord 50007): mark unreachable.
       * - `permanent`: any other refusal; not retried.
       */
      reason: 'transient' | 'rate_limited' | 'opted_out' | 'unreachable' | 'permanent';
      retryAfterMs?: number;
      /** The platform's error code, for logs (never the address or text). */
      code?: string | number;
    };

/** The result of committing one inbound message. */
export interface ReceiveResult {
  /** True when this platform message id was already committed: nothing new was stored. */
  duplicate: boolean;
  /** Texts to answer right away (for inline-reply platforms, in the webhook response). */
  replies: string[];
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoutes {
  /** Registers an exact-path route on the runner's one HTTP server. */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  /** Registers a route for every path under `prefix` (which ends with `/`), e.g. `/digests/`. */
  routePrefix(method: 'GET' | 'POST', prefix: string, handler: RouteHandler): void;
}

export type { ParticipationStats } from '../src/core/organizer/stats.js';
export type { Logger } from '../src/core/ports/logger.js';

/** Organizer-facing operations that platform commands (`/voices digest`, …) call. */
export interface OrganizerServices {
  stats(): Promise<ParticipationStats>;
  /** Queues prompt `promptId` for every active participant now; returns how many were queued. */
  ask(promptId: string): Promise<{ queued: number }>;
  /** The ids of prompts that `ask` accepts. */
  promptIds(): string[];
  /** The latest stored digest, rendered for a channel; null when none exists yet. */
  latestDigest(format: 'slack' | 'discord' | 'text' | 'markdown'): Promise<unknown | null>;
  /**
   * Sends the consent invitation to an address on this channel, once. Nobody is enrolled
   * until they answer it. Returns false when this address was already invited or enrolled.
   */
  invite(channel: Channel, address: string): Promise<boolean>;
}

/** The simulator's time travel (present only for the simulator, and only when it is the sole adapter). */
export interface TimeTravel {
  /** The runner's clock: the real time plus the offset. */
  now(): Date;
  offsetMs(): number;
  /** The organizers' timezone, to show the simulated time as they read it. */
  timezone: string;
  /** Moves the clock forward, then runs what came due (prompts, reminders, the outbox, the digest). */
  advance(ms: number): Promise<{ now: Date; offsetMs: number; queued: number }>;
}

export interface AdapterContext {
  http: HttpRoutes;
  logger: Logger;
  timeTravel?: TimeTravel;
  /**
   * Commits the message (dedupe, pseudonymize, scrub, engine step, outbox) and resolves only
   * after the transaction is durable: ack the platform after this resolves, not before.
   */
  receive(message: InboundMessage): Promise<ReceiveResult>;
  /** Marks the participant behind an address unreachable (e.g. Discord 50007 outside a send). */
  markUnreachable(channel: Channel, address: string): Promise<void>;
  organizer: OrganizerServices;
  /** Wakes the outbox dispatcher after new rows were committed. */
  kickOutbox(): void;
  /**
   * Runs work one runner at a time when several share the database (the Discord gateway): see
   * `Store.holdRole`. With one runner (or without it) the role is held at once.
   */
  exclusive?(role: string, handlers: RoleHandlers): Promise<RoleHold>;
  /**
   * Records a platform delivery status (e.g. a Twilio status callback) for the message with this
   * provider id. Statuses only move forward: an out-of-order callback never moves a delivery back.
   */
  deliveryStatus(
    providerMessageId: string,
    status: DeliveryStatus,
    errorCode?: string | number,
  ): Promise<{ updated: boolean }>;
}

export { DELIVERY_STATUSES, type DeliveryStatus } from '../src/core/ports/delivery.js';

export interface Adapter {
  readonly name: Channel;
  readonly capabilities: AdapterCapabilities;
  start(ctx: AdapterContext): Promise<void>;
  stop(): Promise<void>;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * Posts a digest to the organizers' channel configured for this platform, rendered for it
   * (Block Kit, embeds). Optional: SMS has no organizers' channel.
   */
  publishDigest?(digest: Digest): Promise<void>;
}

/** Each adapter module default-exports a factory; the runner imports the module only when enabled. */
export type AdapterFactory = (env: NodeJS.ProcessEnv) => Adapter | Promise<Adapter>;
