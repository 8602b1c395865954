/**
 * The SQLite schema (drizzle-orm). Privacy by construction:
 * - `participants.id` is HMAC-SHA256(secret, channel + normalized address): no address anywhere else.
 * - `contacts` holds the only copy of an address, AES-256-GCM encrypted, apart from replies.
 * - `replies.text` is scrubbed before insert; imported replies have no participant row, only a pseudonymous
 *   `author_id` when the file named its participants.
 * Migrations are generated with `npm run db:generate` and applied on start.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const participants = sqliteTable(
  'participants',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    language: text('language'),
    group: text('group_name'),
    /** Lifecycle: see `ParticipantStatus` in src/core/engine/state.ts. */
    status: text('status').notNull(),
    timezone: text('timezone'),
    consentedAt: integer('consented_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** The engine's conversation state (JSON, no text of the resident's). */
    state: text('state', { mode: 'json' }).notNull(),
    /** When the scheduler should next look at this participant (null: nothing due). */
    nextCheckAt: integer('next_check_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('participants_next_check').on(t.nextCheckAt), index('participants_status').on(t.status)],
);

export const contacts = sqliteTable('contacts', {
  participantId: text('participant_id')
    .primaryKey()
    .references(() => participants.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  /** AES-256-GCM: base64(iv | tag | ciphertext). */
  addressCiphertext: text('address_ciphertext').notNull(),
  /** Keyed hash of the address under a separate key, for lookups without decrypting. */
  addressHash: text('address_hash').notNull().unique(),
});

export const replies = sqliteTable(
  'replies',
  {
    id: text('id').primaryKey(),
    /** Null for imported (offline) voices, which have no participant. */
    participantId: text('participant_id').references(() => participants.id, { onDelete: 'cascade' }),
    promptId: text('prompt_id'),
    isFollowUp: integer('is_follow_up', { mode: 'boolean' }).notNull().default(false),
    text: text('text').notNull(),
    channel: text('channel').notNull(),
    language: text('language'),
    group: text('group_name'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    source: text('source', { enum: ['live', 'imported'] }).notNull(),
    /** For imported rows: a hash of (file row id or content) so re-imports add nothing. */
    importKey: text('import_key').unique(),
    /**
     * For imported rows with a `participant` column: its pseudonym (src/core/privacy/keys.ts `importedAuthorId`),
     * the live participant id when it was their phone number. Not a foreign key: the person may never have
     * written live. People are counted as distinct `authorOf(row)`; erasing a participant erases these rows too.
     */
    authorId: text('author_id'),
  },
  (t) => [
    index('replies_received').on(t.receivedAt),
    index('replies_participant').on(t.participantId),
    index('replies_author').on(t.authorId),
  ],
);

export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    participantId: text('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** Bot text only (templates); never a resident's words. */
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    promptId: text('prompt_id'),
    /** pending → sending → sent → delivered | undelivered | failed; `inline` went out in a webhook response. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before', { mode: 'timestamp_ms' }).notNull(),
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    /** The current attempt's key: only the dispatcher that claimed the row records its outcome. */
    attemptKey: text('attempt_key'),
    /** While `sending`: the claim's lease; past it, the claimant is taken for dead. */
    claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' }),
    /** Retries stop at this time (null: created_at + the policy's default). */
    deadlineAt: integer('deadline_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('outbox_due').on(t.status, t.notBefore),
    index('outbox_provider').on(t.providerMessageId),
    index('outbox_participant').on(t.participantId),
    index('outbox_claims').on(t.status, t.claimedUntil),
  ],
);

export const inboundKeys = sqliteTable(
  'inbound_keys',
  {
    /** channel + ':' + keyed hash of (participant, platform message id): no platform id at rest. */
    key: text('key').primaryKey(),
    /** Whose message it was, so an erasure can blank their entries (kept, as `[]`, to dedupe retries). */
    participantId: text('participant_id'),
    /** The immediate replies given, so a retry gets the same answer (bot text only). */
    response: text('response', { mode: 'json' }).$type<string[]>().notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('inbound_keys_received').on(t.receivedAt),
    index('inbound_keys_participant').on(t.participantId),
  ],
);

export const digests = sqliteTable(
  'digests',
  {
    id: text('id').primaryKey(),
    periodFrom: integer('period_from', { mode: 'timestamp_ms' }).notNull(),
    periodTo: integer('period_to', { mode: 'timestamp_ms' }).notNull(),
    /** The Digest data (src/core/digest/types.ts) as JSON. */
    body: text('body', { mode: 'json' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('digests_period').on(t.periodFrom, t.periodTo)],
);

/**
 * Each destination a digest was posted to, once per revision (`slack`, `discord`, `files`). A revision is posted to
 * a destination that already has the digest only when asked (`voices digest --rebuild --post`).
 */
export const digestPosts = sqliteTable(
  'digest_posts',
  {
    digestId: text('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    destination: text('destination').notNull(),
    postedAt: integer('posted_at', { mode: 'timestamp_ms' }).notNull(),
    /** The digest's revision that was posted (1: as first built). */
    revision: integer('revision').notNull().default(1),
  },
  (t) => [uniqueIndex('digest_posts_once').on(t.digestId, t.destination, t.revision)],
);

/** Every version of a stored digest: 1 as first built, then one per rebuild after late replies. */
export const digestRevisions = sqliteTable(
  'digest_revisions',
  {
    digestId: text('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    /** The Digest data of this version. */
    body: text('body', { mode: 'json' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('digest_revisions_once').on(t.digestId, t.revision)],
);

/** Small key/value state for the runner (e.g. the last digest run). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch() * 1000)`),
});

// ---- the organizers' workspace (src/runner/workspace/) ------------------------------------------

/** Per-organizer sign-in keys (`voices organizer add`), scrypt-hashed; DASHBOARD_TOKEN stays the bootstrap key. */
export const organizerAccounts = sqliteTable('organizer_accounts', {
  name: text('name').primaryKey(),
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  keyHash: text('key_hash').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Signed-in sessions (express-session); keyed by a hash of the session id, so a copy of the table signs nobody in. */
export const organizerSessions = sqliteTable(
  'organizer_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    data: text('data').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('organizer_sessions_expires').on(t.expiresAt)],
);

/** A stored digest's review window: posted when it ends, or sooner when an organizer approves. */
export const digestReviews = sqliteTable('digest_reviews', {
  digestId: text('digest_id')
    .primaryKey()
    .references(() => digests.id, { onDelete: 'cascade' }),
  openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
  reviewUntil: integer('review_until', { mode: 'timestamp_ms' }).notNull(),
  approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
  approvedBy: text('approved_by'),
  /** Set once every destination has it: nothing more to post. */
  releasedAt: integer('released_at', { mode: 'timestamp_ms' }),
});

/**
 * Organizers' edits to themes, by theme key, so they hold in every digest where the key appears
 * (a renamed theme keeps its name in later weeks). The log is append-only: who and when, per edit.
 */
export const themeEdits = sqliteTable(
  'theme_edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    themeKey: text('theme_key').notNull(),
    /** rename | merge | unmerge | hide | show | hide-quote | show-quote */
    action: text('action').notNull(),
    /** The new label (rename), the theme merged into (merge), or the quote's hash (hide-quote). */
    value: text('value'),
    /** The digest being reviewed when the edit was made. */
    digestId: text('digest_id'),
    actor: text('actor').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('theme_edits_key').on(t.themeKey)],
);
