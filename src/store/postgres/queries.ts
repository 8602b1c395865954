/**
 * PostgreSQL: every operation of the store port, as postgres.js tagged templates (parameters bound,
 * statements prepared once per connection). Inside a transaction they run on its one connection,
 * so the statements a message issues together travel together (pipelined) and cost one round trip.
 * The schema and its migrations are drizzle's (`schema.ts`, `drizzle/postgres/`).
 *
 * Per-participant serialization uses transaction-scoped advisory locks keyed by a hash of the
 * participant id: they work for a participant whose row does not exist yet (a first message),
 * and are released at COMMIT or ROLLBACK, whatever happens to the runner.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { type DigestReply, replyFingerprint, withoutThemeState } from '../../core/digest/build.js';
import type { Digest } from '../../core/digest/types.js';
import type { ParticipantState, ParticipantStatus } from '../../core/engine/state.js';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import { DEFAULT_RETRY_POLICY, deadlineFor } from '../../core/outbox/policy.js';
import type { DeliveryStatus } from '../../core/ports/delivery.js';
import type {
  BrowsedReply,
  ContactRow,
  DigestSummary,
  InboundView,
  NewOutbox,
  NewReply,
  NewThemeEdit,
  OutboxCompletion,
  OutboxRow,
  ParticipantCounts,
  ParticipantRow,
  ReplyCursor,
  ReplyFacets,
  ReplyFilters,
  ReplyRow,
  ReviewRow,
  StoredPeriod,
  ThemeEditRow,
} from '../../core/ports/store.js';
import type { Channel } from '../../core/types.js';
import {
  containsPattern,
  digestNotFound,
  digestSummaries,
  parseDigestBody,
  replyLanguage,
  statusAdvances,
} from '../rows.js';
import { LOCK_SPACE } from './connect.js';

const LAST_RUN_KEY = 'digest:last-run';
/** Who may have a scheduled check: words held before consent expire on the same schedule. */
const SCHEDULED = ['active', 'awaiting_consent', 'declined'];

const PARTICIPANT_COLUMNS = `id, channel, language, group_name AS "group", status, timezone,
  consented_at AS "consentedAt", created_at AS "createdAt", updated_at AS "updatedAt", state,
  next_check_at AS "nextCheckAt"`;
const REPLY_COLUMNS = `id, participant_id AS "participantId", prompt_id AS "promptId", is_follow_up AS "isFollowUp",
  text, channel, language, group_name AS "group", received_at AS "receivedAt", source, import_key AS "importKey",
  author_id AS "authorId"`;
const OUTBOX_COLUMNS = `id, participant_id AS "participantId", channel, text, kind, prompt_id AS "promptId", status,
  attempts, not_before AS "notBefore", provider_message_id AS "providerMessageId", error_code AS "errorCode",
  attempt_key AS "attemptKey", claimed_until AS "claimedUntil", deadline_at AS "deadlineAt", created_at AS "createdAt",
  updated_at AS "updatedAt"`;
const REVIEW_COLUMNS = `digest_id AS "digestId", opened_at AS "openedAt", review_until AS "reviewUntil",
  approved_at AS "approvedAt", approved_by AS "approvedBy", released_at AS "releasedAt"`;
const EDIT_COLUMNS = `id, theme_key AS "themeKey", action, value, digest_id AS "digestId", actor, created_at AS "createdAt"`;
const DIGEST_REPLY_COLUMNS = `id, prompt_id AS "promptId", text, group_name AS "group", channel,
  participant_id AS "participantId", author_id AS "authorId", received_at AS "receivedAt", language`;

/** What the queries need besides the connection. */
export interface PgContext {
  /** This runner's key in the `runners` advisory-lock space: it marks the outbox rows it claims. */
  instanceId: number;
}

export class PgQueries {
  constructor(
    protected readonly sql: Sql,
    protected readonly context: PgContext,
  ) {}

  /** A JSON parameter for a jsonb column (arrays would otherwise be sent as PostgreSQL arrays). */
  protected json(value: unknown) {
    return this.sql.json(value as Parameters<Sql['json']>[0]);
  }

  // ---- locks ------------------------------------------------------------------------------------
  /** One statement, the keys in one order: two transactions locking overlapping sets never deadlock. */
  async lockParticipants(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql`
      SELECT count(pg_advisory_xact_lock(k)) FROM (
        SELECT DISTINCT hashtextextended(id, 0) AS k FROM unnest(${[...ids]}::text[]) AS id ORDER BY k) AS keys`;
  }

