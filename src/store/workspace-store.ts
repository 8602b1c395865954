/**
 * The organizers' workspace queries: accounts, sessions, review windows and theme edits. Like
 * digest-store.ts, each takes the drizzle database (the runner's `store.db`).
 */
import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DigestDb } from './digest-store.js';
import { digestReviews, organizerAccounts, organizerSessions, themeEdits } from './schema.js';

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
