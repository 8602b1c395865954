/**
 * The organizers' workspace queries: accounts, sessions, review windows and theme edits. Like
 * digest-store.ts, each takes the drizzle database (the runner's `store.db`).
 */
import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DigestDb } from './digest-store.js';
import {
  digestReviews,
  digests,
  organizerAccounts,
  organizerSessions,
  replies,
  themeEdits,
} from './schema.js';

// ---- accounts ------------------------------------------------------------------------------------

export function addAccount(db: DigestDb, name: string, keyHash: string, now: Date): boolean {
  return (
    db.insert(organizerAccounts).values({ name, keyHash, createdAt: now }).onConflictDoNothing().run()
      .changes > 0
  );
}

export function accountKeyHash(db: DigestDb, name: string): string | undefined {
  return db
    .select({ keyHash: organizerAccounts.keyHash })
    .from(organizerAccounts)
    .where(eq(organizerAccounts.name, name))
    .get()?.keyHash;
}

export function listAccounts(db: DigestDb): Array<{ name: string; createdAt: Date }> {
  return db
    .select({ name: organizerAccounts.name, createdAt: organizerAccounts.createdAt })
    .from(organizerAccounts)
    .orderBy(asc(organizerAccounts.name))
    .all();
}

/** Removes an account and signs it out everywhere. */
export function removeAccount(db: DigestDb, name: string): boolean {
  db.delete(organizerSessions)
    .where(sql`json_extract(${organizerSessions.data}, '$.organizer.actor') = ${name}`)
    .run();
  return db.delete(organizerAccounts).where(eq(organizerAccounts.name, name)).run().changes > 0;
}

// ---- sessions ------------------------------------------------------------------------------------

export function readSession(db: DigestDb, idHash: string, now: Date): string | undefined {
  const row = db
    .select({ data: organizerSessions.data, expiresAt: organizerSessions.expiresAt })
    .from(organizerSessions)
    .where(eq(organizerSessions.idHash, idHash))
    .get();
  if (!row) return undefined;
  if (row.expiresAt <= now) {
    deleteSession(db, idHash);
    return undefined;
  }
  return row.data;
}

export function writeSession(db: DigestDb, idHash: string, data: string, expiresAt: Date): void {
  db.insert(organizerSessions)
    .values({ idHash, data, expiresAt })
    .onConflictDoUpdate({ target: organizerSessions.idHash, set: { data, expiresAt } })
    .run();
}

export function touchSession(db: DigestDb, idHash: string, expiresAt: Date): void {
  db.update(organizerSessions).set({ expiresAt }).where(eq(organizerSessions.idHash, idHash)).run();
}

export function deleteSession(db: DigestDb, idHash: string): void {
  db.delete(organizerSessions).where(eq(organizerSessions.idHash, idHash)).run();
}

export function pruneSessions(db: DigestDb, now: Date): number {
  return db.delete(organizerSessions).where(lte(organizerSessions.expiresAt, now)).run().changes;
}

// ---- review windows ------------------------------------------------------------------------------

export type ReviewRow = typeof digestReviews.$inferSelect;

/** Opens the review window of a digest once; returns the window (the existing one if already open). */
export function openReview(db: DigestDb, digestId: string, now: Date, until: Date): ReviewRow {
  db.insert(digestReviews)
    .values({ digestId, openedAt: now, reviewUntil: until })
    .onConflictDoNothing()
    .run();
  return getReview(db, digestId)!;
}

export function getReview(db: DigestDb, digestId: string): ReviewRow | undefined {
  return db.select().from(digestReviews).where(eq(digestReviews.digestId, digestId)).get();
}

/** Approves a digest still in review; false when it was already approved or released. */
export function approveReview(db: DigestDb, digestId: string, actor: string, now: Date): boolean {
  return (
    db
      .update(digestReviews)
      .set({ approvedAt: now, approvedBy: actor })
      .where(
        and(
          eq(digestReviews.digestId, digestId),
          isNull(digestReviews.approvedAt),
          isNull(digestReviews.releasedAt),
        ),
      )
      .run().changes > 0
  );
}

/** Reviews whose window ended or that were approved, not yet released to every destination. */
export function reviewsDue(db: DigestDb, now: Date): ReviewRow[] {
  return db
    .select()
    .from(digestReviews)
    .where(
      and(
        isNull(digestReviews.releasedAt),
        or(lte(digestReviews.reviewUntil, now), lt(digestReviews.approvedAt, new Date(now.getTime() + 1))),
      ),
    )
    .orderBy(asc(digestReviews.reviewUntil))
    .all();
}

