/**
 * The outbox dispatcher: claims due rows and sends them through their adapter, concurrently up to
 * each channel's `capabilities.concurrency` (the adapter's limiter keeps the platform's rate), and
 * records each outcome. The contract (claim, lease, fenced outcome, recovery, deadline) is in
 * `src/core/outbox/policy.ts`.
 *
 * No error leaves it: a failed claim or a failed outcome write is retried with backoff. An outcome
 * that cannot be written yet stays in memory (the row stays `sending`, so nobody sends it again)
 * and is written as soon as the database takes it, before anything new is claimed.
 */
import type { Adapter, Logger, SendResult } from '../../adapters/types.js';
import {
  DEFAULT_RETRY_POLICY,
  decide,
  type OutboxDecision,
  type RetryPolicy,
} from '../core/outbox/policy.js';
import type { OutboxCompletion, OutboxRow, Store, StoreWriter } from '../core/ports/store.js';
import { decryptAddress, type PrivacyKeys } from '../core/privacy/keys.js';
import type { Channel } from '../core/types.js';
import { storeTrouble } from '../store/busy.js';
import { outboxDeadline } from '../store/rows.js';
import { errorName } from './http-server.js';

export interface OutboxHooks {
  optedOut(participantId: string): Promise<void>;
  unreachable(participantId: string): Promise<void>;
}

export interface OutboxOptions {
  policy?: RetryPolicy;
  /**
   * How long a claim is good for. Longer than any send can take (limiter wait + the adapter's
   * request timeout): past it, the row is taken for abandoned by a dead dispatcher.
   */
  leaseMs?: number;
  /** A send that has not settled after this long is treated as a timeout (a backstop: adapters time out first). */
  sendTimeoutMs?: number;
  random?: () => number;
}

interface Unrecorded {
  row: OutboxRow;
  completion: OutboxCompletion;
  decision: OutboxDecision;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_SEND_TIMEOUT_MS = 90_000;
/** Longest pause between tries while the database refuses writes. */
const MAX_STORE_BACKOFF_MS = 30_000;
/** On stop, how long outcomes not yet written are retried before giving up on them. */
const STOP_GRACE_MS = 15_000;

export class OutboxDispatcher {
  private pumping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly inFlight = new Map<Channel, number>();
  private readonly active = new Set<Promise<void>>();
  private readonly unrecorded = new Map<string, Unrecorded>();
  /** Consecutive passes the database refused; drives the pause before the next one. */
  private storeFailures = 0;
  private claims = 0;
  private lastRecovery = Number.NEGATIVE_INFINITY;
  private readonly policy: RetryPolicy;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly random: () => number;

  constructor(
    private readonly store: Store,
    private readonly keys: PrivacyKeys,
    private readonly adapters: ReadonlyMap<Channel, Adapter>,
    private readonly hooks: OutboxHooks,
    private readonly logger: Logger,
    private readonly clock: () => Date,
    options: OutboxOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.sendTimeoutMs = options.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
    this.random = options.random ?? Math.random;
  }

  /** Wakes the dispatcher; concurrent kicks coalesce into one more pass. Never throws. */
  kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .catch((err: unknown) => {
        // pump() handles store trouble itself; anything here is a bug, logged without data.
        this.logger.error({ err: errorName(err) }, 'outbox pass failed; retrying');
        this.wakeIn(this.storePause());
      })
      .finally(() => {
        this.pumping = null;
      });
  }

  /** Sends everything due now (and what those sends make due) and resolves when done. */
  async drain(): Promise<void> {
    for (;;) {
      const before = this.claims;
      this.kick();
      while (this.pumping) await this.pumping;
      if (this.active.size === 0 && this.claims === before) return;
      while (this.active.size > 0) await Promise.allSettled([...this.active]);
      if (this.unrecorded.size > 0 && this.storeFailures > 0) return;
    }
  }

