/**
 * The outbox dispatcher: sends queued messages through their adapter, one row at a time, and
 * records the outcome. A row is marked `sending` (committed) before the platform call and `sent`
 * after, so a restart neither loses a queued message nor re-sends a delivered one (only a crash
 * in the middle of the platform call can repeat it; see `resetInterruptedSends`).
 */
import type { Adapter, Logger, SendResult } from '../../adapters/types.js';
import { decryptAddress, type PrivacyKeys } from '../core/privacy/keys.js';
import type { Channel } from '../core/types.js';
import type { OutboxRow, Store } from '../store/store.js';
import { errorName } from './http-server.js';

export const MAX_ATTEMPTS = 8;

/** Exponential backoff with a ceiling: 2 s, 4 s, 8 s … 10 min. */
export function backoffMs(attempt: number): number {
  return Math.min(600_000, 1000 * 2 ** Math.max(1, attempt));
}

export interface OutboxHooks {
  optedOut(participantId: string): void;
  unreachable(participantId: string): void;
}

export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly keys: PrivacyKeys,
    private readonly adapters: ReadonlyMap<Channel, Adapter>,
    private readonly hooks: OutboxHooks,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  /** Wakes the dispatcher; concurrent kicks coalesce into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Sends everything due now and resolves when done (tests and shutdown). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.stopped) return;
        const batch = this.store.dueOutbox(this.clock(), 50);
        if (batch.length === 0) break;
        for (const row of batch) {
          if (this.stopped) return;
          await this.sendOne(row);
        }
      }
    } while (this.again);
    this.scheduleNext();
  }

  /** Wakes itself for the next delayed row (a retry or the end of quiet hours). */
  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.store.nextOutboxTime();
    if (!next) return;
    const delay = Math.min(Math.max(0, next.getTime() - this.clock().getTime()), 60_000);
    this.timer = setTimeout(() => this.kick(), delay);
    this.timer.unref();
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const now = this.clock();
    const channel = row.channel as Channel;
    const adapter = this.adapters.get(channel);
    const contact = this.store.getContact(row.participantId);
    if (!adapter || !contact) {
      // No adapter for this channel in this deployment: keep the row for a runner that has one.
      if (!contact) this.store.updateOutbox(row.id, { status: 'failed', errorCode: 'no_contact' }, now);
      else this.store.updateOutbox(row.id, { notBefore: new Date(now.getTime() + 60_000) }, now);
      return;
    }
    this.store.updateOutbox(row.id, { status: 'sending', attempts: row.attempts + 1 }, now);
    let result: SendResult;
    try {
      const address = decryptAddress(this.keys, contact.addressCiphertext);
      result = await adapter.send({ channel, address, text: row.text, outboxId: row.id });
    } catch (err) {
      this.logger.warn({ channel, outboxId: row.id, err: errorName(err) }, 'send threw; will retry');
      result = { ok: false, reason: 'transient' };
    }
    this.apply(row, result);
  }

  private apply(row: OutboxRow, result: SendResult): void {
    const now = this.clock();
    const log = { channel: row.channel, outboxId: row.id, kind: row.kind };
    if (result.ok) {
      this.store.updateOutbox(
        row.id,
        { status: 'sent', providerMessageId: result.providerMessageId ?? null },
        now,
      );
      return;
    }
    const code = result.code === undefined ? null : String(result.code);
    switch (result.reason) {
      case 'transient':
      case 'rate_limited': {
        const attempts = row.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          this.store.updateOutbox(row.id, { status: 'failed', errorCode: code ?? result.reason }, now);
          this.logger.warn({ ...log, attempts, code }, 'send failed after retries');
          return;
        }
        const wait = result.retryAfterMs ?? backoffMs(attempts);
        this.store.updateOutbox(
          row.id,
          { status: 'pending', notBefore: new Date(now.getTime() + wait), errorCode: code ?? result.reason },
          now,
        );
        return;
      }
      case 'opted_out':
        this.store.updateOutbox(row.id, { status: 'failed', errorCode: code ?? 'opted_out' }, now);
        this.hooks.optedOut(row.participantId);
        this.logger.info({ ...log, code }, 'recipient opted out at the platform');
        return;
      case 'unreachable':
        this.store.updateOutbox(row.id, { status: 'failed', errorCode: code ?? 'unreachable' }, now);
        this.hooks.unreachable(row.participantId);
        this.logger.info({ ...log, code }, 'recipient unreachable');
        return;
      default:
        this.store.updateOutbox(row.id, { status: 'failed', errorCode: code ?? 'permanent' }, now);
        this.logger.warn({ ...log, code }, 'send refused by platform');
    }
  }
}
