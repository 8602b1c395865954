/**
 * The weekly digest on a schedule: `DIGEST_CRON` (croner, in the organizers' timezone) decides when;
 * each run first rebuilds any stored digest whose period gained (or lost) replies since it was built
 * (late notes, imports; each rebuild kept as a revision), then builds the digest of the seven local
 * days before the run's day, stores it once per period, and posts it to every destination once (Slack,
 * Discord through their adapters' `publishDigest`, and a directory of HTML/Markdown files). A revision
 * replaces the files; a chat that already has the digest gets the revision only when asked
 * (`voices digest --rebuild --post`). A run missed while the bot was down happens at the next start:
 * the last run is kept in `meta`, and any scheduled time between it and now is due.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cron } from 'croner';
import type { Adapter, Logger } from '../../adapters/types.js';
import { type BuildDigestInput, buildDigest, type DigestReply, type Themer } from '../core/digest/build.js';
import { DEFAULT_HISTORY_WEEKS } from '../core/digest/index.js';
import { localizeDigest } from '../core/digest/localize.js';
import { type Period, periodEndingBefore, periodOf, previousPeriods } from '../core/digest/period.js';
import { renderDigestHtml } from '../core/digest/render/html.js';
import { renderDigestMarkdown } from '../core/digest/render/markdown.js';
import type { Digest, DigestLanguage, Localized } from '../core/digest/types.js';
import { ErrorCode, isVoicesError, VoicesError } from '../core/errors.js';
import type { Store } from '../core/ports/store.js';
import { errorName } from './http-server.js';

export const DEFAULT_DIGEST_CRON = '0 9 * * 1';
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

export interface DigestSettings {
  store: Store;
  organization: string;
  language: 'en' | 'fr';
  timezone: string;
  /** Prompt texts in both languages, by prompt id, in the prompt file's order. */
  promptTexts: Record<string, Localized>;
  /** Group names from the prompt file, by group id. */
  groupNames?: Record<string, Localized>;
  themer: Themer;
  /** THEMES_BACKGROUND_WORDS, for every themer call. */
  backgroundWords?: readonly string[];
  historyWeeks?: number;
  threshold?: number;
}

/** Rows read per query while building a digest: a slice takes a few milliseconds, then webhooks get their turn. */
const READ_PAGE = 1_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Replies of [start, end), read a page at a time with the event loop free between pages. */
async function readReplies(store: Store, start: Date, end: Date): Promise<DigestReply[]> {
  const out: DigestReply[] = [];
  for (;;) {
    const last = out[out.length - 1];
    const page = await store.read((r) => r.repliesBetween(start, end, { after: last, limit: READ_PAGE }));
    for (const reply of page) out.push(reply);
    if (page.length < READ_PAGE) return out;
    await turn();
  }
}

/**
 * Builds the digest of `period` from the store (without storing it), starting from the themes of the latest stored
 * digest before it, or, for a rebuild, from `revisionOf` (this period's stored digest), so themes keep their keys.
 * Theming is the themer's (a worker thread in the runner); what runs here is read in slices, so no step holds the
 * event loop for long.
 */
export async function composeDigest(
  settings: DigestSettings,
  period: Period,
  now: Date,
  revisionOf?: Digest,
): Promise<Digest> {
  return buildDigest(await digestInput(settings, period, now, revisionOf));
}

