/** SQLite: the durable outbox (its contract: src/core/outbox/policy.ts). */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { DEFAULT_RETRY_POLICY, deadlineFor } from '../../core/outbox/policy.js';
import type { DeliveryStatus } from '../../core/ports/delivery.js';
import type { NewOutbox, OutboxCompletion, OutboxRow } from '../../core/ports/store.js';
import type { Channel } from '../../core/types.js';
import { statusAdvances } from '../rows.js';
import { SqliteConversationQueries } from './conversation-queries.js';
import type { OpenDatabase } from './db.js';
import { outbox } from './schema.js';

/** An outbox row as SQLite returns it (RETURNING bypasses drizzle's mapping). */
interface RawOutboxRow {
  id: string;
  participant_id: string;
  channel: string;
  text: string;
  kind: string;
  prompt_id: string | null;
  status: string;
  attempts: number;
  not_before: number;
  provider_message_id: string | null;
  error_code: string | null;
  attempt_key: string | null;
  claimed_until: number | null;
  deadline_at: number | null;
  created_at: number;
  updated_at: number;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function fromRaw(r: RawOutboxRow): OutboxRow {
  return {
    id: r.id,
    participantId: r.participant_id,
    channel: r.channel,
    text: r.text,
    kind: r.kind,
    promptId: r.prompt_id,
    status: r.status,
    attempts: r.attempts,
    notBefore: new Date(r.not_before),
    providerMessageId: r.provider_message_id,
    errorCode: r.error_code,
    attemptKey: r.attempt_key,
    claimedUntil: date(r.claimed_until),
    deadlineAt: date(r.deadline_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

export class SqliteOutboxQueries extends SqliteConversationQueries {
  /**
   * Claims due rows of one channel in one statement, so two dispatchers never claim one row: per
   * participant only the first due row, and none while one of theirs is still in flight, so a
   * resident's messages go out one at a time in the order they were queued (rowid order).
   */
  private readonly claim;
  /** A claimed row's outcome, fenced: only the claim with this attempt key may write it. */
  private readonly complete;

  constructor(handle: OpenDatabase) {
    super(handle);
    this.complete = handle.sqlite.prepare<
      [
        {
          id: string;
          attemptKey: string;
          status: string;
          now: number;
          notBefore: number | null;
          providerMessageId: string | null;
          errorCode: string | null;
        },
      ]
    >(
      `UPDATE outbox SET status = @status, claimed_until = NULL, updated_at = @now,
         not_before = coalesce(@notBefore, not_before),
         provider_message_id = coalesce(@providerMessageId, provider_message_id), error_code = @errorCode
       WHERE id = @id AND attempt_key = @attemptKey AND status = 'sending'`,
    );
    this.claim = handle.sqlite.prepare<
      [{ until: number; now: number; channel: string; limit: number }],
      RawOutboxRow
    >(
      `WITH due AS (
         SELECT rowid AS rid, participant_id, not_before, created_at,
                row_number() OVER (PARTITION BY participant_id ORDER BY not_before, created_at, rowid) AS n
         FROM outbox WHERE status = 'pending' AND not_before <= @now AND channel = @channel)
       UPDATE outbox SET status = 'sending', attempts = attempts + 1, attempt_key = lower(hex(randomblob(12))),
         claimed_until = @until, updated_at = @now
       WHERE rowid IN (
         SELECT rid FROM due WHERE n = 1 AND NOT EXISTS (
           SELECT 1 FROM outbox s WHERE s.participant_id = due.participant_id AND s.status = 'sending')
         ORDER BY not_before, created_at, rid LIMIT @limit)
       RETURNING *`,
    );
  }

  async enqueue(rows: readonly NewOutbox[], now: Date): Promise<string[]> {
    const ids: string[] = [];
    const deadlineAt = deadlineFor(now, DEFAULT_RETRY_POLICY);
    for (const row of rows) {
      const id = randomUUID();
      ids.push(id);
      this.db
        .insert(outbox)
        .values({ id, ...row, status: 'pending', attempts: 0, createdAt: now, updatedAt: now, deadlineAt })
        .run();
    }
    return ids;
  }

  async dueOutbox(now: Date, limit: number): Promise<OutboxRow[]> {
    return this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
      .orderBy(asc(outbox.notBefore), asc(outbox.createdAt))
      .limit(limit)
      .all();
  }

  async claimOutbox(channel: Channel, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    const t = now.getTime();
    return this.claim.all({ until: t + leaseMs, now: t, channel, limit }).map(fromRaw);
  }

  async completeOutbox(
    id: string,
    attemptKey: string,
    outcome: OutboxCompletion,
    now: Date,
  ): Promise<boolean> {
    return (
      this.complete.run({
        id,
        attemptKey,
        status: outcome.status,
        now: now.getTime(),
        notBefore: outcome.status === 'pending' ? outcome.notBefore.getTime() : null,
        providerMessageId: outcome.status === 'sent' ? outcome.providerMessageId : null,
        errorCode: outcome.status === 'sent' ? null : outcome.errorCode,
      }).changes > 0
    );
  }

  async releaseOutbox(id: string, attemptKey: string, notBefore: Date, now: Date): Promise<boolean> {
    return (
      this.db
        .update(outbox)
        .set({
          status: 'pending',
          notBefore,
          claimedUntil: null,
          attempts: sql`max(0, ${outbox.attempts} - 1)`,
          updatedAt: now,
        })
        .where(and(eq(outbox.id, id), eq(outbox.attemptKey, attemptKey), eq(outbox.status, 'sending')))
        .run().changes > 0
    );
  }

  /** One runner per SQLite file: no other claimant can be alive, only leases or `all` decide. */
  async recoverClaims(now: Date, all = false): Promise<number> {
    const stale = all
      ? eq(outbox.status, 'sending')
      : and(eq(outbox.status, 'sending'), lte(outbox.claimedUntil, now));
    return this.db
      .update(outbox)
      .set({ status: 'pending', claimedUntil: null, updatedAt: now })
      .where(stale)
      .run().changes;
  }

  async nextOutboxTime(channels?: readonly Channel[]): Promise<Date | null> {
    const pending = eq(outbox.status, 'pending');
    const row = this.db
      .select({ t: sql<number>`min(${outbox.notBefore})` })
      .from(outbox)
      .where(channels ? and(pending, inArray(outbox.channel, [...channels])) : pending)
      .get();
    return row?.t ? new Date(row.t) : null;
  }

  async nextClaimExpiry(): Promise<Date | null> {
    const row = this.db
      .select({ t: sql<number>`min(${outbox.claimedUntil})` })
      .from(outbox)
      .where(eq(outbox.status, 'sending'))
      .get();
    return row?.t ? new Date(row.t) : null;
  }

  async cancelPending(participantId: string, now: Date): Promise<number> {
    return this.db
      .update(outbox)
      .set({ status: 'cancelled', claimedUntil: null, updatedAt: now })
      .where(and(eq(outbox.participantId, participantId), inArray(outbox.status, ['pending', 'sending'])))
      .run().changes;
  }

  async outboxFor(participantId: string): Promise<OutboxRow[]> {
    return this.db
      .select()
      .from(outbox)
      .where(eq(outbox.participantId, participantId))
      .orderBy(asc(outbox.createdAt))
      .all();
  }

  async applyDeliveryStatus(
    providerMessageId: string,
    status: DeliveryStatus,
    errorCode: string | null,
    now: Date,
  ): Promise<boolean> {
    const row = this.db.select().from(outbox).where(eq(outbox.providerMessageId, providerMessageId)).get();
    if (!row || !statusAdvances(row.status, status)) return false;
    this.db.update(outbox).set({ status, errorCode, updatedAt: now }).where(eq(outbox.id, row.id)).run();
    return true;
  }
}
