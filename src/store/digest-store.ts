/**
 * The queries the weekly digest needs, over the drizzle schema: replies in a period, each period's
 * digest stored once, each destination posted once, and the scheduler's last-run marker.
 * Takes the drizzle database as a parameter (the runner's `store.db`, or `openDatabase(path).db`).
 */
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { DigestReply } from '../core/digest/build.js';
import type { Period } from '../core/digest/period.js';
import { digestSchema } from '../core/digest/schema.js';
import type { Digest } from '../core/digest/types.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import type * as schema from './schema.js';
import { digestPosts, digests, meta, replies } from './schema.js';

export type DigestDb = BetterSQLite3Database<typeof schema>;

export const LAST_RUN_KEY = 'digest:last-run';

export interface DigestSummary {
  id: string;
  from: string;
  to: string;
  createdAt: Date;
  replies: number;
  /** Destinations it was posted to (`slack`, `discord`, `files`). */
  postedTo: string[];
}

const language = (value: string | null): 'en' | 'fr' | null =>
  value === 'en' || value === 'fr' ? value : null;

/** Where a page of `repliesBetween` starts: after this reply, in (receivedAt, id) order. */
export interface ReplyCursor {
  receivedAt: Date;
  id: string;
}

/**
 * Replies received in [start, end), oldest first; with `page`, at most `page.limit` of them, after `page.after`,
 * so a caller can read a large week in slices and let other work run between them.
 */
export function repliesBetween(
  db: DigestDb,
  start: Date,
  end: Date,
  page?: { after?: ReplyCursor; limit: number },
): DigestReply[] {
  const after = page?.after;
  const query = db
    .select({
      id: replies.id,
      promptId: replies.promptId,
      text: replies.text,
      group: replies.group,
      channel: replies.channel,
      participantId: replies.participantId,
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
    .map((r) => ({ ...r, language: language(r.language) }));
}

/** Participants replying in [start, end) who had replied before `before`. */
export function returningParticipantIds(db: DigestDb, start: Date, end: Date, before: Date): Set<string> {
  const inPeriod = db
    .selectDistinct({ id: replies.participantId })
    .from(replies)
    .where(
      and(gte(replies.receivedAt, start), lt(replies.receivedAt, end), isNotNull(replies.participantId)),
    );
  const rows = db
    .selectDistinct({ id: replies.participantId })
    .from(replies)
    .where(and(lt(replies.receivedAt, before), inArray(replies.participantId, inPeriod)))
    .all();
  return new Set(rows.map((r) => r.id).filter((id): id is string => id !== null));
}

function parseBody(id: string, body: unknown): Digest {
  const parsed = digestSchema.safeParse(body);
  if (!parsed.success) {
    throw new VoicesError(ErrorCode.StoreFailure, `stored digest ${id} does not match the digest schema`, {
      id,
      issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
    });
  }
  return parsed.data;
}

/**
 * Stores the digest of `period` unless one exists; returns the stored one either way, so a period's
 * digest is built once and every destination posts the same digest.
 */
export function saveDigestOnce(
  db: DigestDb,
  period: Period,
  digest: Digest,
  now: Date,
): { digest: Digest; created: boolean } {
  const inserted = db
    .insert(digests)
    .values({ id: digest.id, periodFrom: period.start, periodTo: period.end, body: digest, createdAt: now })
    .onConflictDoNothing()
    .run();
  if (inserted.changes > 0) return { digest, created: true };
  const existing = getDigest(db, digest.id) ?? digestForPeriod(db, period);
  if (!existing)
    throw new VoicesError(ErrorCode.StoreFailure, `digest ${digest.id} neither stored nor found`);
  return { digest: existing, created: false };
}

export function getDigest(db: DigestDb, id: string): Digest | undefined {
  const row = db.select({ body: digests.body }).from(digests).where(eq(digests.id, id)).get();
  return row ? parseBody(id, row.body) : undefined;
}

export function digestForPeriod(db: DigestDb, period: Period): Digest | undefined {
  const row = db
    .select({ id: digests.id, body: digests.body })
    .from(digests)
    .where(and(eq(digests.periodFrom, period.start), eq(digests.periodTo, period.end)))
    .get();
  return row ? parseBody(row.id, row.body) : undefined;
}

/** Stored digests that ended at or before `end`, newest first. */
export function digestsBefore(db: DigestDb, end: Date, limit: number): Digest[] {
  return db
    .select({ id: digests.id, body: digests.body })
    .from(digests)
    .where(lt(digests.periodTo, new Date(end.getTime() + 1)))
    .orderBy(desc(digests.periodTo))
    .limit(limit)
    .all()
    .map((r) => parseBody(r.id, r.body));
}

/** Every stored digest, newest first, with where it was posted. */
export function listDigests(db: DigestDb): DigestSummary[] {
  const rows = db
    .select({ id: digests.id, body: digests.body, createdAt: digests.createdAt })
    .from(digests)
    .orderBy(desc(digests.periodTo))
    .all();
  const posts = db
    .select({ id: digestPosts.digestId, destination: digestPosts.destination })
    .from(digestPosts)
    .all();
  return rows.map((row) => {
    const digest = parseBody(row.id, row.body);
    return {
      id: row.id,
      from: digest.period.from,
      to: digest.period.to,
      createdAt: row.createdAt,
      replies: digest.participation.replies,
      postedTo: posts
        .filter((p) => p.id === row.id)
        .map((p) => p.destination)
        .sort(),
    };
  });
}

/**
 * Claims `destination` for this digest before posting: true only for the first caller. Claiming
 * first means a crash mid-post can lose a post but never repeat one; a failed post is released.
 */
export function claimPost(db: DigestDb, digestId: string, destination: string, now: Date): boolean {
  return (
    db.insert(digestPosts).values({ digestId, destination, postedAt: now }).onConflictDoNothing().run()
      .changes > 0
  );
}

/** Gives a claim back after a failed post, so the next run tries that destination again. */
export function releasePost(db: DigestDb, digestId: string, destination: string): void {
  db.delete(digestPosts)
    .where(and(eq(digestPosts.digestId, digestId), eq(digestPosts.destination, destination)))
    .run();
}

export function postedDestinations(db: DigestDb, digestId: string): string[] {
  return db
    .select({ destination: digestPosts.destination })
    .from(digestPosts)
    .where(eq(digestPosts.digestId, digestId))
    .all()
    .map((r) => r.destination)
    .sort();
}

export function getLastRun(db: DigestDb): Date | undefined {
  const value = db.select({ value: meta.value }).from(meta).where(eq(meta.key, LAST_RUN_KEY)).get()?.value;
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function setLastRun(db: DigestDb, at: Date, now: Date): void {
  const value = at.toISOString();
  db.insert(meta)
    .values({ key: LAST_RUN_KEY, value, updatedAt: now })
    .onConflictDoUpdate({ target: meta.key, set: { value, updatedAt: now } })
    .run();
}
