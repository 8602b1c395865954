/**
 * The store port: every read and write the bot makes, as one asynchronous interface with two
 * implementations (`src/store/sqlite/`, the embedded default, and `src/store/postgres/`, for several
 * runners on one database). The engine stays pure and synchronous; callers load, step and save
 * inside one `write` transaction.
 *
 * Transactions are explicit: `store.read(fn)` and `store.write(fn)` hand `fn` a reader or a writer.
 * A write callback awaits only store calls and pure computation (no network call, no timer): on
 * SQLite it holds the one write lock, on PostgreSQL a pooled connection and row or advisory locks.
 * A write is retried whole when the database asks (SQLite busy, PostgreSQL deadlock or
 * serialization failure), so its callback must have no effect outside the store.
 */
import type { DigestReply } from '../digest/build.js';
import type { Digest } from '../digest/types.js';
import type { ParticipantState, ParticipantStatus } from '../engine/state.js';
import type { Channel } from '../types.js';
import type { DeliveryStatus } from './delivery.js';

/** A `postgres://` (or `postgresql://`) URL names the PostgreSQL store; anything else is a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

// ---- rows -------------------------------------------------------------------------------------

export interface ParticipantRow {
  id: string;
  channel: string;
  language: string | null;
  group: string | null;
  status: string;
  timezone: string | null;
  consentedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  state: ParticipantState;
  nextCheckAt: Date | null;
}

export interface ContactRow {
  participantId: string;
  channel: string;
  /** AES-256-GCM: base64(iv | tag | ciphertext). */
  addressCiphertext: string;
  addressHash: string;
}

export interface ReplyRow {
  id: string;
  participantId: string | null;
  promptId: string | null;
  isFollowUp: boolean;
  text: string;
  channel: string;
  language: string | null;
  group: string | null;
  receivedAt: Date;
  source: 'live' | 'imported';
  importKey: string | null;
  /** Imported rows: the pseudonym of the file's `participant` (never the value itself). */
  authorId: string | null;
}

/** A reply to store: a row without its id, the import fields optional. */
export interface NewReply extends Omit<ReplyRow, 'id' | 'importKey' | 'authorId'> {
  importKey?: string | null;
  authorId?: string | null;
}

/**
 * Who wrote a reply, for counting people: the live participant, the imported row's pseudonymous author, or, for an
 * imported row whose file named no participant, the row itself (one person each).
 */
export function authorOf(row: Pick<ReplyRow, 'id' | 'participantId' | 'authorId'>): string {
  return row.participantId ?? row.authorId ?? `reply:${row.id}`;
}

export interface OutboxRow {
  id: string;
  participantId: string;
  channel: string;
  text: string;
  kind: string;
  promptId: string | null;
  status: string;
  attempts: number;
  notBefore: Date;
  providerMessageId: string | null;
  errorCode: string | null;
  attemptKey: string | null;
  claimedUntil: Date | null;
  deadlineAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How a claimed row ended, as the dispatcher records it. */
export type OutboxCompletion =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'pending'; notBefore: Date; errorCode: string }
  | { status: 'failed'; errorCode: string };

export interface NewOutbox {
  participantId: string;
  channel: Channel;
  text: string;
  kind: string;
  promptId: string | null;
  notBefore: Date;
}

/** Where a page of `repliesBetween` starts: after this reply, in (receivedAt, id) order. */
export interface ReplyCursor {
  receivedAt: Date;
  id: string;
}

export interface DigestSummary {
  id: string;
  from: string;
  to: string;
  createdAt: Date;
  replies: number;
  /** Destinations it was posted to (`slack`, `discord`, `files`). */
  postedTo: string[];
}

/** A digest period as stored: its bounds. */
export interface StoredPeriod {
  start: Date;
  end: Date;
}

export interface ReviewRow {
  digestId: string;
  openedAt: Date;
  reviewUntil: Date;
  approvedAt: Date | null;
  approvedBy: string | null;
  /** Set once every destination has it: nothing more to post. */
  releasedAt: Date | null;
}

export interface ThemeEditRow {
  id: number;
  themeKey: string;
  action: string;
  value: string | null;
  digestId: string | null;
  actor: string;
  createdAt: Date;
}