  /** Stops claiming, lets sends in flight finish and writes their outcomes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.pumping) await this.pumping;
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
    const until = Date.now() + STOP_GRACE_MS;
    for (let attempt = 1; this.unrecorded.size > 0 && Date.now() < until; attempt++) {
      if (await this.flushUnrecorded()) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt)));
    }
    if (this.unrecorded.size > 0) {
      this.logger.error(
        { rows: this.unrecorded.size },
        'sent messages whose outcome could not be written: they stay sending and go again after the next start',
      );
    }
  }

  /** Sends in flight right now (tests, the bench). */
  get sendsInFlight(): number {
    return this.active.size;
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped) return;
      if (!(await this.flushUnrecorded())) {
        this.wakeIn(this.storePause());
        return;
      }
      let claimed: OutboxRow[];
      try {
        await this.recoverExpiredClaims();
        claimed = await this.claim();
      } catch (err) {
        this.storeTrouble(err, 'outbox claim failed');
        this.wakeIn(this.storePause());
        return;
      }
      this.storeFailures = 0;
      for (const row of claimed) this.start(row);
    } while (this.again && !this.stopped);
    await this.scheduleNext();
  }

  /** Claims as many due rows as each channel has room for. */
  private async claim(): Promise<OutboxRow[]> {
    const now = this.clock();
    const out: OutboxRow[] = [];
    for (const [channel, adapter] of this.adapters) {
      const capacity = Math.max(1, adapter.capabilities.concurrency ?? 1);
      const free = capacity - (this.inFlight.get(channel) ?? 0);
      // Claim in batches (a quarter of the window) rather than one row per completed send.
      if (free < Math.max(1, Math.floor(capacity / 4)) && (this.inFlight.get(channel) ?? 0) > 0) continue;
      if (free <= 0) continue;
      const rows = await this.store.write((tx) => tx.claimOutbox(channel, now, free, this.leaseMs));
      this.claims += rows.length;
      out.push(...rows);
    }
    return out;
  }

  private start(row: OutboxRow): void {
    const channel = row.channel as Channel;
    this.inFlight.set(channel, (this.inFlight.get(channel) ?? 0) + 1);
    const work = this.sendOne(row)
      .catch((err: unknown) => this.logger.error({ err: errorName(err) }, 'outbox send failed unexpectedly'))
      .finally(() => {
        this.inFlight.set(channel, (this.inFlight.get(channel) ?? 1) - 1);
        this.active.delete(work);
        this.kick();
      });
    this.active.add(work);
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const channel = row.channel as Channel;
    const adapter = this.adapters.get(channel);
    let result: SendResult;
    try {
      const sealed = await this.store.read((r) => r.contactCiphertext(row.participantId));
      if (!adapter || sealed === undefined) {
        result = { ok: false, reason: 'permanent', code: adapter ? 'no_contact' : 'no_adapter' };
      } else {
        const address = decryptAddress(this.keys, sealed);
        result = await this.withTimeout(adapter.send({ channel, address, text: row.text, outboxId: row.id }));
      }
    } catch (err) {
      this.logger.warn({ channel, outboxId: row.id, err: errorName(err) }, 'send threw; will retry');
      result = { ok: false, reason: 'transient', code: storeTrouble(err) ?? 'exception' };
    }
    const decision = decide(
      result,
      row.attempts,
      outboxDeadline(row),
      this.clock(),
      this.policy,
      this.random,
    );
    await this.record({ row, completion: completionOf(decision), decision });
  }

  /** A send that never settles must not hold its slot for ever (adapters time out well before). */
  private withTimeout(send: Promise<SendResult>): Promise<SendResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, reason: 'transient', code: 'timeout' }),
        this.sendTimeoutMs,
      );
      timer.unref();
    });
    return Promise.race([send, timeout]).finally(() => clearTimeout(timer));
  }

  /** Writes one outcome; if the database refuses, keeps it for the next pass. */
  private async record(entry: Unrecorded): Promise<void> {
    try {
      await this.store.write((tx) => this.apply(tx, entry));
    } catch (err) {
      this.storeTrouble(err, 'outbox outcome not written yet; will retry');
      this.unrecorded.set(entry.row.id, entry);
      this.wakeIn(this.storePause());
      return;
    }
    await this.after(entry);
  }

  /** Writes every kept outcome; true when none is left. */
  private async flushUnrecorded(): Promise<boolean> {
    if (this.unrecorded.size === 0) return true;
    const entries = [...this.unrecorded.values()];
    try {
      await this.store.write(async (tx) => {
        for (const entry of entries) await this.apply(tx, entry);
      });
    } catch (err) {
      this.storeTrouble(err, 'outbox outcomes still not written; will retry');
      return false;
    }
    this.storeFailures = 0;
    for (const entry of entries) {
      this.unrecorded.delete(entry.row.id);
      await this.after(entry);
    }
    this.logger.info({ rows: entries.length }, 'outbox outcomes written after the database recovered');
    return true;
  }

  /** Inside a transaction: the fenced outcome write. */
  private async apply(tx: StoreWriter, { row, completion }: Unrecorded): Promise<void> {
    const attemptKey = row.attemptKey ?? '';
    await tx.completeOutbox(row.id, attemptKey, completion, this.clock());
  }

  /** After the outcome is durable: participant changes and logs. */
  private async after({ row, decision }: Unrecorded): Promise<void> {
    const log = { channel: row.channel, outboxId: row.id, kind: row.kind };
    if (decision.kind === 'sent') return;
    if (decision.kind === 'retry') {
      if (decision.rateLimited)
        this.logger.debug({ ...log, attempt: row.attempts }, 'rate limited; retry later');
      return;
    }
    const code = decision.errorCode;
    try {
      if (decision.participant === 'opted_out') {
        await this.hooks.optedOut(row.participantId);
        this.logger.info({ ...log, code }, 'recipient opted out at the platform');
      } else if (decision.participant === 'unreachable') {
        await this.hooks.unreachable(row.participantId);
        this.logger.info({ ...log, code }, 'recipient unreachable');
      } else if (decision.expired) {
        this.logger.warn({ ...log, code, attempts: row.attempts }, 'send given up at its deadline');
      } else {
        this.logger.warn({ ...log, code }, 'send refused by platform');
      }
    } catch (err) {
      // The row is failed already; the participant's status follows on the platform's next refusal.
      this.logger.error({ ...log, err: errorName(err) }, 'participant update after a refusal failed');
    }
  }

  private storeTrouble(err: unknown, msg: string): void {
    this.storeFailures += 1;
    const trouble = storeTrouble(err);
    // Once per episode at warn; the retries of the same episode at debug.
    const level = this.storeFailures === 1 ? 'warn' : 'debug';
    this.logger[level]({ reason: trouble ?? errorName(err), failures: this.storeFailures }, msg);
  }

  private storePause(): number {
    const step = Math.min(MAX_STORE_BACKOFF_MS, 250 * 2 ** Math.min(10, this.storeFailures));
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  private wakeIn(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), ms);
    this.timer.unref();
  }

  /** Wakes itself for the next delayed row (a retry or the end of quiet hours). */
  private async scheduleNext(): Promise<void> {
    if (this.stopped) return;
    let next: Date | null;
    try {
      next = await this.store.read((r) => r.nextOutboxTime([...this.adapters.keys()]));
    } catch (err) {
      this.storeTrouble(err, 'outbox schedule read failed');
      this.wakeIn(this.storePause());
      return;
    }
    // Leases of dispatchers that died run out; look again at least every minute.
    let delay = next ? Math.min(next.getTime() - this.clock().getTime(), 60_000) : 60_000;
    // Due but not claimed: the channel is full or the resident has a send in flight, and a
    // finishing send kicks again; otherwise (a dead dispatcher's claim) look again in a second.
    if (delay <= 0) delay = this.active.size > 0 ? 60_000 : 1_000;
    this.wakeIn(delay);
  }

  /**
   * Claims of dead dispatchers whose lease ran out go back to pending (at most once a minute).
   * Our own claims never expire while we live: sends time out well within the lease.
   */
  private async recoverExpiredClaims(): Promise<void> {
    const now = this.clock().getTime();
    if (now - this.lastRecovery < 60_000) return;
    this.lastRecovery = now;
    const recovered = await this.store.write((tx) => tx.recoverClaims(this.clock()));
    if (recovered > 0) {
      this.logger.warn(
        { rows: recovered },
        'claims abandoned inside the platform call (lease expired) are sent again; they may reach the recipient twice',
      );
    }
  }
}

function completionOf(decision: OutboxDecision): OutboxCompletion {
  switch (decision.kind) {
    case 'sent':
      return { status: 'sent', providerMessageId: decision.providerMessageId };
    case 'retry':
      return { status: 'pending', notBefore: decision.notBefore, errorCode: decision.errorCode };
    default:
      return { status: 'failed', errorCode: decision.errorCode };
  }
}
