/**
 * `voices digest [--from DATE --to DATE] [--format md|html|json|slack|discord|text] [--language en|fr] [--post]
 * [--rebuild] [--out FILE]`: the digest of a period (default: the last seven days in TIMEZONE, today excluded). A
 * period already stored is shown as stored (what was posted, in its latest revision); otherwise it is built as a
 * preview. `--post` stores the period's digest once and posts it to every configured destination not yet posted
 * to. `--rebuild` first rebuilds the stored digests whose period gained or lost replies since they were built (the
 * period's only, with --from/--to), each as a new revision; with `--post`, destinations that already have them get
 * the revisions too.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Adapter, AdapterContext } from '../../../adapters/types.js';
import type { Themer } from '../../core/digest/build.js';
import type { ThemeEditAction } from '../../core/digest/edits.js';
import { DEFAULT_HISTORY_WEEKS, DIGEST_FORMATS, renderDigest } from '../../core/digest/index.js';
import { isDate, type Period, periodEndingBefore, periodOf } from '../../core/digest/period.js';
import type { Digest } from '../../core/digest/types.js';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import type { DigestSettings, PublishOutcome } from '../../runner/digest-scheduler.js';
import type { CliContext } from '../context.js';
import { parseOptions } from '../parse-options.js';

// The store, runner, adapters and engines load when the command runs, not when `voices` starts (every command
// is registered on every start: `voices --help` took ~0.55 s with them imported up front).

const date = z.string().refine(isDate, 'use YYYY-MM-DD');

export const digestOptions = z
  .object({
    from: date.optional(),
    to: date.optional(),
    format: z.enum(DIGEST_FORMATS).default('md'),
    post: z.boolean().default(false),
    out: z.string().min(1).optional(),
    weeks: z.coerce.number().int().min(0).max(52).default(DEFAULT_HISTORY_WEEKS),
    language: z.enum(['en', 'fr']).optional(),
    rebuild: z.boolean().default(false),
  })
  .refine((o) => (o.from === undefined) === (o.to === undefined), {
    message: '--from and --to go together',
    path: ['from'],
  })
  .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, {
    message: '--to is before --from',
    path: ['to'],
  });
export type DigestOptions = z.infer<typeof digestOptions>;

export interface DigestRun {
  digest: Digest;
  output: string;
  period: Period;
  /** Only with --post. */
  outcome?: PublishOutcome;
  /** Only with --rebuild: the digests rebuilt (their latest revision). */
  revised?: Digest[];
  /** Only with --rebuild --post: where each revision went. */
  revisionOutcomes?: Array<{ id: string; outcome: PublishOutcome }>;
}

export interface DigestDeps {
  themer?: Themer;
  now?: Date;
  /** Destinations' adapters; by default the ADAPTERS that can publish, started for the post. */
  adapters?: Adapter[];
}

/** Starts the adapters that can post a digest, with no inbound: this process answers no resident. */
async function publishingAdapters(ctx: CliContext): Promise<Adapter[]> {
  const { adapterLoaders } = await import('../../../adapters/registry.js');
  const out: Adapter[] = [];
  for (const name of ctx.config.ADAPTERS) {
    const load = adapterLoaders[name];
    if (!load) continue;
    const adapter = await (await load()).default(process.env);
    if (!adapter.publishDigest) continue;
    const refuse = async (): Promise<never> => {
      throw new VoicesError(ErrorCode.AdapterFailure, 'the digest command takes no inbound messages');
    };
    const context: AdapterContext = {
      http: { route() {}, routePrefix() {} },
      logger: ctx.logger.child({ adapter: adapter.name }),
      receive: refuse,
      markUnreachable: async () => {},
      organizer: {
        stats: refuse,
        ask: refuse,
        promptIds: () => [],
        latestDigest: async () => null,
        invite: refuse,
      },
      kickOutbox() {},
      deliveryStatus: async () => ({ updated: false }),
    };
    await adapter.start(context);
    out.push(adapter);
  }
  return out;
}