export interface NewThemeEdit {
  themeKey: string;
  action: string;
  value: string | null;
  digestId: string | null;
  actor: string;
}

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

export interface ReplyFacets {
  prompts: string[];
  groups: string[];
  languages: string[];
  channels: string[];
}

export interface ParticipantCounts {
  byStatus: Array<{ status: string; n: number }>;
  byChannel: Array<{ channel: string; n: number }>;
  byGroup: Array<{ group: string | null; n: number }>;
}

/** What a message's transaction needs before the engine steps: its dedupe entry and the state. */
export interface InboundView {
  /** The replies given the first time, when this message was committed before. */
  seen: string[] | undefined;
  state: ParticipantState | undefined;
}

// ---- operations -------------------------------------------------------------------------------

/** Reads, outside or inside a transaction. */
export interface StoreReader {
  // participants and contacts
  participant(id: string): Promise<ParticipantRow | undefined>;
  contact(participantId: string): Promise<ContactRow | undefined>;
  /** The sealed address alone (the outbox decrypts it just before sending). */
  contactCiphertext(participantId: string): Promise<string | undefined>;
  participantCounts(): Promise<ParticipantCounts>;
  activeParticipantIds(): Promise<string[]>;

  // replies
  countReplies(): Promise<number>;
  /** Every reply, oldest first (export). */
  listReplies(): Promise<ReplyRow[]>;
  /**
   * Replies received in [start, end), oldest first; with `page`, at most `page.limit` of them, after
   * `page.after`, so a caller can read a large week in slices and let other work run between them.
   */
  repliesBetween(
    start: Date,
    end: Date,
    page?: { after?: ReplyCursor; limit: number },
  ): Promise<DigestReply[]>;
  /** Distinct people (see `authorOf`) among the replies received in [from, to). */
  countAuthors(from: Date, to: Date): Promise<number>;
  /** Participants replying in [start, end) who had replied before `before`. */
  returningParticipantIds(start: Date, end: Date, before: Date): Promise<Set<string>>;
  searchReplies(
    filters: ReplyFilters,
    page: { limit: number; offset: number },
  ): Promise<{ rows: BrowsedReply[]; total: number }>;
  replyFacets(): Promise<ReplyFacets>;

  // outbox
  outboxFor(participantId: string): Promise<OutboxRow[]>;
  /** Due rows, without claiming them (tests and status pages). */
  dueOutbox(now: Date, limit: number): Promise<OutboxRow[]>;
  /** When the next pending row of these channels comes due. */
  nextOutboxTime(channels?: readonly Channel[]): Promise<Date | null>;
  /** The earliest lease still running (when recovery should look again). */
  nextClaimExpiry(): Promise<Date | null>;

  // digests
  getDigest(id: string): Promise<Digest | undefined>;
  digestForPeriod(period: StoredPeriod): Promise<Digest | undefined>;
  /** Stored digests that ended at or before `end`, newest first. */
  digestsBefore(end: Date, limit: number): Promise<Digest[]>;
  /** Every stored digest, newest first, with where it was posted. */
  listDigests(): Promise<DigestSummary[]>;
  digestPeriod(digestId: string): Promise<StoredPeriod | undefined>;
  postedDestinations(digestId: string): Promise<string[]>;
  /** The latest revision of this digest posted to each destination that has it. */
  postedRevisions(digestId: string): Promise<Map<string, number>>;
  /** What a period's digest would be built from now: how many replies, and their fingerprint (late notes). */
  periodSource(start: Date, end: Date): Promise<{ replies: number; fingerprint: string }>;
  /** Every stored digest's period, oldest first (to look for late replies). */
  storedPeriods(): Promise<Array<{ id: string; start: Date; end: Date }>>;
  /** Every version of a stored digest, oldest first (without the engine's model and the replies' placements). */
  digestRevisions(id: string): Promise<Digest[]>;
  lastDigestRun(): Promise<Date | undefined>;

