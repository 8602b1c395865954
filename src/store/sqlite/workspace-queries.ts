/** SQLite: the organizers' workspace: accounts, sessions, review windows, theme edits, the replies browser. */
import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type {
  BrowsedReply,
  NewThemeEdit,
  ReplyFacets,
  ReplyFilters,
  ReviewRow,
  ThemeEditRow,
} from '../../core/ports/store.js';
import { containsPattern } from '../rows.js';
import { SqliteDigestQueries } from './digest-queries.js';
import { digestReviews, organizerAccounts, organizerSessions, replies, themeEdits } from './schema.js';

function replyConditions(filters: ReplyFilters) {
  const conditions = [];
  if (filters.q) conditions.push(sql`${replies.text} LIKE ${containsPattern(filters.q)} ESCAPE '\\'`);
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

export class SqliteWorkspaceQueries extends SqliteDigestQueries {
  // ---- accounts ----------------------------------------------------------------------------------
  async addAccount(name: string, keyHash: string, now: Date): Promise<boolean> {
    return (
      this.db.insert(organizerAccounts).values({ name, keyHash, createdAt: now }).onConflictDoNothing().run()
        .changes > 0
    );
  }

  async accountKeyHash(name: string): Promise<string | undefined> {
    return this.db
      .select({ keyHash: organizerAccounts.keyHash })
      .from(organizerAccounts)
      .where(eq(organizerAccounts.name, name))
      .get()?.keyHash;
  }

  async listAccounts(): Promise<Array<{ name: string; createdAt: Date }>> {
    return this.db
      .select({ name: organizerAccounts.name, createdAt: organizerAccounts.createdAt })
      .from(organizerAccounts)
      .orderBy(asc(organizerAccounts.name))
      .all();
  }

  async removeAccount(name: string): Promise<boolean> {
    this.db
      .delete(organizerSessions)
      .where(sql`json_extract(${organizerSessions.data}, '$.organizer.actor') = ${name}`)
      .run();
    return this.db.delete(organizerAccounts).where(eq(organizerAccounts.name, name)).run().changes > 0;
  }

  // ---- sessions ----------------------------------------------------------------------------------
  async readSession(idHash: string, now: Date): Promise<string | undefined> {
    const row = this.db
      .select({ data: organizerSessions.data, expiresAt: organizerSessions.expiresAt })
      .from(organizerSessions)
      .where(eq(organizerSessions.idHash, idHash))
      .get();
    if (!row) return undefined;
    if (row.expiresAt <= now) {
      await this.deleteSession(idHash);
      return undefined;
    }
    return row.data;
  }

  async writeSession(idHash: string, data: string, expiresAt: Date): Promise<void> {
    this.db
      .insert(organizerSessions)
      .values({ idHash, data, expiresAt })
      .onConflictDoUpdate({ target: organizerSessions.idHash, set: { data, expiresAt } })
      .run();
  }

  async touchSession(idHash: string, expiresAt: Date): Promise<void> {
    this.db.update(organizerSessions).set({ expiresAt }).where(eq(organizerSessions.idHash, idHash)).run();
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.delete(organizerSessions).where(eq(organizerSessions.idHash, idHash)).run();
  }

  async pruneSessions(now: Date): Promise<number> {
    return this.db.delete(organizerSessions).where(lte(organizerSessions.expiresAt, now)).run().changes;
  }

  // ---- review windows ----------------------------------------------------------------------------
  async openReview(digestId: string, now: Date, until: Date): Promise<ReviewRow> {
    this.db
      .insert(digestReviews)
      .values({ digestId, openedAt: now, reviewUntil: until })
      .onConflictDoNothing()
      .run();
    return (await this.getReview(digestId))!;
  }

  async getReview(digestId: string): Promise<ReviewRow | undefined> {
    return this.db.select().from(digestReviews).where(eq(digestReviews.digestId, digestId)).get();
  }

  async approveReview(digestId: string, actor: string, now: Date): Promise<boolean> {
    return (
      this.db
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

  async reviewsDue(now: Date): Promise<ReviewRow[]> {
    return this.db
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

  async pendingReviews(): Promise<ReviewRow[]> {
    return this.db
      .select()
      .from(digestReviews)
      .where(isNull(digestReviews.releasedAt))
      .orderBy(asc(digestReviews.reviewUntil))
      .all();
  }

  async markReleased(digestId: string, now: Date): Promise<void> {
    this.db.update(digestReviews).set({ releasedAt: now }).where(eq(digestReviews.digestId, digestId)).run();
  }

  // ---- theme edits -------------------------------------------------------------------------------
  async addThemeEdit(edit: NewThemeEdit, now: Date): Promise<ThemeEditRow> {
    return this.db
      .insert(themeEdits)
      .values({ ...edit, createdAt: now })
      .returning()
      .get();
  }

  async listThemeEdits(): Promise<ThemeEditRow[]> {
    return this.db.select().from(themeEdits).orderBy(asc(themeEdits.id)).all();
  }

  // ---- replies browser ---------------------------------------------------------------------------
  async searchReplies(
    filters: ReplyFilters,
    page: { limit: number; offset: number },
  ): Promise<{ rows: BrowsedReply[]; total: number }> {
    const where = replyConditions(filters);
    const total = this.db.select({ n: count() }).from(replies).where(where).get()?.n ?? 0;
    const rows = this.db
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

  async replyFacets(): Promise<ReplyFacets> {
    const distinct = (
      column:
        | typeof replies.promptId
        | typeof replies.group
        | typeof replies.language
        | typeof replies.channel,
    ) =>
      this.db
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
}
