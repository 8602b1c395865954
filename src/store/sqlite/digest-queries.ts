/**
 * SQLite: what the weekly digest needs: replies in a period, each period's digest stored once and then
 * revised when late replies arrive (every version kept), each destination posted once per revision, and
 * the scheduler's last-run marker.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, max, or } from 'drizzle-orm';
import { type DigestReply, replyFingerprint, withoutThemeState } from '../../core/digest/build.js';
import type { Digest } from '../../core/digest/types.js';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import type { DigestSummary, ReplyCursor, StoredPeriod } from '../../core/ports/store.js';
import { digestNotFound, digestSummaries, parseDigestBody, replyLanguage } from '../rows.js';
import { SqliteOutboxQueries } from './outbox-queries.js';
import { digestPosts, digestRevisions, digests, meta, replies } from './schema.js';

export const LAST_RUN_KEY = 'digest:last-run';

export class SqliteDigestQueries extends SqliteOutboxQueries {
  async repliesBetween(
    start: Date,
    end: Date,
    page?: { after?: ReplyCursor; limit: number },
  ): Promise<DigestReply[]> {
    const after = page?.after;
    const query = this.db
      .select({
        id: replies.id,
        promptId: replies.promptId,
        text: replies.text,
        group: replies.group,
        channel: replies.channel,
        participantId: replies.participantId,
        authorId: replies.authorId,
        receivedAt: replies.receivedAt,
        language: replies.language,
      })
      .from(replies)
      .where(
        after
          ? and(
              // The index range starts at the cursor's time; replies sharing that time go on by id.
              gte(replies.receivedAt, after.receivedAt),
              lt(replies.receivedAt, end),
              or(gt(replies.receivedAt, after.receivedAt), gt(replies.id, after.id)),
            )
          : and(gte(replies.receivedAt, start), lt(replies.receivedAt, end)),
      )
      .orderBy(asc(replies.receivedAt), asc(replies.id));
    return (page ? query.limit(page.limit) : query)
      .all()
      .map((r) => ({ ...r, language: replyLanguage(r.language) }));
  }

  async returningParticipantIds(start: Date, end: Date, before: Date): Promise<Set<string>> {
    const inPeriod = this.db
      .selectDistinct({ id: replies.participantId })
      .from(replies)
      .where(
        and(gte(replies.receivedAt, start), lt(replies.receivedAt, end), isNotNull(replies.participantId)),
      );
    const rows = this.db
      .selectDistinct({ id: replies.participantId })
      .from(replies)
      .where(and(lt(replies.receivedAt, before), inArray(replies.participantId, inPeriod)))
      .all();
    return new Set(rows.map((r) => r.id).filter((id): id is string => id !== null));
  }

  async saveDigestOnce(
    period: StoredPeriod,
    digest: Digest,
    now: Date,
  ): Promise<{ digest: Digest; created: boolean }> {
    const inserted = this.db
      .insert(digests)
      .values({ id: digest.id, periodFrom: period.start, periodTo: period.end, body: digest, createdAt: now })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) {
      // This runs inside the caller's write transaction: the digest and its first version go together.
      this.db
        .insert(digestRevisions)
        .values({ digestId: digest.id, revision: 1, body: withoutThemeState(digest), createdAt: now })
        .run();
      return { digest, created: true };
    }
    const existing = (await this.getDigest(digest.id)) ?? (await this.digestForPeriod(period));
    if (!existing) throw digestNotFound(digest.id);
    return { digest: existing, created: false };
  }

  async getDigest(id: string): Promise<Digest | undefined> {
    const row = this.db.select({ body: digests.body }).from(digests).where(eq(digests.id, id)).get();
    return row ? parseDigestBody(id, row.body) : undefined;
  }

  async digestForPeriod(period: StoredPeriod): Promise<Digest | undefined> {
    const row = this.db
      .select({ id: digests.id, body: digests.body })
      .from(digests)
      .where(and(eq(digests.periodFrom, period.start), eq(digests.periodTo, period.end)))
      .get();
    return row ? parseDigestBody(row.id, row.body) : undefined;
  }

  async digestsBefore(end: Date, limit: number): Promise<Digest[]> {
    return this.db
      .select({ id: digests.id, body: digests.body })
      .from(digests)
      .where(lt(digests.periodTo, new Date(end.getTime() + 1)))
      .orderBy(desc(digests.periodTo))
      .limit(limit)
      .all()
      .map((r) => parseDigestBody(r.id, r.body));
  }

  async listDigests(): Promise<DigestSummary[]> {
    const rows = this.db
      .select({ id: digests.id, body: digests.body, createdAt: digests.createdAt })
      .from(digests)
      .orderBy(desc(digests.periodTo))
      .all();
    const posts = this.db
      .select({ id: digestPosts.digestId, destination: digestPosts.destination })
      .from(digestPosts)
      .all();
    return digestSummaries(rows, posts);
  }

  async digestPeriod(digestId: string): Promise<StoredPeriod | undefined> {
    const row = this.db
      .select({ start: digests.periodFrom, end: digests.periodTo })
      .from(digests)
      .where(eq(digests.id, digestId))
      .get();
    return row ? { start: row.start, end: row.end } : undefined;
  }

  async claimPost(digestId: string, destination: string, now: Date, revision = 1): Promise<boolean> {
    return (
      this.db
        .insert(digestPosts)
        .values({ digestId, destination, postedAt: now, revision })
        .onConflictDoNothing()
        .run().changes > 0
    );
  }

  async releasePost(digestId: string, destination: string, revision = 1): Promise<void> {
    this.db
      .delete(digestPosts)
      .where(
        and(
          eq(digestPosts.digestId, digestId),
          eq(digestPosts.destination, destination),
          eq(digestPosts.revision, revision),
        ),
      )
      .run();
  }

  async postedRevisions(digestId: string): Promise<Map<string, number>> {
    const rows = this.db
      .select({ destination: digestPosts.destination, revision: max(digestPosts.revision) })
      .from(digestPosts)
      .where(eq(digestPosts.digestId, digestId))
      .groupBy(digestPosts.destination)
      .all();
    return new Map(rows.map((r) => [r.destination, r.revision ?? 1]));
  }

  async periodSource(start: Date, end: Date): Promise<{ replies: number; fingerprint: string }> {
    const ids = this.db
      .select({ id: replies.id })
      .from(replies)
      .where(and(gte(replies.receivedAt, start), lt(replies.receivedAt, end)))
      .all()
      .map((r) => r.id);
    return { replies: ids.length, fingerprint: replyFingerprint(ids) };
  }

  async storedPeriods(): Promise<Array<{ id: string; start: Date; end: Date }>> {
    return this.db
      .select({ id: digests.id, start: digests.periodFrom, end: digests.periodTo })
      .from(digests)
      .orderBy(asc(digests.periodTo))
      .all();
  }

  async saveRevision(digest: Digest, now: Date): Promise<void> {
    const number = digest.revision?.number;
    if (number === undefined)
      throw new VoicesError(ErrorCode.InputInvalid, `digest ${digest.id} is not a revision`);
    const current = this.db
      .select({ body: digests.body, createdAt: digests.createdAt })
      .from(digests)
      .where(eq(digests.id, digest.id))
      .get();
    if (!current) throw new VoicesError(ErrorCode.NotFound, `no stored digest ${digest.id}`);
    // Digests stored before revisions were kept have no row for their first version yet.
    const before = parseDigestBody(digest.id, current.body);
    this.db
      .insert(digestRevisions)
      .values({
        digestId: digest.id,
        revision: before.revision?.number ?? 1,
        body: withoutThemeState(before),
        createdAt: current.createdAt,
      })
      .onConflictDoNothing()
      .run();
    this.db.update(digests).set({ body: digest }).where(eq(digests.id, digest.id)).run();
    this.db
      .insert(digestRevisions)
      .values({ digestId: digest.id, revision: number, body: withoutThemeState(digest), createdAt: now })
      .run();
  }

  async dropRevisionsBefore(digestId: string, revision: number): Promise<number> {
    return this.db
      .delete(digestRevisions)
      .where(and(eq(digestRevisions.digestId, digestId), lt(digestRevisions.revision, revision)))
      .run().changes;
  }

  async digestRevisions(id: string): Promise<Digest[]> {
    return this.db
      .select({ body: digestRevisions.body })
      .from(digestRevisions)
      .where(eq(digestRevisions.digestId, id))
      .orderBy(asc(digestRevisions.revision))
      .all()
      .map((r) => parseDigestBody(id, r.body));
  }

  /** Destinations this digest was posted to (any revision). */
  async postedDestinations(digestId: string): Promise<string[]> {
    return this.db
      .selectDistinct({ destination: digestPosts.destination })
      .from(digestPosts)
      .where(eq(digestPosts.digestId, digestId))
      .all()
      .map((r) => r.destination)
      .sort();
  }

  async lastDigestRun(): Promise<Date | undefined> {
    const value = this.db
      .select({ value: meta.value })
      .from(meta)
      .where(eq(meta.key, LAST_RUN_KEY))
      .get()?.value;
    if (value === undefined) return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }

  async setLastDigestRun(at: Date, now: Date): Promise<void> {
    const value = at.toISOString();
    this.db
      .insert(meta)
      .values({ key: LAST_RUN_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: now } })
      .run();
  }
}