  // the organizers' workspace
  accountKeyHash(name: string): Promise<string | undefined>;
  listAccounts(): Promise<Array<{ name: string; createdAt: Date }>>;
  getReview(digestId: string): Promise<ReviewRow | undefined>;
  /** Reviews whose window ended or that were approved, not yet released to every destination. */
  reviewsDue(now: Date): Promise<ReviewRow[]>;
  pendingReviews(): Promise<ReviewRow[]>;
  /** Every theme edit, oldest first (they apply in that order). */
  listThemeEdits(): Promise<ThemeEditRow[]>;
}

/** Everything a transaction can do. */
export interface StoreWriter extends StoreReader {
  /** Runs `fn` in a savepoint: when it throws, what it wrote is rolled back and the rest stays. */
  savepoint<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /**
   * Serializes this transaction with every other one touching these participants, until it ends
   * (PostgreSQL: transaction-scoped advisory locks, taken in one order so two batches never
   * deadlock; SQLite: its one write lock already does). Take it before reading their state.
   */
  lockParticipants(ids: readonly string[]): Promise<void>;
  /**
   * Participants whose next check is due, locked for this transaction, read after the lock: each
   * is handed to one transaction at a time across runners (one busy elsewhere is skipped this pass).
   */
  claimDueParticipants(now: Date, limit: number): Promise<ParticipantRow[]>;

  // inbound messages
  /** The dedupe entry of `dedupeKey` and the participant's state, read together. */
  inboundView(participantId: string, dedupeKey: string): Promise<InboundView>;
  recordInbound(key: string, response: string[], now: Date, participantId: string | null): Promise<void>;
  pruneInbound(olderThan: Date): Promise<number>;
  /**
   * Claims a platform event id (e.g. a Slack Socket Mode envelope, which any runner's connection may
   * receive again): true only for the first claimant.
   */
  claimEvent(key: string, now: Date): Promise<boolean>;

  // participants and contacts
  participantState(id: string): Promise<ParticipantState | undefined>;
  saveParticipant(
    id: string,
    channel: Channel,
    state: ParticipantState,
    nextCheckAt: Date | null,
    now: Date,
  ): Promise<void>;
  saveContact(
    participantId: string,
    channel: Channel,
    addressCiphertext: string,
    addressHash: string,
  ): Promise<void>;
  /**
   * Erases a participant: contact, state, replies and queued messages go with it. Their dedupe keys
   * stay, so a platform's late retry is still dropped, but keep nothing of theirs.
   */
  deleteParticipant(id: string, now: Date): Promise<boolean>;
  /** Erases the imported replies of one pseudonymous author. */
  deleteAuthor(authorId: string): Promise<boolean>;
  setStatus(id: string, status: ParticipantStatus, now: Date): Promise<void>;

  // replies
  insertReply(reply: NewReply): Promise<string>;

  // outbox (its contract: src/core/outbox/policy.ts)
  enqueue(rows: readonly NewOutbox[], now: Date): Promise<string[]>;
  /**
   * Claims up to `limit` due rows of `channel`: each becomes `sending` with a new attempt key, one
   * more attempt, and a lease until `now + leaseMs`. Per resident only the first due row, and none
   * while one of theirs is in flight, so their messages go one at a time, in queue order.
   */
  claimOutbox(channel: Channel, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]>;
  /** Records the outcome of attempt `attemptKey`; false when the row is no longer that claim. */
  completeOutbox(id: string, attemptKey: string, outcome: OutboxCompletion, now: Date): Promise<boolean>;
  /** Hands a claimed row back without an attempt: pending again at `notBefore`. */
  releaseOutbox(id: string, attemptKey: string, notBefore: Date, now: Date): Promise<boolean>;
  /**
   * Claims whose dispatcher died inside the platform call go back to `pending`: those whose lease
   * ran out by `now`, those of runners no longer connected (PostgreSQL), or every claim when
   * `all` (a single runner starting: no claimant is alive). Returns how many.
   */
  recoverClaims(now: Date, all?: boolean): Promise<number>;
  cancelPending(participantId: string, now: Date): Promise<number>;
  /** Applies a platform status callback; statuses only move forward. */
  applyDeliveryStatus(
    providerMessageId: string,
    status: DeliveryStatus,
    errorCode: string | null,
    now: Date,
  ): Promise<boolean>;

