/**
 * Every query the runner makes, behind one class. All writes that belong together run in one
 * synchronous better-sqlite3 transaction (`transaction(fn)`): an async callback would commit early
 * and could not roll back, so the engine's pure step runs inside it. `write(fn)` is the same
 * transaction behind an asynchronous retry: waiting for another writer's lock never blocks the
 * event loop for more than the connection's short busy timeout.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { and, asc, count, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { ParticipantState } from '../core/engine/state.js';
import { DEFAULT_RETRY_POLICY, deadlineFor } from '../core/outbox/policy.js';
import type { DeliveryStatus } from '../core/ports/delivery.js';
import type { Channel } from '../core/types.js';
import { type RetryOptions, retryBusy, retryBusySync } from './busy.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { type CheckpointResult, checkpointTruncate, type OpenDatabase, openDatabase } from './db.js';
import { contacts, digests, inboundKeys, outbox, participants, replies } from './schema.js';

export type ParticipantRow = typeof participants.$inferSelect;
export type ReplyRow = typeof replies.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

export interface NewReply {
  participantId: string | null;
  promptId: string | null;
  isFollowUp: boolean;
  text: string;
  channel: string;
  language: string | null;
  group: string | null;
  receivedAt: Date;
  source: 'live' | 'imported';
  importKey?: string | null;
  /** Imported rows: the pseudonym of the file's `participant` (never the value itself). */
  authorId?: string | null;
}

/**
 * Who wrote a reply, for counting people: the live participant, the imported row's pseudonymous author, or, for an
 * imported row whose file named no participant, the row itself (one person each).
 */
export function authorOf(row: Pick<ReplyRow, 'id' | 'participantId' | 'authorId'>): string {
  return row.participantId ?? row.authorId ?? `reply:${row.id}`;
}

export interface NewOutbox {
  participantId: string;
  channel: Channel;
  text: string;
  kind: string;
  promptId: string | null;
  notBefore: Date;
}

/** Forward order of delivery states; terminal failures rank above `delivered` only for failures. */
const STATUS_RANK: Record<string, number> = {
  pending: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  inline: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
};

/**
 * Prepared statements for the per-message hot path: the query builder builds and prepares SQL on
 * every call, which cost more than the SQLite work itself in `npm run bench:inbound`.
 */