/** What `composeDigest` builds from: the period's and the previous weeks' replies, and the digests it starts from. */
export async function digestInput(
  settings: DigestSettings,
  period: Period,
  now: Date,
  revisionOf?: Digest,
): Promise<BuildDigestInput> {
  const { store } = settings;
  const history = previousPeriods(period, settings.historyWeeks ?? DEFAULT_HISTORY_WEEKS);
  const oldest = history[0]?.start ?? period.start;
  const replies = await readReplies(store, period.start, period.end);
  const weeks: Array<{ period: Period; replies: DigestReply[] }> = [];
  for (const p of history) weeks.push({ period: p, replies: await readReplies(store, p.start, p.end) });
  const previous = (await store.read((r) => r.digestsBefore(period.start, 1)))[0];
  const seed = revisionOf ?? previous;
  const returning = await store.read((r) => r.returningParticipantIds(period.start, period.end, oldest));
  await turn();
  return {
    period,
    replies,
    history: weeks,
    promptTexts: settings.promptTexts,
    ...(settings.groupNames ? { groupNames: settings.groupNames } : {}),
    organization: settings.organization,
    language: settings.language,
    themer: settings.themer,
    ...(settings.backgroundWords ? { backgroundWords: settings.backgroundWords } : {}),
    ...(seed ? { seed } : {}),
    ...(previous ? { previous } : {}),
    ...(revisionOf ? { revisionOf } : {}),
    returningParticipantIds: returning,
    generatedAt: now,
    ...(settings.threshold === undefined ? {} : { threshold: settings.threshold }),
    pause: turn,
  };
}

/** The stored digest of `period`, building and storing it first if there is none. */
export async function ensureDigest(
  settings: DigestSettings,
  period: Period,
  now: Date,
): Promise<{ digest: Digest; created: boolean }> {
  const stored = await settings.store.read((r) => r.digestForPeriod(period));
  if (stored) return { digest: stored, created: false };
  const digest = await composeDigest(settings, period, now);
  return settings.store.write((tx) => tx.saveDigestOnce(period, digest, now));
}

/** Whether replies of the stored digest's period arrived (or were erased) since it was built. */
async function isStale(settings: DigestSettings, digest: Digest, start: Date, end: Date): Promise<boolean> {
  const now = await settings.store.read((r) => r.periodSource(start, end));
  // Digests stored before fingerprints were kept can only be compared by their count.
  return digest.source
    ? digest.source.fingerprint !== now.fingerprint
    : digest.participation.replies !== now.replies;
}

/**
 * Whether a reply the stored digest placed in a theme (so it may be quoted) is no longer in the window of its rebuild:
 * it was erased. The rebuild places every reply of its window (`assignments`), so a reply missing there is gone.
 */
function quotedRepliesGone(before: Digest, after: Digest): boolean {
  const now = new Set(after.prompts.flatMap((p) => Object.keys(p.assignments?.replies ?? {})));
  return before.prompts.some((p) => p.themes.some((t) => (t.replyIds ?? []).some((id) => !now.has(id))));
}

/**
 * Rebuilds each stored digest whose period's replies changed since it was built, oldest first (so a later week's
 * rebuild starts from the earlier week's revision), and keeps each rebuild as a revision. With `only`, looks at that
 * period alone; `force` rebuilds it even when nothing changed. Returns the revised digests.
 */
export async function reviseDigests(
  settings: DigestSettings,
  now: Date,
  options: { only?: Period; force?: boolean } = {},
): Promise<Digest[]> {
  const out: Digest[] = [];
  const { store } = settings;
  for (const stored of await store.read((r) => r.storedPeriods())) {
    if (options.only && stored.id !== options.only.id) continue;
    const digest = await store.read((r) => r.getDigest(stored.id));
    if (!digest) continue;
    if (!options.force && !(await isStale(settings, digest, stored.start, stored.end))) continue;
    const period = periodOf(digest.period.from, digest.period.to, digest.period.timezone);
    const revised = await composeDigest(settings, period, now, digest);
    const erased = quotedRepliesGone(digest, revised);
    await store.write(async (tx) => {
      await tx.saveRevision(revised, now);
      // Replies were erased since: earlier versions may quote them, and erased means erased.
      if (erased) await tx.dropRevisionsBefore(revised.id, revised.revision!.number);
    });
    out.push(revised);
  }
  return out;
}

/** Somewhere a digest is posted; `name` is what `digest_posts` records. */
export interface DigestDestination {
  name: string;
  publish(digest: Digest): Promise<void>;
  /**
   * A page replaced in place (the files): it always gets the latest revision. A chat message, once posted, gets a
   * revision only when asked.
   */
  replacesInPlace?: boolean;
}