  // digests
  /** Stores the digest of `period` unless one exists (as its revision 1); returns the stored one either way. */
  saveDigestOnce(
    period: StoredPeriod,
    digest: Digest,
    now: Date,
  ): Promise<{ digest: Digest; created: boolean }>;
  /**
   * Claims `destination` for this digest's `revision` (default 1) before posting: true only for the first caller.
   * Claiming first means a crash mid-post can lose a post but never repeat one.
   */
  claimPost(digestId: string, destination: string, now: Date, revision?: number): Promise<boolean>;
  /** Gives a claim back after a failed post, so the next run tries that destination again. */
  releasePost(digestId: string, destination: string, revision?: number): Promise<void>;
  /**
   * Replaces a stored digest by its rebuild (`digest.revision.number` is the new version), keeping every version in
   * `digest_revisions` as it reads (without what only the next build needs: see `withoutThemeState`).
   */
  saveRevision(digest: Digest, now: Date): Promise<void>;
  /** Deletes the versions of a digest older than `revision` (they quote replies erased since); returns how many. */
  dropRevisionsBefore(digestId: string, revision: number): Promise<number>;
  setLastDigestRun(at: Date, now: Date): Promise<void>;

  // the organizers' workspace
  addAccount(name: string, keyHash: string, now: Date): Promise<boolean>;
  /** Removes an account and signs it out everywhere. */
  removeAccount(name: string): Promise<boolean>;
  /** A session's data; an expired one is deleted and reads as undefined. */
  readSession(idHash: string, now: Date): Promise<string | undefined>;
  writeSession(idHash: string, data: string, expiresAt: Date): Promise<void>;
  touchSession(idHash: string, expiresAt: Date): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  pruneSessions(now: Date): Promise<number>;
  /** Opens the review window of a digest once; returns the window (the existing one if already open). */
  openReview(digestId: string, now: Date, until: Date): Promise<ReviewRow>;
  /** Approves a digest still in review; false when it was already approved or released. */
  approveReview(digestId: string, actor: string, now: Date): Promise<boolean>;
  markReleased(digestId: string, now: Date): Promise<void>;
  addThemeEdit(edit: NewThemeEdit, now: Date): Promise<ThemeEditRow>;
}

export interface WriteOptions {
  /** Give up (StoreUnavailable) after waiting this long for locks. */
  deadlineMs?: number;
}

/** What `flushErasures` did. */
export interface ErasureFlush {
  /** False while something kept erased bytes from leaving the files (try again later). */
  done: boolean;
}

/** What holding a role (see `Store.holdRole`) does when it starts and when it ends unasked. */
export interface RoleHandlers {
  /** The role is ours: start the work (e.g. connect to the Discord gateway). A throw gives it back. */
  acquired(): Promise<void>;
  /** The role was lost (the database connection that held it dropped): stop the work at once. */
  lost(): Promise<void>;
}

export interface RoleHold {
  /** Stops the work's claim: gives the role back (if held) and stops waiting for it. */
  release(): Promise<void>;
}

export interface Store {
  /** `sqlite` (one runner per file) or `postgres` (several runners may share it). */
  readonly dialect: 'sqlite' | 'postgres';
  /** True when several runners may use this database at once. */
  readonly shared: boolean;
  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T>;
  /** One transaction, retried whole while the database asks; `StoreUnavailable` when it cannot land. */
  write<T>(fn: (tx: StoreWriter) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * Inserts imported replies; rows whose import key exists are skipped. Returns rows added. Commits
   * in chunks, so a running bot's webhooks get the database in between.
   */
  insertImported(rows: readonly NewReply[], chunk?: number): Promise<number>;
  /** After an erasure: makes the erased bytes leave the database's files where the engine allows it. */
  flushErasures(): Promise<ErasureFlush>;
  /**
   * Holds `role` for this process, one holder at a time across every runner on the database (the
   * Discord gateway, which must have one connection). Resolves after the first try: with
   * `acquired` awaited when the role was free (its error rejects), or at once when another runner
   * holds it; then keeps trying in the background, so the role fails over when its holder dies.
   * SQLite (one runner per file): held at once.
   */
  holdRole(role: string, handlers: RoleHandlers): Promise<RoleHold>;
  /** Resolves when the database answers (for /healthz); rejects with StoreUnavailable otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