  /**
   * Due participants this transaction may work on: those whose lock it gets at once (one busy in
   * another runner's tick or message is left for the next pass), read again after the lock, so a
   * prompt another runner sent meanwhile shows in their state and they are no longer due.
   */
  async claimDueParticipants(now: Date, limit: number): Promise<ParticipantRow[]> {
    const locked = await this.sql<Array<{ id: string }>>`
      SELECT id FROM (
        SELECT id FROM participants
        WHERE status = ANY(${SCHEDULED}::text[]) AND next_check_at <= ${now}
        ORDER BY next_check_at LIMIT ${limit}) AS candidates
      WHERE pg_try_advisory_xact_lock(hashtextextended(id, 0))`;
    if (locked.length === 0) return [];
    return this.sql.unsafe<ParticipantRow[]>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants
       WHERE id = ANY($1::text[]) AND status = ANY($2::text[]) AND next_check_at <= $3
       ORDER BY next_check_at`,
      [locked.map((r) => r.id), SCHEDULED, now],
      { prepare: true },
    );
  }

  // ---- inbound dedupe ---------------------------------------------------------------------------
  async inboundView(participantId: string, dedupeKey: string): Promise<InboundView> {
    const [row] = await this.sql<Array<{ seen: string[] | null; state: ParticipantState | null }>>`
      SELECT (SELECT response FROM inbound_keys WHERE key = ${dedupeKey}) AS seen,
             (SELECT state FROM participants WHERE id = ${participantId}) AS state`;
    return { seen: row?.seen ?? undefined, state: row?.state ?? undefined };
  }

  async recordInbound(
    key: string,
    response: string[],
    now: Date,
    participantId: string | null,
  ): Promise<void> {
    await this.sql`
      INSERT INTO inbound_keys (key, response, received_at, participant_id)
      VALUES (${key}, ${this.json(response)}, ${now}, ${participantId})`;
  }

  async claimEvent(key: string, now: Date): Promise<boolean> {
    const result = await this.sql`
      INSERT INTO inbound_keys (key, response, received_at, participant_id) VALUES (${key}, '[]', ${now}, NULL)
      ON CONFLICT (key) DO NOTHING`;
    return result.count > 0;
  }

  async pruneInbound(olderThan: Date): Promise<number> {
    return (await this.sql`DELETE FROM inbound_keys WHERE received_at <= ${olderThan}`).count;
  }

  // ---- participants -----------------------------------------------------------------------------
  async participant(id: string): Promise<ParticipantRow | undefined> {
    const [row] = await this.sql.unsafe<ParticipantRow[]>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE id = $1`,
      [id],
      { prepare: true },
    );
    return row;
  }

  async participantState(id: string): Promise<ParticipantState | undefined> {
    const [row] = await this.sql<
      Array<{ state: ParticipantState }>
    >`SELECT state FROM participants WHERE id = ${id}`;
    return row?.state;
  }

  async saveParticipant(
    id: string,
    channel: Channel,
    state: ParticipantState,
    nextCheckAt: Date | null,
    now: Date,
  ): Promise<void> {
    const consentedAt = state.consentedAt ? new Date(state.consentedAt) : null;
    await this.sql`
      INSERT INTO participants (id, channel, language, group_name, status, timezone, consented_at, created_at,
        updated_at, state, next_check_at)
      VALUES (${id}, ${channel}, ${state.language}, ${state.group}, ${state.status}, ${state.timezone}, ${consentedAt},
        ${now}, ${now}, ${this.json(state)}, ${nextCheckAt})
      ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, language = excluded.language,
        group_name = excluded.group_name, status = excluded.status, timezone = excluded.timezone,
        consented_at = excluded.consented_at, updated_at = excluded.updated_at, state = excluded.state,
        next_check_at = excluded.next_check_at`;
  }

  async saveContact(
    participantId: string,
    channel: Channel,
    addressCiphertext: string,
    addressHash: string,
  ): Promise<void> {
    await this.sql`
      INSERT INTO contacts (participant_id, channel, address_ciphertext, address_hash)
      VALUES (${participantId}, ${channel}, ${addressCiphertext}, ${addressHash})
      ON CONFLICT DO NOTHING`;
  }

  async contact(participantId: string): Promise<ContactRow | undefined> {
    const [row] = await this.sql<ContactRow[]>`
      SELECT participant_id AS "participantId", channel, address_ciphertext AS "addressCiphertext",
        address_hash AS "addressHash"
      FROM contacts WHERE participant_id = ${participantId}`;
    return row;
  }

  async contactCiphertext(participantId: string): Promise<string | undefined> {
    const [row] = await this.sql<Array<{ sealed: string }>>`
      SELECT address_ciphertext AS sealed FROM contacts WHERE participant_id = ${participantId}`;
    return row?.sealed;
  }

  /** See the port; the participant's dedupe keys stay, blanked. */
  async deleteParticipant(id: string, now: Date): Promise<boolean> {
    const [blanked, imported, removed] = await Promise.all([
      this.sql`UPDATE inbound_keys SET response = '[]', participant_id = NULL, received_at = ${now}
        WHERE participant_id = ${id}`,
      this.sql`DELETE FROM replies WHERE author_id = ${id}`,
      this.sql`DELETE FROM participants WHERE id = ${id}`,
    ]);
    void blanked;
    return removed.count > 0 || imported.count > 0;
  }

  async deleteAuthor(authorId: string): Promise<boolean> {
    return (await this.sql`DELETE FROM replies WHERE author_id = ${authorId}`).count > 0;
  }

  async setStatus(id: string, status: ParticipantStatus, now: Date): Promise<void> {
    await this.sql`
      UPDATE participants SET status = ${status}, state = jsonb_set(state, '{status}', to_jsonb(${status}::text)),
        updated_at = ${now}, next_check_at = NULL
      WHERE id = ${id}`;
  }

  async activeParticipantIds(): Promise<string[]> {
    const rows = await this.sql<Array<{ id: string }>>`SELECT id FROM participants WHERE status = 'active'`;
    return rows.map((r) => r.id);
  }

  async participantCounts(): Promise<ParticipantCounts> {
    const [byStatus, byChannel, byGroup] = await Promise.all([
      this.sql<Array<{ status: string; n: number }>>`
        SELECT status, count(*)::int AS n FROM participants GROUP BY status`,
      this.sql<Array<{ channel: string; n: number }>>`
        SELECT channel, count(*)::int AS n FROM participants WHERE consented_at IS NOT NULL GROUP BY channel`,
      this.sql<Array<{ group: string | null; n: number }>>`
        SELECT group_name AS "group", count(*)::int AS n FROM participants WHERE consented_at IS NOT NULL
        GROUP BY group_name`,
    ]);
    return { byStatus: [...byStatus], byChannel: [...byChannel], byGroup: [...byGroup] };
  }

  // ---- replies ----------------------------------------------------------------------------------
  async insertReply(reply: NewReply): Promise<string> {
    const id = randomUUID();
    await this.insertReplies([{ id, ...reply }]);
    return id;
  }

  /** Rows whose import key is stored already are skipped; returns rows added. */
  protected async insertReplies(rows: ReadonlyArray<NewReply & { id: string }>): Promise<number> {
    if (rows.length === 0) return 0;
    const values = rows.map((r) => ({
      id: r.id,
      participant_id: r.participantId,
      prompt_id: r.promptId,
      is_follow_up: r.isFollowUp,
      text: r.text,
      channel: r.channel,
      language: r.language,
      group_name: r.group,
      received_at: r.receivedAt,
      source: r.source,
      import_key: r.importKey ?? null,
      author_id: r.authorId ?? null,
    }));
    return (await this.sql`INSERT INTO replies ${this.sql(values)} ON CONFLICT (import_key) DO NOTHING`)
      .count;
  }

  async countAuthors(from: Date, to: Date): Promise<number> {
    const [row] = await this.sql<Array<{ n: number }>>`
      SELECT count(DISTINCT coalesce(participant_id, author_id, 'reply:' || id))::int AS n FROM replies
      WHERE received_at >= ${from} AND received_at < ${to}`;
    return row?.n ?? 0;
  }

  async countReplies(): Promise<number> {
    const [row] = await this.sql<Array<{ n: number }>>`SELECT count(*)::int AS n FROM replies`;
    return row?.n ?? 0;
  }

  async listReplies(): Promise<ReplyRow[]> {
    return this.sql.unsafe<ReplyRow[]>(`SELECT ${REPLY_COLUMNS} FROM replies ORDER BY received_at, seq`, [], {
      prepare: true,
    });
  }

  async repliesBetween(
    start: Date,
    end: Date,
    page?: { after?: ReplyCursor; limit: number },
  ): Promise<DigestReply[]> {
    const after = page?.after;
    const limit = page?.limit ?? null;
    const rows = after
      ? await this.sql.unsafe<Array<DigestReply & { language: string | null }>>(
          `SELECT ${DIGEST_REPLY_COLUMNS} FROM replies
           WHERE (received_at, id) > ($1, $2) AND received_at < $3
           ORDER BY received_at, id LIMIT $4`,
          [after.receivedAt, after.id, end, limit],
          { prepare: true },
        )
      : await this.sql.unsafe<Array<DigestReply & { language: string | null }>>(
          `SELECT ${DIGEST_REPLY_COLUMNS} FROM replies WHERE received_at >= $1 AND received_at < $2
           ORDER BY received_at, id LIMIT $3`,
          [start, end, limit],
          { prepare: true },
        );
    return rows.map((r) => ({ ...r, language: replyLanguage(r.language) }));
  }

  async returningParticipantIds(start: Date, end: Date, before: Date): Promise<Set<string>> {
    const rows = await this.sql<Array<{ id: string }>>`
      SELECT DISTINCT participant_id AS id FROM replies
      WHERE received_at < ${before} AND participant_id IN (
        SELECT participant_id FROM replies
        WHERE received_at >= ${start} AND received_at < ${end} AND participant_id IS NOT NULL)`;
    return new Set(rows.map((r) => r.id));
  }

  // ---- outbox (its contract: src/core/outbox/policy.ts) -----------------------------------------
  async enqueue(rows: readonly NewOutbox[], now: Date): Promise<string[]> {
    if (rows.length === 0) return [];
    const deadlineAt = deadlineFor(now, DEFAULT_RETRY_POLICY);
    const values = rows.map((r) => ({
      id: randomUUID(),
      participant_id: r.participantId,
      channel: r.channel,
      text: r.text,
      kind: r.kind,
      prompt_id: r.promptId,
      status: 'pending',
      attempts: 0,
      not_before: r.notBefore,
      deadline_at: deadlineAt,
      created_at: now,
      updated_at: now,
    }));
    await this.sql`INSERT INTO outbox ${this.sql(values)}`;
    return values.map((v) => v.id);
  }

  async dueOutbox(now: Date, limit: number): Promise<OutboxRow[]> {
    return this.sql.unsafe<OutboxRow[]>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE status = 'pending' AND not_before <= $1
       ORDER BY not_before, created_at, seq LIMIT $2`,
      [now, limit],
      { prepare: true },
    );
  }

  /**
   * One statement: the due rows are locked with SKIP LOCKED, so runners claiming at once never
   * take the same row and never wait for each other. Per resident only the first due row (queue
   * order), and none while one of theirs is in flight: a row locked by another runner's claim
   * is still `pending` in this statement's snapshot, so the rows behind it wait too.
   */
  async claimOutbox(channel: Channel, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]> {
    return this.sql.unsafe<OutboxRow[]>(
      `WITH due AS (
         SELECT o.id FROM outbox o
         WHERE o.status = 'pending' AND o.channel = $1 AND o.not_before <= $2
           AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.participant_id = o.participant_id AND s.status = 'sending')
           AND NOT EXISTS (
             SELECT 1 FROM outbox e WHERE e.participant_id = o.participant_id AND e.status = 'pending'
               AND e.not_before <= $2 AND (e.not_before, e.created_at, e.seq) < (o.not_before, o.created_at, o.seq))
         ORDER BY o.not_before, o.created_at, o.seq
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET status = 'sending', attempts = outbox.attempts + 1,
         attempt_key = replace(gen_random_uuid()::text, '-', ''), claimed_until = $4, claimed_by = $5, updated_at = $2
       FROM due WHERE outbox.id = due.id
       RETURNING ${OUTBOX_COLUMNS.replace(/(^|,\s*)([a-z_]+)/g, '$1outbox.$2')}`,
      [channel, now, limit, new Date(now.getTime() + leaseMs), this.context.instanceId],
      { prepare: true },
    );
  }

  async completeOutbox(
    id: string,
    attemptKey: string,
    outcome: OutboxCompletion,
    now: Date,
  ): Promise<boolean> {
    const notBefore = outcome.status === 'pending' ? outcome.notBefore : null;
    const providerMessageId = outcome.status === 'sent' ? outcome.providerMessageId : null;
    const errorCode = outcome.status === 'sent' ? null : outcome.errorCode;
    const result = await this.sql`
      UPDATE outbox SET status = ${outcome.status}, claimed_until = NULL, claimed_by = NULL, updated_at = ${now},
        not_before = coalesce(${notBefore}::timestamptz, not_before),
        provider_message_id = coalesce(${providerMessageId}::text, provider_message_id), error_code = ${errorCode}
      WHERE id = ${id} AND attempt_key = ${attemptKey} AND status = 'sending'`;
    return result.count > 0;
  }

  async releaseOutbox(id: string, attemptKey: string, notBefore: Date, now: Date): Promise<boolean> {
    const result = await this.sql`
      UPDATE outbox SET status = 'pending', not_before = ${notBefore}, claimed_until = NULL, claimed_by = NULL,
        attempts = greatest(0, attempts - 1), updated_at = ${now}
      WHERE id = ${id} AND attempt_key = ${attemptKey} AND status = 'sending'`;
    return result.count > 0;
  }

  /**
   * Claims given up: those whose lease ran out, and those of runners no longer connected (a runner
   * holds its presence lock for as long as it lives; a process killed loses its connection, and the
   * lock with it, at once). `all` changes nothing here: other runners' claims are alive.
   */
  async recoverClaims(now: Date, _all = false): Promise<number> {
    const result = await this.sql`
      UPDATE outbox SET status = 'pending', claimed_until = NULL, claimed_by = NULL, updated_at = ${now}
      WHERE status = 'sending' AND (
        claimed_until <= ${now} OR claimed_by IS NULL OR claimed_by NOT IN (
          SELECT objid::int FROM pg_locks
          WHERE locktype = 'advisory' AND classid = ${LOCK_SPACE.runners}::oid AND objsubid = 2 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())))`;
    return result.count;
  }

  async nextOutboxTime(channels?: readonly Channel[]): Promise<Date | null> {
    const [row] = channels
      ? await this.sql<Array<{ t: Date | null }>>`
          SELECT min(not_before) AS t FROM outbox WHERE status = 'pending' AND channel = ANY(${[...channels]}::text[])`
      : await this.sql<
          Array<{ t: Date | null }>
        >`SELECT min(not_before) AS t FROM outbox WHERE status = 'pending'`;
    return row?.t ?? null;
  }

  async nextClaimExpiry(): Promise<Date | null> {
    const [row] = await this.sql<Array<{ t: Date | null }>>`
      SELECT min(claimed_until) AS t FROM outbox WHERE status = 'sending'`;
    return row?.t ?? null;
  }

  async cancelPending(participantId: string, now: Date): Promise<number> {
    const result = await this.sql`
      UPDATE outbox SET status = 'cancelled', claimed_until = NULL, claimed_by = NULL, updated_at = ${now}
      WHERE participant_id = ${participantId} AND status IN ('pending', 'sending')`;
    return result.count;
  }

  async outboxFor(participantId: string): Promise<OutboxRow[]> {
    return this.sql.unsafe<OutboxRow[]>(
      `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE participant_id = $1 ORDER BY created_at, seq`,
      [participantId],
      { prepare: true },
    );
  }

  async applyDeliveryStatus(
    providerMessageId: string,
    status: DeliveryStatus,
    errorCode: string | null,
    now: Date,
  ): Promise<boolean> {
    const [row] = await this.sql<Array<{ id: string; status: string }>>`
      SELECT id, status FROM outbox WHERE provider_message_id = ${providerMessageId} FOR UPDATE`;
    if (!row || !statusAdvances(row.status, status)) return false;
    await this.sql`UPDATE outbox SET status = ${status}, error_code = ${errorCode}, updated_at = ${now}
      WHERE id = ${row.id}`;
    return true;
  }

  // ---- digests ----------------------------------------------------------------------------------
  async saveDigestOnce(
    period: StoredPeriod,
    digest: Digest,
    now: Date,
  ): Promise<{ digest: Digest; created: boolean }> {
    const inserted = await this.sql`
      INSERT INTO digests (id, period_from, period_to, body, created_at)
      VALUES (${digest.id}, ${period.start}, ${period.end}, ${this.json(digest)}, ${now})
      ON CONFLICT DO NOTHING`;
    if (inserted.count > 0) {
      // Inside the caller's write transaction: the digest and its first version go together.
      await this.sql`
        INSERT INTO digest_revisions (digest_id, revision, body, created_at)
        VALUES (${digest.id}, 1, ${this.json(withoutThemeState(digest))}, ${now})`;
      return { digest, created: true };
    }
    const existing = (await this.getDigest(digest.id)) ?? (await this.digestForPeriod(period));
    if (!existing) throw digestNotFound(digest.id);
    return { digest: existing, created: false };
  }

  async getDigest(id: string): Promise<Digest | undefined> {
    const [row] = await this.sql<Array<{ body: unknown }>>`SELECT body FROM digests WHERE id = ${id}`;
    return row ? parseDigestBody(id, row.body) : undefined;
  }

  async digestForPeriod(period: StoredPeriod): Promise<Digest | undefined> {
    const [row] = await this.sql<Array<{ id: string; body: unknown }>>`
      SELECT id, body FROM digests WHERE period_from = ${period.start} AND period_to = ${period.end}`;
    return row ? parseDigestBody(row.id, row.body) : undefined;
  }

  async digestsBefore(end: Date, limit: number): Promise<Digest[]> {
    const rows = await this.sql<Array<{ id: string; body: unknown }>>`
      SELECT id, body FROM digests WHERE period_to <= ${end} ORDER BY period_to DESC LIMIT ${limit}`;
    return rows.map((r) => parseDigestBody(r.id, r.body));
  }

  async listDigests(): Promise<DigestSummary[]> {
    const [rows, posts] = await Promise.all([
      this.sql<Array<{ id: string; body: unknown; createdAt: Date }>>`
        SELECT id, body, created_at AS "createdAt" FROM digests ORDER BY period_to DESC`,
      this.sql<Array<{ id: string; destination: string }>>`
        SELECT digest_id AS id, destination FROM digest_posts`,
    ]);
    return digestSummaries(rows, posts);
  }

  async digestPeriod(digestId: string): Promise<StoredPeriod | undefined> {
    const [row] = await this.sql<StoredPeriod[]>`
      SELECT period_from AS start, period_to AS "end" FROM digests WHERE id = ${digestId}`;
    return row;
  }

  async claimPost(digestId: string, destination: string, now: Date, revision = 1): Promise<boolean> {
    const result = await this.sql`
      INSERT INTO digest_posts (digest_id, destination, posted_at, revision)
      VALUES (${digestId}, ${destination}, ${now}, ${revision})
      ON CONFLICT DO NOTHING`;
    return result.count > 0;
  }

  async releasePost(digestId: string, destination: string, revision = 1): Promise<void> {
    await this.sql`
      DELETE FROM digest_posts
      WHERE digest_id = ${digestId} AND destination = ${destination} AND revision = ${revision}`;
  }

  /** Destinations this digest was posted to (any revision). */
  async postedDestinations(digestId: string): Promise<string[]> {
    const rows = await this.sql<Array<{ destination: string }>>`
      SELECT DISTINCT destination FROM digest_posts WHERE digest_id = ${digestId} ORDER BY destination`;
    return rows.map((r) => r.destination);
  }

  async postedRevisions(digestId: string): Promise<Map<string, number>> {
    const rows = await this.sql<Array<{ destination: string; revision: number }>>`
      SELECT destination, max(revision) AS revision FROM digest_posts
      WHERE digest_id = ${digestId} GROUP BY destination`;
    return new Map(rows.map((r) => [r.destination, Number(r.revision)]));
  }

  async periodSource(start: Date, end: Date): Promise<{ replies: number; fingerprint: string }> {
    const rows = await this.sql<Array<{ id: string }>>`
      SELECT id FROM replies WHERE received_at >= ${start} AND received_at < ${end}`;
    return { replies: rows.length, fingerprint: replyFingerprint(rows.map((r) => r.id)) };
  }

  async storedPeriods(): Promise<Array<{ id: string; start: Date; end: Date }>> {
    return await this.sql<Array<{ id: string; start: Date; end: Date }>>`
      SELECT id, period_from AS start, period_to AS "end" FROM digests ORDER BY period_to`;
  }

  async saveRevision(digest: Digest, now: Date): Promise<void> {
    const number = digest.revision?.number;
    if (number === undefined)
      throw new VoicesError(ErrorCode.InputInvalid, `digest ${digest.id} is not a revision`);
    const [current] = await this.sql<Array<{ body: unknown; createdAt: Date }>>`
      SELECT body, created_at AS "createdAt" FROM digests WHERE id = ${digest.id} FOR UPDATE`;
    if (!current) throw new VoicesError(ErrorCode.NotFound, `no stored digest ${digest.id}`);
    // Digests stored before revisions were kept have no row for their first version yet.
    const before = parseDigestBody(digest.id, current.body);
    await this.sql`
      INSERT INTO digest_revisions (digest_id, revision, body, created_at)
      VALUES (${digest.id}, ${before.revision?.number ?? 1}, ${this.json(withoutThemeState(before))}, ${current.createdAt})
      ON CONFLICT DO NOTHING`;
    await this.sql`UPDATE digests SET body = ${this.json(digest)} WHERE id = ${digest.id}`;
    await this.sql`
      INSERT INTO digest_revisions (digest_id, revision, body, created_at)
      VALUES (${digest.id}, ${number}, ${this.json(withoutThemeState(digest))}, ${now})`;
  }

  async dropRevisionsBefore(digestId: string, revision: number): Promise<number> {
    const result = await this.sql`
      DELETE FROM digest_revisions WHERE digest_id = ${digestId} AND revision < ${revision}`;
    return result.count;
  }

  async digestRevisions(id: string): Promise<Digest[]> {
    const rows = await this.sql<Array<{ body: unknown }>>`
      SELECT body FROM digest_revisions WHERE digest_id = ${id} ORDER BY revision`;
    return rows.map((r) => parseDigestBody(id, r.body));
  }

  async lastDigestRun(): Promise<Date | undefined> {
    const [row] = await this.sql<
      Array<{ value: string }>
    >`SELECT value FROM meta WHERE key = ${LAST_RUN_KEY}`;
    if (!row) return undefined;
    const date = new Date(row.value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }

  async setLastDigestRun(at: Date, now: Date): Promise<void> {
    await this.sql`
      INSERT INTO meta (key, value, updated_at) VALUES (${LAST_RUN_KEY}, ${at.toISOString()}, ${now})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
  }

  // ---- the organizers' workspace ------------------------------------------------------------------
  async addAccount(name: string, keyHash: string, now: Date): Promise<boolean> {
    const result = await this.sql`
      INSERT INTO organizer_accounts (name, key_hash, created_at) VALUES (${name}, ${keyHash}, ${now})
      ON CONFLICT DO NOTHING`;
    return result.count > 0;
  }

  async accountKeyHash(name: string): Promise<string | undefined> {
    const [row] = await this.sql<Array<{ keyHash: string }>>`
      SELECT key_hash AS "keyHash" FROM organizer_accounts WHERE name = ${name}`;
    return row?.keyHash;
  }

  async listAccounts(): Promise<Array<{ name: string; createdAt: Date }>> {
    return [
      ...(await this.sql<Array<{ name: string; createdAt: Date }>>`
        SELECT name, created_at AS "createdAt" FROM organizer_accounts ORDER BY name`),
    ];
  }

  async removeAccount(name: string): Promise<boolean> {
    // Sessions are JSON text; their organizer's name is read only to sign that organizer out.
    const [, removed] = await Promise.all([
      this.sql`DELETE FROM organizer_sessions WHERE (data::jsonb) #>> '{organizer,actor}' = ${name}`,
      this.sql`DELETE FROM organizer_accounts WHERE name = ${name}`,
    ]);
    return removed.count > 0;
  }

  async readSession(idHash: string, now: Date): Promise<string | undefined> {
    const [row] = await this.sql<Array<{ data: string; expiresAt: Date }>>`
      SELECT data, expires_at AS "expiresAt" FROM organizer_sessions WHERE id_hash = ${idHash}`;
    if (!row) return undefined;
    if (row.expiresAt <= now) {
      await this.deleteSession(idHash);
      return undefined;
    }
    return row.data;
  }

  async writeSession(idHash: string, data: string, expiresAt: Date): Promise<void> {
    await this.sql`
      INSERT INTO organizer_sessions (id_hash, data, expires_at) VALUES (${idHash}, ${data}, ${expiresAt})
      ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`;
  }

  async touchSession(idHash: string, expiresAt: Date): Promise<void> {
    await this.sql`UPDATE organizer_sessions SET expires_at = ${expiresAt} WHERE id_hash = ${idHash}`;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.sql`DELETE FROM organizer_sessions WHERE id_hash = ${idHash}`;
  }

  async pruneSessions(now: Date): Promise<number> {
    return (await this.sql`DELETE FROM organizer_sessions WHERE expires_at <= ${now}`).count;
  }

  async openReview(digestId: string, now: Date, until: Date): Promise<ReviewRow> {
    await this.sql`
      INSERT INTO digest_reviews (digest_id, opened_at, review_until) VALUES (${digestId}, ${now}, ${until})
      ON CONFLICT DO NOTHING`;
    return (await this.getReview(digestId))!;
  }

  async getReview(digestId: string): Promise<ReviewRow | undefined> {
    const [row] = await this.sql.unsafe<ReviewRow[]>(
      `SELECT ${REVIEW_COLUMNS} FROM digest_reviews WHERE digest_id = $1`,
      [digestId],
      { prepare: true },
    );
    return row;
  }

  async approveReview(digestId: string, actor: string, now: Date): Promise<boolean> {
    const result = await this.sql`
      UPDATE digest_reviews SET approved_at = ${now}, approved_by = ${actor}
      WHERE digest_id = ${digestId} AND approved_at IS NULL AND released_at IS NULL`;
    return result.count > 0;
  }

  async reviewsDue(now: Date): Promise<ReviewRow[]> {
    return this.sql.unsafe<ReviewRow[]>(
      `SELECT ${REVIEW_COLUMNS} FROM digest_reviews
       WHERE released_at IS NULL AND (review_until <= $1 OR approved_at <= $1) ORDER BY review_until`,
      [now],
      { prepare: true },
    );
  }

  async pendingReviews(): Promise<ReviewRow[]> {
    return this.sql.unsafe<ReviewRow[]>(
      `SELECT ${REVIEW_COLUMNS} FROM digest_reviews WHERE released_at IS NULL ORDER BY review_until`,
      [],
      { prepare: true },
    );
  }

  async markReleased(digestId: string, now: Date): Promise<void> {
    await this.sql`UPDATE digest_reviews SET released_at = ${now} WHERE digest_id = ${digestId}`;
  }

  async addThemeEdit(edit: NewThemeEdit, now: Date): Promise<ThemeEditRow> {
    const [row] = await this.sql.unsafe<ThemeEditRow[]>(
      `INSERT INTO theme_edits (theme_key, action, value, digest_id, actor, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${EDIT_COLUMNS}`,
      [edit.themeKey, edit.action, edit.value, edit.digestId, edit.actor, now],
      { prepare: true },
    );
    return row!;
  }

  async listThemeEdits(): Promise<ThemeEditRow[]> {
    return this.sql.unsafe<ThemeEditRow[]>(`SELECT ${EDIT_COLUMNS} FROM theme_edits ORDER BY id`, [], {
      prepare: true,
    });
  }

  async searchReplies(
    filters: ReplyFilters,
    page: { limit: number; offset: number },
  ): Promise<{ rows: BrowsedReply[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(clause(`$${params.length}`));
    };
    if (filters.q) add((p) => `text ILIKE ${p} ESCAPE '\\'`, containsPattern(filters.q));
    if (filters.promptId !== undefined) add((p) => `prompt_id = ${p}`, filters.promptId);
    if (filters.group !== undefined) add((p) => `group_name = ${p}`, filters.group);
    if (filters.language !== undefined) add((p) => `language = ${p}`, filters.language);
    if (filters.channel !== undefined) add((p) => `channel = ${p}`, filters.channel);
    if (filters.from) add((p) => `received_at >= ${p}`, filters.from);
    if (filters.to) add((p) => `received_at < ${p}`, filters.to);
    if (filters.ids) add((p) => `id = ANY(${p}::text[])`, [...filters.ids]);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [totals, rows] = await Promise.all([
      this.sql.unsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM replies ${where}`,
        params as never[],
      ),
      this.sql.unsafe<BrowsedReply[]>(
        `SELECT id, received_at AS "receivedAt", prompt_id AS "promptId", group_name AS "group", channel, language, text
         FROM replies ${where} ORDER BY received_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, page.offset] as never[],
      ),
    ]);
    return { rows: [...rows], total: totals[0]?.n ?? 0 };
  }

  async replyFacets(): Promise<ReplyFacets> {
    const distinct = async (column: 'prompt_id' | 'group_name' | 'language' | 'channel') =>
      (
        await this.sql.unsafe<Array<{ v: string }>>(
          `SELECT DISTINCT ${column} AS v FROM replies WHERE ${column} IS NOT NULL ORDER BY v`,
        )
      ).map((r) => r.v);
    const [prompts, groups, languages, channels] = await Promise.all([
      distinct('prompt_id'),
      distinct('group_name'),
      distinct('language'),
      distinct('channel'),
    ]);
    return { prompts, groups, languages, channels };
  }
}