/** Writes `<id>.html` and `<id>.md` into `dir` (via a temporary file, so a reader never sees half a page). */
export function fileDestination(dir: string, language?: DigestLanguage): DigestDestination {
  const write = (path: string, content: string) => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, content, 'utf8');
    renameSync(tmp, path);
  };
  return {
    name: 'files',
    replacesInPlace: true,
    async publish(built) {
      const digest = language ? localizeDigest(built, language) : built;
      mkdirSync(dir, { recursive: true });
      write(join(dir, `${digest.id}.html`), renderDigestHtml(digest));
      write(join(dir, `${digest.id}.md`), renderDigestMarkdown(digest));
    },
  };
}

/**
 * Every adapter that can post a digest (Slack, Discord), plus the files directory when set; each in its language
 * from `languages` (DIGEST_LANGUAGES, by destination name), else in the digest's own.
 */
export function digestDestinations(
  adapters: Iterable<Adapter>,
  digestDir?: string,
  languages: Partial<Record<string, DigestLanguage>> = {},
): DigestDestination[] {
  const out: DigestDestination[] = [];
  for (const adapter of adapters) {
    const publish = adapter.publishDigest?.bind(adapter);
    const language = languages[adapter.name];
    if (publish) {
      out.push({
        name: adapter.name,
        publish: (digest) => publish(language ? localizeDigest(digest, language) : digest),
      });
    }
  }
  if (digestDir) out.push(fileDestination(digestDir, languages.files));
  return out;
}

export interface PublishOutcome {
  posted: string[];
  /** Already posted before: skipped. */
  skipped: string[];
  failed: string[];
  /** Refused for a missing setting (a `config_invalid` error): not retried. */
  unconfigured: string[];
}

/**
 * Posts `digest` (its latest revision) to each destination that does not have it yet; a destination that has an
 * earlier revision gets this one if it replaces pages in place, or when `revisions` asks for it. A failure releases
 * its claim for a retry.
 */
export async function publishToDestinations(
  store: Store,
  digest: Digest,
  destinations: DigestDestination[],
  now: Date,
  logger?: Logger,
  options: { revisions?: boolean } = {},
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { posted: [], skipped: [], failed: [], unconfigured: [] };
  const revision = digest.revision?.number ?? 1;
  const posted = await store.read((r) => r.postedRevisions(digest.id));
  for (const destination of destinations) {
    const has = posted.get(destination.name);
    const wanted =
      has === undefined ||
      (has < revision && (destination.replacesInPlace === true || options.revisions === true));
    if (!wanted || !(await store.write((tx) => tx.claimPost(digest.id, destination.name, now, revision)))) {
      outcome.skipped.push(destination.name);
      continue;
    }
    try {
      await destination.publish(digest);
      outcome.posted.push(destination.name);
    } catch (err) {
      await store
        .write((tx) => tx.releasePost(digest.id, destination.name, revision))
        .catch((releaseErr: unknown) =>
          logger?.error(
            { digest: digest.id, destination: destination.name, err: errorName(releaseErr) },
            'digest post claim not released; that destination is skipped until an organizer posts it',
          ),
        );
      // A destination without its channel setting (e.g. SLACK_DIGEST_CHANNEL) is not retried until restart.
      const unconfigured = isVoicesError(err, ErrorCode.ConfigInvalid);
      (unconfigured ? outcome.unconfigured : outcome.failed).push(destination.name);
      logger?.warn(
        { digest: digest.id, destination: destination.name, err: errorName(err) },
        unconfigured ? 'digest destination not configured' : 'digest post failed',
      );
    }
  }
  return outcome;
}

/** Review before posting: the organizers' window and their edits (src/runner/organizer.ts). */
export interface DigestReviewSettings {
  /** DIGEST_REVIEW_HOURS: 0 posts at once. */
  hours: number;
  /** The digest as organizers edited it: what destinations get. */
  prepare(digest: Digest): Promise<Digest>;
}

export interface DigestSchedulerOptions extends DigestSettings {
  cron?: string;
  destinations: DigestDestination[];
  logger: Logger;
  now?: () => Date;
  /** Called after a period's digest is stored (the organizers' page registers its route). */
  onDigest?: (digest: Digest) => void;
  review?: DigestReviewSettings;
}

