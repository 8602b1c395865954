/**
 * SQLite: participants, contacts, inbound dedupe and replies. The per-message hot path uses
 * prepared statements (the query builder builds and prepares SQL on every call, which cost more
 * than the SQLite work itself in `npm run bench:inbound`); the rest goes through drizzle.
 *
 * Methods are `async` over synchronous better-sqlite3 calls: they run at once, inside whatever
 * transaction `SqliteStore` has open on the one connection.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { ParticipantState, ParticipantStatus } from '../../core/engine/state.js';
import type {
  ContactRow,
  InboundView,
  NewReply,
  ParticipantCounts,
  ParticipantRow,
  ReplyRow,
} from '../../core/ports/store.js';
import type { Channel } from '../../core/types.js';
import type { Db, OpenDatabase } from './db.js';
import { contacts, inboundKeys, participants, replies } from './schema.js';

function prepareHot(sqlite: OpenDatabase['sqlite']) {
  return {
    findInbound: sqlite.prepare<[string], { response: string }>(
      'SELECT response FROM inbound_keys WHERE key = ?',
    ),
    recordInbound: sqlite.prepare<[string, string, number, string | null]>(
      'INSERT INTO inbound_keys (key, response, received_at, participant_id) VALUES (?, ?, ?, ?)',
    ),
    claimEvent: sqlite.prepare<[string, number]>(
      `INSERT INTO inbound_keys (key, response, received_at, participant_id) VALUES (?, '[]', ?, NULL)
       ON CONFLICT (key) DO NOTHING`,
    ),
    contact: sqlite.prepare<[string], { addressCiphertext: string }>(
      'SELECT address_ciphertext AS addressCiphertext FROM contacts WHERE participant_id = ?',
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
        string | null,
        string | null,
      ]
    >(
      `INSERT INTO replies (id, participant_id, prompt_id, is_follow_up, text, channel, language, group_name,
         received_at, source, import_key, author_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (import_key) DO NOTHING`,
    ),
  };
}

/** The SQLite row of `participants` as the port shapes it (its `state` column is untyped JSON). */
const toParticipant = (row: typeof participants.$inferSelect): ParticipantRow => ({
  ...row,
  state: row.state as ParticipantState,
});

export class SqliteConversationQueries {
  protected readonly db: Db;
  protected readonly sqlite: OpenDatabase['sqlite'];
  private readonly hot: ReturnType<typeof prepareHot>;

  constructor(protected readonly handle: OpenDatabase) {
    this.db = handle.db;
    this.sqlite = handle.sqlite;
    this.hot = prepareHot(handle.sqlite);
  }

  // ---- locks: the connection's one write lock serializes every transaction already -------------
  async lockParticipants(_ids: readonly string[]): Promise<void> {}

  async claimDueParticipants(now: Date, limit: number): Promise<ParticipantRow[]> {
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
      .all()
      .map(toParticipant);
  }

  // ---- inbound dedupe -------------------------------------------------------------------------
  async inboundView(participantId: string, dedupeKey: string): Promise<InboundView> {
    const seen = this.hot.findInbound.get(dedupeKey);
    if (seen) return { seen: JSON.parse(seen.response) as string[], state: undefined };
    const row = this.hot.participantState.get(participantId);
    return { seen: undefined, state: row ? (JSON.parse(row.state) as ParticipantState) : undefined };
  }

  async recordInbound(
    key: string,
    response: string[],
    now: Date,
    participantId: string | null,
  ): Promise<void> {
    this.hot.recordInbound.run(key, JSON.stringify(response), now.getTime(), participantId);
  }

  async claimEvent(key: string, now: Date): Promise<boolean> {
    return this.hot.claimEvent.run(key, now.getTime()).changes > 0;
  }

  async pruneInbound(olderThan: Date): Promise<number> {
    return this.db.delete(inboundKeys).where(lte(inboundKeys.receivedAt, olderThan)).run().changes;
  }

  // ---- participants ---------------------------------------------------------------------------
  async participant(id: string): Promise<ParticipantRow | undefined> {
    const row = this.db.select().from(participants).where(eq(participants.id, id)).get();
    return row ? toParticipant(row) : undefined;
  }

  async participantState(id: string): Promise<ParticipantState | undefined> {
    const row = this.hot.participantState.get(id);
    return row ? (JSON.parse(row.state) as ParticipantState) : undefined;
  }

  async saveParticipant(
    id: string,
    channel: Channel,
    state: ParticipantState,
    nextCheckAt: Date | null,
    now: Date,
  ): Promise<void> {
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

  async saveContact(
    participantId: string,
    channel: Channel,
    addressCiphertext: string,
    addressHash: string,
  ): Promise<void> {
    this.db
      .insert(contacts)
      .values({ participantId, channel, addressCiphertext, addressHash })
      .onConflictDoNothing()
      .run();
  }

  async contactCiphertext(participantId: string): Promise<string | undefined> {
    return this.hot.contact.get(participantId)?.addressCiphertext;
  }

  async contact(participantId: string): Promise<ContactRow | undefined> {
    return this.db.select().from(contacts).where(eq(contacts.participantId, participantId)).get();
  }

  /**
   * Contact, state, replies and queued messages go with the participant (cascade), and the imported
   * replies that named them (`author_id`), which may exist without any live participant. Their
   * dedupe keys stay, blanked: no answer given, no owner, no time of their own.
   */
  async deleteParticipant(id: string, now: Date): Promise<boolean> {
    this.db
      .update(inboundKeys)
      .set({ response: [], participantId: null, receivedAt: now })
      .where(eq(inboundKeys.participantId, id))
      .run();
    const imported = await this.deleteAuthor(id);
    return this.db.delete(participants).where(eq(participants.id, id)).run().changes > 0 || imported;
  }

  async deleteAuthor(authorId: string): Promise<boolean> {
    return this.db.delete(replies).where(eq(replies.authorId, authorId)).run().changes > 0;
  }

  async setStatus(id: string, status: ParticipantStatus, now: Date): Promise<void> {
    const row = await this.participant(id);
    if (!row) return;
    const state = { ...row.state, status };
    this.db
      .update(participants)
      .set({ status, state, updatedAt: now, nextCheckAt: null })
      .where(eq(participants.id, id))
      .run();
  }

  async activeParticipantIds(): Promise<string[]> {
    return this.db
      .select({ id: participants.id })
      .from(participants)
      .where(eq(participants.status, 'active'))
      .all()
      .map((r) => r.id);
  }

  async participantCounts(): Promise<ParticipantCounts> {
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

  // ---- replies --------------------------------------------------------------------------------
  async insertReply(reply: NewReply): Promise<string> {
    const id = randomUUID();
    this.insertReplyRow(id, reply);
    return id;
  }

  /** One row; false when its import key was there already. */
  protected insertReplyRow(id: string, r: NewReply): boolean {
    return (
      this.hot.insertReply.run(
        id,
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
      ).changes > 0
    );
  }

  async countAuthors(from: Date, to: Date): Promise<number> {
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

  async countReplies(): Promise<number> {
    return this.db.select({ n: count() }).from(replies).get()?.n ?? 0;
  }

  /** By time received; replies with the same time in the order they were stored (ids are random). */
  async listReplies(): Promise<ReplyRow[]> {
    return this.db.select().from(replies).orderBy(asc(replies.receivedAt), sql`rowid`).all();
  }
}