function prepareHot(sqlite: OpenDatabase['sqlite']) {
  return {
    findInbound: sqlite.prepare<[string], { response: string }>(
      'SELECT response FROM inbound_keys WHERE key = ?',
    ),
    recordInbound: sqlite.prepare<[string, string, number, string | null]>(
      'INSERT INTO inbound_keys (key, response, received_at, participant_id) VALUES (?, ?, ?, ?)',
    ),
    contact: sqlite.prepare<[string], { addressCiphertext: string }>(
      'SELECT address_ciphertext AS addressCiphertext FROM contacts WHERE participant_id = ?',
    ),
    /** A claimed row's outcome, fenced: only the claim with this attempt key may write it. */
    completeOutbox: sqlite.prepare<
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
    ),
    /**
     * Claims due rows of one channel in one statement, so two dispatchers never claim one row: per
     * participant only the first due row, and none while one of theirs is still in flight, so a
     * resident's messages go out one at a time in the order they were queued (rowid order).
     */
    claimOutbox: sqlite.prepare<
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
    ),
    participantState: sqlite.prepare<[string], { state: string }>(
      'SELECT state FROM participants WHERE id = ?',
    ),
    saveParticipant: sqlite.prepare<
      [
        {
          id: string;
          channel: string;
          language: string;
          group: string | null;
          status: string;
          timezone: string | null;
          consentedAt: number | null;
          now: number;
          state: string;
          nextCheckAt: number | null;
        },
      ]
    >(
      `INSERT INTO participants (id, channel, language, group_name, status, timezone, consented_at, created_at,
         updated_at, state, next_check_at)
       VALUES (@id, @channel, @language, @group, @status, @timezone, @consentedAt, @now, @now, @state, @nextCheckAt)
       ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, language = excluded.language,
         group_name = excluded.group_name, status = excluded.status, timezone = excluded.timezone,
         consented_at = excluded.consented_at, updated_at = excluded.updated_at, state = excluded.state,
         next_check_at = excluded.next_check_at`,
    ),
    insertReply: sqlite.prepare<
      [
        string,
        string | null,
        string | null,
        number,
        string,
        string,
        string | null,
        string | null,
        number,
        string,
      ]
    >(
      `INSERT INTO replies (id, participant_id, prompt_id, is_follow_up, text, channel, language, group_name,
         received_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

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

/** A row's deadline: its own, or the default from when it was queued. */
export function outboxDeadline(row: Pick<OutboxRow, 'deadlineAt' | 'createdAt'>): Date {
  return row.deadlineAt ?? deadlineFor(row.createdAt, DEFAULT_RETRY_POLICY);
}

/** How a claimed row ended, as the dispatcher records it. */
export type OutboxCompletion =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'pending'; notBefore: Date; errorCode: string }
  | { status: 'failed'; errorCode: string };

/** Rows per transaction when importing: short enough that a webhook waiting for the lock never waits long. */
export const IMPORT_CHUNK = 500;

export class Store {
  readonly handle: OpenDatabase;
  /** One compiled transaction wrapper (better-sqlite3 compiles one per `transaction()` call). */
  private readonly tx: (fn: () => unknown) => unknown;
  private readonly hot: ReturnType<typeof prepareHot>;

  private checkpointer: BackgroundCheckpointer | null = null;

  /**
   * `backgroundCheckpoints`: a long-running process (the runner) leaves WAL checkpoints to a worker
   * thread (see checkpointer.ts) instead of running them on its event loop.
   */
  constructor(path: string, options: { backgroundCheckpoints?: boolean } = {}) {
    this.handle = openDatabase(path);
    if (options.backgroundCheckpoints && path !== ':memory:') {
      this.handle.sqlite.pragma('wal_autocheckpoint = 0');
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      this.checkpointer = new BackgroundCheckpointer(path, driver);
    }
    this.tx = this.handle.sqlite.transaction((fn: () => unknown) => fn());
    this.hot = prepareHot(this.handle.sqlite);
  }

  get db() {
    return this.handle.db;
  }

  close(): void {
    if (this.checkpointer) {
      void this.checkpointer.stop();
      this.checkpointer = null;
    }
    this.handle.close();
  }

  /** Stops the background checkpoints (waits for the worker), then closes. */
  async closeAsync(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    await worker?.stop();
    this.handle.close();
  }

  /**
   * One transaction; BEGIN IMMEDIATE takes the write lock up front, so a busy database is
   * reported before any work (and can be retried whole) rather than in the middle of it.
   * Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return (this.tx as unknown as { immediate: (f: () => unknown) => unknown }).immediate(fn) as T;
  }

  /** `transaction(fn)`, retried asynchronously while another writer holds the lock. */
  write<T>(fn: () => T, options?: RetryOptions): Promise<T> {
    return retryBusy(() => this.transaction(fn), options);
  }

  /** `transaction(fn)` for one-shot commands: retried with a synchronous pause. */
  writeSync<T>(fn: () => T, options?: RetryOptions): T {
    return retryBusySync(() => this.transaction(fn), options);
  }

  /** See `checkpointTruncate`: after an erasure, no old page version stays in the WAL. */
  checkpoint(): CheckpointResult {
    return checkpointTruncate(this.handle.sqlite);
  }

  /** The same, off the event loop when background checkpoints are on. */
  async checkpointAsync(): Promise<CheckpointResult> {
    return this.checkpointer ? this.checkpointer.truncate() : this.checkpoint();
  }

  // ---- inbound dedupe -------------------------------------------------------------------------
  findInbound(key: string): string[] | undefined {
    const row = this.hot.findInbound.get(key);
    return row ? (JSON.parse(row.response) as string[]) : undefined;
  }

  recordInbound(key: string, response: string[], now: Date, participantId: string | null = null): void {
    this.hot.recordInbound.run(key, JSON.stringify(response), now.getTime(), participantId);
  }

  pruneInbound(olderThan: Date): number {
    return this.db.delete(inboundKeys).where(lte(inboundKeys.receivedAt, olderThan)).run().changes;
  }

  // ---- participants ---------------------------------------------------------------------------
  getParticipant(id: string): ParticipantRow | undefined {
    return this.db.select().from(participants).where(eq(participants.id, id)).get();
  }

  participantState(id: string): ParticipantState | undefined {
    const row = this.hot.participantState.get(id);
    return row ? (JSON.parse(row.state) as ParticipantState) : undefined;
  }

  saveParticipant(
    id: string,
    channel: Channel,
    state: ParticipantState,
    nextCheckAt: Date | null,
    now: Date,
  ): void {
    this.hot.saveParticipant.run({
      id,
      channel,
      language: state.language,
      group: state.group,
      status: state.status,
      timezone: state.timezone,
      consentedAt: state.consentedAt ? Date.parse(state.consentedAt) : null,
      now: now.getTime(),
      state: JSON.stringify(state),
      nextCheckAt: nextCheckAt ? nextCheckAt.getTime() : null,
    });
  }

  saveContact(participantId: string, channel: Channel, addressCiphertext: string, addressHash: string): void {
    this.db
      .insert(contacts)
      .values({ participantId, channel, addressCiphertext, addressHash })
      .onConflictDoNothing()
      .run();
  }

  getContact(participantId: string) {
    return this.db.select().from(contacts).where(eq(contacts.participantId, participantId)).get();
  }

  /**
   * Erases a participant: contact, state, replies and queued messages go with it (cascade), and the imported
   * replies that named them (`author_id`), which may exist without any live participant. Their
   * dedupe keys stay, so a platform's late retry is still dropped, but keep nothing of theirs:
   * no answer given, no owner, no time of their own.
   */
  deleteParticipant(id: string, now: Date = new Date()): boolean {
    return this.transaction(() => {
      this.db
        .update(inboundKeys)
        .set({ response: [], participantId: null, receivedAt: now })
        .where(eq(inboundKeys.participantId, id))
        .run();
      const imported = this.deleteAuthor(id);
      return this.db.delete(participants).where(eq(participants.id, id)).run().changes > 0 || imported;
    });
  }

  /** Erases the imported replies of one pseudonymous author. */
  deleteAuthor(authorId: string): boolean {
    return this.db.delete(replies).where(eq(replies.authorId, authorId)).run().changes > 0;
  }

  setStatus(id: string, status: ParticipantState['status'], now: Date): void {
    const row = this.getParticipant(id);
    if (!row) return;
    const state = { ...(row.state as ParticipantState), status };
    this.db
      .update(participants)
      .set({ status, state, updatedAt: now, nextCheckAt: null })
      .where(eq(participants.id, id))
      .run();
  }

  dueParticipants(now: Date, limit: number): ParticipantRow[] {
    return this.db
      .select()
      .from(participants)
      .where(
        and(
          // Not yet consented too: words held before consent expire on this schedule.
          inArray(participants.status, ['active', 'awaiting_consent', 'declined']),
          isNotNull(participants.nextCheckAt),
          lte(participants.nextCheckAt, now),
        ),
      )
      .orderBy(asc(participants.nextCheckAt))
      .limit(limit)
      .all();
  }

  activeParticipantIds(): string[] {
    return this.db
      .select({ id: participants.id })
      .from(participants)
      .where(eq(participants.status, 'active'))
      .all()
      .map((r) => r.id);
  }

  // ---- replies --------------------------------------------------------------------------------
  insertReply(reply: NewReply): string {
    const id = randomUUID();
    this.hot.insertReply.run(
      id,
      reply.participantId,
      reply.promptId,
      reply.isFollowUp ? 1 : 0,
      reply.text,
      reply.channel,
      reply.language,
      reply.group,
      reply.receivedAt.getTime(),
      reply.source,
    );
    return id;
  }

  /**
   * Inserts imported replies; rows whose import key exists are skipped. Returns rows added.
   * Commits in chunks of `IMPORT_CHUNK` with a short pause between them, so a running bot's
   * webhooks get the write lock in between instead of waiting for the whole file (a re-run adds
   * what a stopped run had not).
   */
  insertImported(rows: NewReply[], chunk = IMPORT_CHUNK): number {
    const insert = this.handle.sqlite.prepare<
      [
        string,
        string | null,
        string | null,
        number,
        string,
        string,
        string | null,
        string | null,
        number,
        string,
        string | null,
        string | null,
      ]
    >(
      `INSERT INTO replies (id, participant_id, prompt_id, is_follow_up, text, channel, language, group_name,
         received_at, source, import_key, author_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (import_key) DO NOTHING`,
    );
    const gap = new Int32Array(new SharedArrayBuffer(4));
    let added = 0;
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      added += this.writeSync(() => {
        let n = 0;
        for (const r of part) {
          n += insert.run(
            randomUUID(),
            r.participantId,
            r.promptId,
            r.isFollowUp ? 1 : 0,
            r.text,
            r.channel,
            r.language,
            r.group,
            r.receivedAt.getTime(),
            r.source,
            r.importKey ?? null,
            r.authorId ?? null,
          ).changes;
        }
        return n;
      });
      // Let a waiting writer (the bot's webhooks) in before taking the lock again.
      if (start + chunk < rows.length) Atomics.wait(gap, 0, 0, 5);
    }
    return added;
  }

  /** Distinct people (see `authorOf`) among the replies received in [from, to). */
  countAuthors(from: Date, to: Date): number {
    return (
      this.db
        .select({
          n: sql<number>`count(distinct coalesce(${replies.participantId}, ${replies.authorId}, 'reply:' || ${replies.id}))`,
        })
        .from(replies)
        .where(and(gte(replies.receivedAt, from), lt(replies.receivedAt, to)))
        .get()?.n ?? 0
    );
  }

  countReplies(): number {
    return this.db.select({ n: count() }).from(replies).get()?.n ?? 0;
  }

  /** By time received; replies with the same time in the order they were stored (ids are random). */
  listReplies(): ReplyRow[] {
    return this.db.select().from(replies).orderBy(asc(replies.receivedAt), sql`rowid`).all();
  }

  // ---- outbox (the contract: src/core/outbox/policy.ts) -----------------------------------------
  enqueue(rows: NewOutbox[], now: Date): string[] {
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

  /** The sealed address of a participant (the outbox decrypts it just before sending). */
  contactCiphertext(participantId: string): string | undefined {
    return this.hot.contact.get(participantId)?.addressCiphertext;
  }

  /** Due rows, without claiming them (tests and status pages). */
  dueOutbox(now: Date, limit: number): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
      .orderBy(asc(outbox.notBefore), asc(outbox.createdAt))
      .limit(limit)
      .all();
  }

  /** Channels with rows due now. */
  dueChannels(now: Date): Channel[] {
    return this.db
      .selectDistinct({ channel: outbox.channel })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
      .all()
      .map((r) => r.channel as Channel);
  }

  /**
   * Claims up to `limit` due rows of `channel`: each becomes `sending` with a new attempt key, one
   * more attempt, and a lease until `now + leaseMs`.
   */
  claimOutbox(channel: Channel, now: Date, limit: number, leaseMs: number): OutboxRow[] {
    const t = now.getTime();
    return this.hot.claimOutbox.all({ until: t + leaseMs, now: t, channel, limit }).map(fromRaw);
  }

  /**
   * Records the outcome of the attempt `attemptKey`. False when the row is no longer that claim
   * (cancelled by an opt-out or erased meanwhile, or recovered after its lease ran out).
   */
  completeOutbox(id: string, attemptKey: string, outcome: OutboxCompletion, now: Date): boolean {
    return (
      this.hot.completeOutbox.run({
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

  /** Hands a claimed row back without an attempt (no adapter here): pending again at `notBefore`. */
  releaseOutbox(id: string, attemptKey: string, notBefore: Date, now: Date): boolean {
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

  /**
   * Claims whose dispatcher died inside the platform call go back to `pending`: those whose lease
   * ran out by `now`, or every claim when `all` (a single runner starting: no claimant is alive).
   * Returns how many.
   */
  recoverClaims(now: Date, all = false): number {
    const stale = all
      ? eq(outbox.status, 'sending')
      : and(eq(outbox.status, 'sending'), lte(outbox.claimedUntil, now));
    return this.db
      .update(outbox)
      .set({ status: 'pending', claimedUntil: null, updatedAt: now })
      .where(stale)
      .run().changes;
  }

  /** When the next pending row of these channels comes due. */
  nextOutboxTime(channels?: readonly Channel[]): Date | null {
    const pending = eq(outbox.status, 'pending');
    const row = this.db
      .select({ t: sql<number>`min(${outbox.notBefore})` })
      .from(outbox)
      .where(channels ? and(pending, inArray(outbox.channel, [...channels])) : pending)
      .get();
    return row?.t ? new Date(row.t) : null;
  }

  /** The earliest lease still running (when recovery should look again). */
  nextClaimExpiry(): Date | null {
    const row = this.db
      .select({ t: sql<number>`min(${outbox.claimedUntil})` })
      .from(outbox)
      .where(eq(outbox.status, 'sending'))
      .get();
    return row?.t ? new Date(row.t) : null;
  }

  updateOutbox(id: string, patch: Partial<Omit<OutboxRow, 'id'>>, now: Date): void {
    this.db
      .update(outbox)
      .set({ ...patch, updatedAt: now })
      .where(eq(outbox.id, id))
      .run();
  }

  cancelPending(participantId: string, now: Date): number {
    return this.db
      .update(outbox)
      .set({ status: 'cancelled', claimedUntil: null, updatedAt: now })
      .where(and(eq(outbox.participantId, participantId), inArray(outbox.status, ['pending', 'sending'])))
      .run().changes;
  }

  outboxFor(participantId: string): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(eq(outbox.participantId, participantId))
      .orderBy(asc(outbox.createdAt))
      .all();
  }

  /** Applies a platform status callback; statuses only move forward. */
  applyDeliveryStatus(
    providerMessageId: string,
    status: DeliveryStatus,
    errorCode: string | null,
    now: Date,
  ): boolean {
    const row = this.db.select().from(outbox).where(eq(outbox.providerMessageId, providerMessageId)).get();
    if (!row) return false;
    const current = STATUS_RANK[row.status] ?? 0;
    const next = STATUS_RANK[status] ?? 0;
    if (next <= current) return false;
    this.updateOutbox(row.id, { status, errorCode }, now);
    return true;
  }

  // ---- stats ----------------------------------------------------------------------------------
  participantCounts() {
    const byStatus = this.db
      .select({ status: participants.status, n: count() })
      .from(participants)
      .groupBy(participants.status)
      .all();
    const byChannel = this.db
      .select({ channel: participants.channel, n: count() })
      .from(participants)
      .where(isNotNull(participants.consentedAt))
      .groupBy(participants.channel)
      .all();
    const byGroup = this.db
      .select({ group: participants.group, n: count() })
      .from(participants)
      .where(isNotNull(participants.consentedAt))
      .groupBy(participants.group)
      .all();
    return { byStatus, byChannel, byGroup };
  }

  // ---- digests -------------------------------------------------------------------------------
  latestDigestBody(): unknown | null {
    const row = this.db
      .select({ body: digests.body })
      .from(digests)
      .orderBy(sql`${digests.periodTo} desc`)
      .get();
    return row?.body ?? null;
  }
}