export class DigestScheduler {
  private readonly cron: Cron;
  private readonly clock: () => Date;
  private running: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private reviewTimer: NodeJS.Timeout | null = null;
  private releasing: Promise<void> | null = null;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.clock = options.now ?? (() => new Date());
    const pattern = options.cron ?? DEFAULT_DIGEST_CRON;
    try {
      this.cron = new Cron(
        pattern,
        { timezone: options.timezone, paused: true, protect: true, unref: true },
        () => {
          void this.runDue();
        },
      );
    } catch (err) {
      throw new VoicesError(
        ErrorCode.ConfigInvalid,
        `DIGEST_CRON: "${pattern}" is not a cron pattern`,
        { variable: 'DIGEST_CRON' },
        { cause: err },
      );
    }
  }

  /** Starts the schedule and runs now whatever was missed while the bot was down. */
  async start(): Promise<void> {
    await this.begin();
    await this.catchUp();
  }

  /**
   * Records a first start and starts the schedule. The runner awaits this before it listens, so
   * nothing written to the store afterwards races the first-start bookkeeping.
   */
  async begin(): Promise<void> {
    const now = this.clock();
    // First start ever: nothing was missed, the first digest comes at the next scheduled time.
    const { store } = this.options;
    if (!(await store.read((r) => r.lastDigestRun())))
      await store.write((tx) => tx.setLastDigestRun(now, now));
    this.cron.resume();
  }

  /** Runs what was missed while the bot was down (the runner does it in the background). */
  async catchUp(): Promise<void> {
    await this.runDue();
    // Reviews whose window ended while the bot was down are posted now.
    await this.releaseReviewed();
  }

  /** The latest scheduled time at or before `now`. */
  latestOccurrence(now: Date): Date | undefined {
    return this.cron.previousRuns(1, now)[0];
  }

  /** When the next scheduled run is. */
  nextRun(): Date | null {
    return this.cron.nextRun(this.clock());
  }

  /**
   * Runs the digest of the latest scheduled time if it has not run yet. A call made while a run is
   * in progress waits for it and then looks again (finding nothing left to do when that run was
   * for the same time); storing and posting are idempotent anyway (`digests` and `digest_posts`
   * are unique).
   */
  runDue(now: Date = this.clock()): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const run = (this.running ?? Promise.resolve()).then(() =>
      this.stopped ? undefined : this.runOnce(now),
    );
    this.running = run;
    const settled = () => {
      if (this.running === run) this.running = null;
    };
    run.then(settled, settled);
    return run;
  }

  private async runOnce(now: Date): Promise<void> {
    const { store, logger } = this.options;
    const occurrence = this.latestOccurrence(now);
    if (!occurrence) return;
    let last: Date | undefined;
    try {
      last = await store.read((r) => r.lastDigestRun());
    } catch (err) {
      logger.error({ err: errorName(err) }, 'weekly digest: last run unreadable');
      this.scheduleRetry();
      return;
    }
    if (last && last >= occurrence) return;
    const period = periodEndingBefore(occurrence, this.options.timezone);
    try {
      await this.reviseLate(now);
      const { digest, created } = await ensureDigest(this.options, period, now);
      if (created) this.options.onDigest?.(digest);
      const review = this.options.review;
      if (review && review.hours > 0) {
        // Posting is now the review's: when its window ends, or sooner when an organizer approves.
        const until = new Date(now.getTime() + review.hours * 3_600_000);
        const window = await store.write((tx) => tx.openReview(digest.id, now, until));
        logger.info(
          { digest: digest.id, reviewUntil: window.reviewUntil.toISOString() },
          'weekly digest in review',
        );
        this.failures = 0;
        await store.write((tx) => tx.setLastDigestRun(occurrence, now));
        await this.scheduleReviewEnd();
        return;
      }
      const outcome = await this.publish(digest, now);
      logger.info({ digest: digest.id, created, ...outcome }, 'weekly digest');
      if (outcome.failed.length > 0) {
        this.scheduleRetry();
        return;
      }
      this.failures = 0;
      await store.write((tx) => tx.setLastDigestRun(occurrence, now));
    } catch (err) {
      if (this.stopped && isVoicesError(err, ErrorCode.ThemerCancelled)) {
        // Stopped mid-build: the period stays due and is built at the next start.
        logger.info({ period: period.id }, 'weekly digest cancelled by shutdown');
        return;
      }
      logger.error({ period: period.id, err: errorName(err) }, 'weekly digest failed');
      this.scheduleRetry();
    }
  }

  /** Posts a digest to every destination not posted to yet, with the organizers' edits when digests are reviewed. */
  private async publish(digest: Digest, now: Date): Promise<PublishOutcome> {
    const { store, review, destinations, logger } = this.options;
    return publishToDestinations(
      store,
      review ? await review.prepare(digest) : digest,
      destinations,
      now,
      logger,
    );
  }

  /**
   * Late replies: stored digests whose period changed are rebuilt (a revision each), and their pages replaced;
   * chats that already have them are left alone (a revision is posted there only when asked).
   */
  private async reviseLate(now: Date): Promise<void> {
    const { logger } = this.options;
    for (const digest of await reviseDigests(this.options, now)) {
      const outcome = await this.publish(digest, now);
      logger.info(
        {
          digest: digest.id,
          revision: digest.revision?.number,
          addedReplies: digest.revision?.addedReplies,
          ...outcome,
        },
        'digest revised after late replies',
      );
    }
  }

  /**
   * Posts every digest whose review window ended or that an organizer approved, with the
   * organizers' edits, to each destination not posted to yet. Concurrent calls share one pass;
   * `digest_posts` keeps each destination to one post whatever else runs.
   */
  releaseReviewed(now: Date = this.clock()): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.releasing ??= this.releaseOnce(now).finally(() => {
      this.releasing = null;
    });
    return this.releasing;
  }

  private async releaseOnce(now: Date): Promise<void> {
    const { store, logger } = this.options;
    for (const review of await store.read((r) => r.reviewsDue(now))) {
      try {
        const digest = await store.read((r) => r.getDigest(review.digestId));
        if (!digest) continue;
        const outcome = await this.publish(digest, now);
        logger.info(
          { digest: digest.id, approved: review.approvedAt !== null, ...outcome },
          'reviewed digest',
        );
        if (outcome.failed.length > 0) {
          this.scheduleRetry();
          continue;
        }
        await store.write((tx) => tx.markReleased(digest.id, now));
      } catch (err) {
        logger.error({ digest: review.digestId, err: errorName(err) }, 'reviewed digest failed');
        this.scheduleRetry();
      }
    }
    await this.scheduleReviewEnd();
  }

  /** Wakes up when the soonest open review window ends. */
  private async scheduleReviewEnd(): Promise<void> {
    if (this.stopped) return;
    let end: Date | undefined;
    try {
      end = (await this.options.store.read((r) => r.pendingReviews()))[0]?.reviewUntil;
    } catch (err) {
      this.options.logger.warn({ err: errorName(err) }, 'review windows unreadable; looking again later');
      this.scheduleRetry();
      return;
    }
    if (this.reviewTimer) clearTimeout(this.reviewTimer);
    this.reviewTimer = null;
    if (!end) return;
    // setTimeout takes at most 2^31-1 ms; a longer wait just wakes up and looks again.
    const delay = Math.min(Math.max(0, end.getTime() - this.clock().getTime()), 2 ** 31 - 1);
    this.reviewTimer = setTimeout(() => {
      this.reviewTimer = null;
      void this.releaseReviewed();
    }, delay);
    this.reviewTimer.unref();
  }

  /** A failed destination is tried again later, backing off; the run stays due until it succeeds. */
  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.runDue().then(() => this.releaseReviewed());
    }, delay);
    this.retryTimer.unref();
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cron.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.reviewTimer) clearTimeout(this.reviewTimer);
    this.reviewTimer = null;
    await this.running;
    await this.releasing;
  }
}