export async function runDigest(ctx: CliContext, raw: unknown, deps: DigestDeps = {}): Promise<DigestRun> {
  const options = parseOptions(digestOptions, raw);
  const [{ digestLanguage, organizationName }, { startThemeWorker }, scheduler, { applyEdits, foldEdits }] =
    await Promise.all([
      import('../../config/env.js'),
      import('../../runner/theme-worker/index.js'),
      import('../../runner/digest-scheduler.js'),
      import('../../core/digest/edits.js'),
    ]);
  const { digestTexts, localizeDigest } = await import('../../core/digest/localize.js');
  // The organizers' edits (renames, merges, hidden themes and quotes) apply here as in every post.
  const edits = foldEdits(
    (await ctx.store.read((r) => r.listThemeEdits())).map((e) => ({
      ...e,
      action: e.action as ThemeEditAction,
    })),
  );
  const { composeDigest, digestDestinations, ensureDigest, publishToDestinations, reviseDigests } = scheduler;
  const now = deps.now ?? new Date();
  const timezone = ctx.config.TIMEZONE;
  const period =
    options.from && options.to
      ? periodOf(options.from, options.to, timezone)
      : periodEndingBefore(now, timezone);
  const language = options.language ?? digestLanguage(ctx.config);
  // The runner's worker thread, so the command themes exactly as the weekly digest does.
  const themes = deps.themer
    ? undefined
    : startThemeWorker({ logger: ctx.logger.child({ component: 'themes' }) });
  const settings: DigestSettings = {
    store: ctx.store,
    organization: organizationName(ctx.config, language),
    language,
    timezone,
    ...digestTexts(ctx.script),
    themer: deps.themer ?? themes!.themer,
    backgroundWords: ctx.config.THEMES_BACKGROUND_WORDS,
    historyWeeks: options.weeks,
  };

  let digest: Digest;
  let outcome: PublishOutcome | undefined;
  let revised: Digest[] | undefined;
  const revisionOutcomes: Array<{ id: string; outcome: PublishOutcome }> = [];
  try {
    if (options.rebuild) {
      revised = await reviseDigests(settings, now, options.from ? { only: period } : {});
    }
    if (options.post) {
      digest = applyEdits((await ensureDigest(settings, period, now)).digest, edits);
      const adapters = deps.adapters ?? (await publishingAdapters(ctx));
      try {
        const destinations = digestDestinations(adapters, ctx.config.DIGEST_DIR, ctx.config.DIGEST_LANGUAGES);
        // Asked for: revisions go to destinations that already have an earlier version.
        for (const r of revised ?? []) {
          if (r.id === digest.id) continue;
          const o = await publishToDestinations(
            ctx.store,
            applyEdits(r, edits),
            destinations,
            now,
            ctx.logger,
            {
              revisions: true,
            },
          );
          revisionOutcomes.push({ id: r.id, outcome: o });
        }
        outcome = await publishToDestinations(ctx.store, digest, destinations, now, ctx.logger, {
          revisions: options.rebuild,
        });
      } finally {
        if (!deps.adapters) for (const adapter of adapters) await adapter.stop().catch(() => undefined);
      }
    } else {
      const stored = await ctx.store.read((r) => r.digestForPeriod(period));
      digest = applyEdits(stored ?? (await composeDigest(settings, period, now)), edits);
    }
  } finally {
    await themes?.close();
  }
  // A stored digest in another language is shown in the one asked for.
  digest = localizeDigest(digest, language);
  const output = renderDigest(digest, options.format);
  if (options.out) writeFileSync(options.out, output, 'utf8');
  return {
    digest,
    output,
    period,
    ...(outcome ? { outcome } : {}),
    ...(revised ? { revised } : {}),
    ...(revisionOutcomes.length > 0 ? { revisionOutcomes } : {}),
  };
}

export function registerDigest(program: Command): void {
  program
    .command('digest')
    .description('the digest of a period: themes per prompt, trends, common ground, participation')
    .option('--from <date>', 'first day (YYYY-MM-DD, in TIMEZONE); default: seven days ago')
    .option('--to <date>', 'last day included (YYYY-MM-DD); default: yesterday')
    .option('--format <format>', `${DIGEST_FORMATS.join(' | ')}`, 'md')
    .option('--post', 'store the digest once and post it to every destination not posted to yet')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--weeks <n>', 'previous weeks compared for trends', String(DEFAULT_HISTORY_WEEKS))
    .option('--language <language>', 'en | fr; default: DIGEST_LANGUAGE, else DEFAULT_LANGUAGE')
    .option(
      '--rebuild',
      'first rebuild stored digests whose period gained or lost replies (with --from/--to: that one); each rebuild is kept as a revision, and with --post it goes to destinations that already have the digest',
    )
    .action(async (options: Record<string, unknown>) => {
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        const run = await runDigest(ctx, {
          ...options,
          post: options.post === true,
          rebuild: options.rebuild === true,
        });
        if (!options.out) process.stdout.write(run.output);
        if (run.revised) {
          process.stderr.write(
            run.revised.length === 0
              ? 'no stored digest has replies it was not built from: nothing rebuilt\n'
              : run.revised
                  .map(
                    (d) =>
                      `digest ${d.id}: revision ${d.revision?.number} (${(d.revision?.addedReplies ?? 0) >= 0 ? '+' : ''}${d.revision?.addedReplies} replies)\n`,
                  )
                  .join(''),
          );
        }
        for (const { id, outcome } of run.revisionOutcomes ?? []) {
          process.stderr.write(
            `digest ${id}: revision posted to ${outcome.posted.join(', ') || 'nothing'}${outcome.failed.length ? `; FAILED: ${outcome.failed.join(', ')}` : ''}\n`,
          );
          if (outcome.failed.length > 0) process.exitCode = 1;
        }
        if (run.outcome) {
          const { posted, skipped, failed, unconfigured } = run.outcome;
          process.stderr.write(
            `digest ${run.digest.id}: posted to ${posted.join(', ') || 'nothing'}` +
              `${skipped.length ? `; already posted to ${skipped.join(', ')}` : ''}` +
              `${unconfigured.length ? `; not configured: ${unconfigured.join(', ')}` : ''}` +
              `${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}\n`,
          );
          if (failed.length > 0) process.exitCode = 1;
        }
      } finally {
        await ctx.close();
      }
    });
}
