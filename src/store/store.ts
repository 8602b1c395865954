/**
 * Every query the runner makes, behind one class. All writes that belong together run in one
 * synchronous better-sqlite3 transaction (`transaction(fn)`): an async callback would commit early
 * and could not roll back, so the engine's pure step runs inside it.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { DeliveryStatus } from '../../adapters/types.js';
import type { ParticipantState } from '../core/engine/state.js';
import type { Channel } from '../core/types.js';
import { type OpenDatabase, openDatabase } from './db.js';
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
    recordInbound: sqlite.prepare<[string, string, number]>(
      'INSERT INTO inbound_keys (key, response, received_at) VALUES (?, ?, ?)',
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

export class Store {
  readonly handle: OpenDatabase;
  /** One compiled transaction wrapper (better-sqlite3 compiles one per `transaction()` call). */
  private readonly tx: (fn: () => unknown) => unknown;
  private readonly hot: ReturnType<typeof prepareHot>;

  constructor(path: string) {
    this.handle = openDatabase(path);
    this.tx = this.handle.sqlite.transaction((fn: () => unknown) => fn());
    this.hot = prepareHot(this.handle.sqlite);
  }

  get db() {
    return this.handle.db;
  }

  close(): void {
    this.handle.close();
  }

  transaction<T>(fn: () => T): T {
    return this.tx(fn) as T;
  }

  // ---- inbound dedupe -------------------------------------------------------------------------
  findInbound(key: string): string[] | undefined {
    const row = this.hot.findInbound.get(key);
    return row ? (JSON.parse(row.response) as string[]) : undefined;
  }

  recordInbound(key: string, response: string[], now: Date): void {
    this.hot.recordInbound.run(key, JSON.stringify(response), now.getTime());
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

  /** Erases a participant: contact, state, replies and queued messages go with it (cascade). */
  deleteParticipant(id: string): boolean {
    return this.db.delete(participants).where(eq(participants.id, id)).run().changes > 0;
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

  /** Inserts imported replies; rows whose import key exists are skipped. Returns rows added. */
  insertImported(rows: NewReply[]): number {
    return this.transaction(() => {
      let added = 0;
      for (const row of rows) {
        added += this.db
          .insert(replies)
          .values({ id: randomUUID(), ...row })
          .onConflictDoNothing({ target: replies.importKey })
          .run().changes;
      }
      return added;
    });
  }

  countReplies(): number {
    return this.db.select({ n: count() }).from(replies).get()?.n ?? 0;
  }

  listReplies(): ReplyRow[] {
    return this.db.select().from(replies).orderBy(asc(replies.receivedAt), asc(replies.id)).all();
  }

  // ---- outbox ---------------------------------------------------------------------------------
  enqueue(rows: NewOutbox[], now: Date): string[] {
    const ids: string[] = [];
    for (const row of rows) {
      const id = randomUUID();
      ids.push(id);
      this.db
        .insert(outbox)
        .values({ id, ...row, status: 'pending', attempts: 0, createdAt: now, updatedAt: now })
        .run();
    }
    return ids;
  }

  dueOutbox(now: Date, limit: number): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
      .orderBy(asc(outbox.notBefore), asc(outbox.createdAt))
      .limit(limit)
      .all();
  }

  nextOutboxTime(): Date | null {
    const row = this.db
      .select({ t: sql<number>`min(${outbox.notBefore})` })
      .from(outbox)
      .where(eq(outbox.status, 'pending'))
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

  /** A send interrupted by a crash is retried: at-least-once beats silently losing a prompt. */
  resetInterruptedSends(now: Date): number {
    return this.db
      .update(outbox)
      .set({ status: 'pending', updatedAt: now })
      .where(eq(outbox.status, 'sending'))
      .run().changes;
  }

  cancelPending(participantId: string, now: Date): number {
    return this.db
      .update(outbox)
      .set({ status: 'cancelled', updatedAt: now })
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