export function pendingReviews(db: DigestDb): ReviewRow[] {
  return db
    .select()
    .from(digestReviews)
    .where(isNull(digestReviews.releasedAt))
    .orderBy(asc(digestReviews.reviewUntil))
    .all();
}

export function markReleased(db: DigestDb, digestId: string, now: Date): void {
  db.update(digestReviews).set({ releasedAt: now }).where(eq(digestReviews.digestId, digestId)).run();
}

/** The soonest end of a review window still open, for the timer that posts it. */
export function nextReviewEnd(db: DigestDb): Date | undefined {
  return pendingReviews(db)[0]?.reviewUntil;
}

// ---- theme edits ---------------------------------------------------------------------------------

export type ThemeEditRow = typeof themeEdits.$inferSelect;

export function addThemeEdit(
  db: DigestDb,
  edit: { themeKey: string; action: string; value: string | null; digestId: string | null; actor: string },
  now: Date,
): ThemeEditRow {
  return db
    .insert(themeEdits)
    .values({ ...edit, createdAt: now })
    .returning()
    .get();
}

/** Every edit, oldest first (they apply in that order). */
export function listThemeEdits(db: DigestDb): ThemeEditRow[] {
  return db.select().from(themeEdits).orderBy(asc(themeEdits.id)).all();
}

// ---- replies browser -----------------------------------------------------------------------------

export interface ReplyFilters {
  /** Words the text contains (case-insensitive for unaccented letters). */
  q?: string;
  promptId?: string;
  group?: string;
  language?: string;
  channel?: string;
  /** [start, end) of a week. */
  from?: Date;
  to?: Date;
  /** Only these replies (a theme's members). */
  ids?: readonly string[];
}

/** A reply as organizers browse it: no participant id, nothing that identifies a resident. */
export interface BrowsedReply {
  id: string;
  receivedAt: Date;
  promptId: string | null;
  group: string | null;
  channel: string;
  language: string | null;
  text: string;
}

function replyConditions(filters: ReplyFilters) {
  const conditions = [];
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`${replies.text} LIKE ${pattern} ESCAPE '\\'`);
  }
  if (filters.promptId !== undefined) conditions.push(eq(replies.promptId, filters.promptId));
  if (filters.group !== undefined) conditions.push(eq(replies.group, filters.group));
  if (filters.language !== undefined) conditions.push(eq(replies.language, filters.language));
  if (filters.channel !== undefined) conditions.push(eq(replies.channel, filters.channel));
  if (filters.from) conditions.push(gte(replies.receivedAt, filters.from));
  if (filters.to) conditions.push(lt(replies.receivedAt, filters.to));
  // One JSON parameter, however many members a theme has (SQLite caps bound variables).
  if (filters.ids)
    conditions.push(sql`${replies.id} IN (SELECT value FROM json_each(${JSON.stringify(filters.ids)}))`);
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export function searchReplies(
  db: DigestDb,
  filters: ReplyFilters,
  page: { limit: number; offset: number },
): { rows: BrowsedReply[]; total: number } {
  const where = replyConditions(filters);
  const total = db.select({ n: count() }).from(replies).where(where).get()?.n ?? 0;
  const rows = db
    .select({
      id: replies.id,
      receivedAt: replies.receivedAt,
      promptId: replies.promptId,
      group: replies.group,
      channel: replies.channel,
      language: replies.language,
      text: replies.text,
    })
    .from(replies)
    .where(where)
    .orderBy(desc(replies.receivedAt), asc(replies.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  return { rows, total };
}

/** The values each filter can take, from the stored replies. */
export function replyFacets(db: DigestDb): {
  prompts: string[];
  groups: string[];
  languages: string[];
  channels: string[];
} {
  const distinct = (
    column: typeof replies.promptId | typeof replies.group | typeof replies.language | typeof replies.channel,
  ) =>
    db
      .selectDistinct({ v: column })
      .from(replies)
      .where(isNotNull(column))
      .all()
      .map((r) => r.v as string)
      .sort();
  return {
    prompts: distinct(replies.promptId),
    groups: distinct(replies.group),
    languages: distinct(replies.language),
    channels: distinct(replies.channel),
  };
}

/** A stored digest's period bounds, for the week filter. */
export function digestPeriod(db: DigestDb, digestId: string): { from: Date; to: Date } | undefined {
  const row = db
    .select({ from: digests.periodFrom, to: digests.periodTo })
    .from(digests)
    .where(eq(digests.id, digestId))
    .get();
  return row ? { from: row.from, to: row.to } : undefined;
}
