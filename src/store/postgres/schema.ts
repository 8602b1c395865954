/**
 * The PostgreSQL schema (drizzle-orm): the same tables, columns and rules as the SQLite one
 * (`../sqlite/schema.ts`, where each column is explained), in PostgreSQL's own types: `timestamptz`
 * for instants, `jsonb` for JSON, `boolean`. Two additions: `seq` (an identity) gives replies and
 * outbox rows the insertion order SQLite's rowid gives, and `outbox.claimed_by` names the runner
 * holding a claim, so a runner that died is seen at once and its claims recovered.
 * Migrations are generated with `npm run db:generate` (drizzle.postgres.config.ts) and applied on start.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const participants = pgTable(
  'participants',
  {
    id: text('id').primaryKey(),
    channel: text('channel').notNull(),
    language: text('language'),
    group: text('group_name'),
    status: text('status').notNull(),
    timezone: text('timezone'),
    consentedAt: instant('consented_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    state: jsonb('state').notNull(),
    nextCheckAt: instant('next_check_at'),
  },
  (t) => [index('participants_next_check').on(t.nextCheckAt), index('participants_status').on(t.status)],
);

export const contacts = pgTable('contacts', {
  participantId: text('participant_id')
    .primaryKey()
    .references(() => participants.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  addressCiphertext: text('address_ciphertext').notNull(),
  addressHash: text('address_hash').notNull().unique(),
});

export const replies = pgTable(
  'replies',
  {
    id: text('id').primaryKey(),
    /** Insertion order (replies received at the same time list in the order they were stored). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    participantId: text('participant_id').references(() => participants.id, { onDelete: 'cascade' }),
    promptId: text('prompt_id'),
    isFollowUp: boolean('is_follow_up').notNull().default(false),
    text: text('text').notNull(),
    channel: text('channel').notNull(),
    language: text('language'),
    group: text('group_name'),
    receivedAt: instant('received_at').notNull(),
    source: text('source', { enum: ['live', 'imported'] }).notNull(),
    importKey: text('import_key').unique(),
    authorId: text('author_id'),
  },
  (t) => [
    index('replies_received').on(t.receivedAt, t.id),
    index('replies_participant').on(t.participantId),
    index('replies_author').on(t.authorId),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** Queue order: per resident, messages go in this order. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    participantId: text('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    promptId: text('prompt_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: instant('not_before').notNull(),
    providerMessageId: text('provider_message_id'),
    errorCode: text('error_code'),
    attemptKey: text('attempt_key'),
    claimedUntil: instant('claimed_until'),
    /** The runner holding the claim (its presence lock's key): a claim of a runner gone is recovered. */
    claimedBy: integer('claimed_by'),
    deadlineAt: instant('deadline_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('outbox_due').on(t.status, t.channel, t.notBefore),
    index('outbox_provider').on(t.providerMessageId),
    index('outbox_participant').on(t.participantId, t.status),
    index('outbox_claims').on(t.status, t.claimedUntil),
  ],
);

export const inboundKeys = pgTable(
  'inbound_keys',
  {
    key: text('key').primaryKey(),
    participantId: text('participant_id'),
    response: jsonb('response').$type<string[]>().notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    index('inbound_keys_received').on(t.receivedAt),
    index('inbound_keys_participant').on(t.participantId),
  ],
);

export const digests = pgTable(
  'digests',
  {
    id: text('id').primaryKey(),
    periodFrom: instant('period_from').notNull(),
    periodTo: instant('period_to').notNull(),
    body: jsonb('body').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('digests_period').on(t.periodFrom, t.periodTo)],
);

export const digestPosts = pgTable(
  'digest_posts',
  {
    digestId: text('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    destination: text('destination').notNull(),
    postedAt: instant('posted_at').notNull(),
    /** The digest's revision that was posted (1: as first built). */
    revision: integer('revision').notNull().default(1),
  },
  (t) => [uniqueIndex('digest_posts_once').on(t.digestId, t.destination, t.revision)],
);

/** Every version of a stored digest: 1 as first built, then one per rebuild after late replies. */
export const digestRevisions = pgTable(
  'digest_revisions',
  {
    digestId: text('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    body: jsonb('body').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('digest_revisions_once').on(t.digestId, t.revision)],
);

export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});

export const organizerAccounts = pgTable('organizer_accounts', {
  name: text('name').primaryKey(),
  keyHash: text('key_hash').notNull(),
  createdAt: instant('created_at').notNull(),
});

export const organizerSessions = pgTable(
  'organizer_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    data: text('data').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('organizer_sessions_expires').on(t.expiresAt)],
);

export const digestReviews = pgTable('digest_reviews', {
  digestId: text('digest_id')
    .primaryKey()
    .references(() => digests.id, { onDelete: 'cascade' }),
  openedAt: instant('opened_at').notNull(),
  reviewUntil: instant('review_until').notNull(),
  approvedAt: instant('approved_at'),
  approvedBy: text('approved_by'),
  releasedAt: instant('released_at'),
});

export const themeEdits = pgTable(
  'theme_edits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    themeKey: text('theme_key').notNull(),
    action: text('action').notNull(),
    value: text('value'),
    digestId: text('digest_id'),
    actor: text('actor').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('theme_edits_key').on(t.themeKey)],
);
