/**
 * The one place that wires store, adapters, clock and scheduler together. Everything else takes
 * its dependencies as arguments.
 */
import { adapterLoaders } from '../../adapters/registry.js';
import type { Adapter, AdapterContext, Logger } from '../../adapters/types.js';
import {
  type AppConfig,
  digestLanguage,
  organizationName,
  parseEnv,
  resolvePromptsPath,
} from '../config/env.js';
import { resolveSecret } from '../config/secret.js';
import { digestTexts, localizeDigest } from '../core/digest/localize.js';
import { renderDigestEmbeds } from '../core/digest/render/discord-embeds.js';
import { renderDigestMarkdown } from '../core/digest/render/markdown.js';
import { renderDigestSlack } from '../core/digest/render/slack-blocks.js';
import { renderDigestText } from '../core/digest/render/text.js';
import type { Digest } from '../core/digest/types.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import type { Store } from '../core/ports/store.js';
import { deriveKeys } from '../core/privacy/keys.js';
import { warmUpScrubber } from '../core/privacy/scrub/index.js';
import { loadPromptFile } from '../core/prompts/load.js';
import { promptSegmentWarnings } from '../core/sms/index.js';
import { warmUpTopicReading } from '../core/themes/features.js';
import type { Channel } from '../core/types.js';
import { openStore } from '../store/index.js';
import { projectRoot } from '../store/migrations.js';
import { Conversations, conversationSettings } from './conversations.js';
import { DigestScheduler, digestDestinations } from './digest-scheduler.js';
import { WalScrubber } from './erasure.js';
import { errorName, HttpServer } from './http-server.js';
import { InboundBatcher } from './inbound-batcher.js';
import { listenError } from './listen-error.js';
import { createLogger } from './logger.js';
import { type DigestRenderers, Organizer } from './organizer.js';
import { OutboxDispatcher } from './outbox.js';
import { forumReport } from './report.js';
import { simulatedClock } from './simulated-clock.js';
import { startThemeWorker, type ThemeWorker } from './theme-worker/index.js';
import { registerWorkspace } from './workspace/app.js';

export interface RunnerOptions {
  env?: NodeJS.ProcessEnv;
  /** The clock; tests move time forward with it. */
  now?: () => Date;
  logger?: Logger;
  /** Runs the digest's theming (default: a worker thread with the theme engine). */
  themeWorker?: ThemeWorker;
}

export interface Runner {
  url: string;
  port: number;
  config: AppConfig;
  store: Store;
  conversations: Conversations;
  adapters: ReadonlyMap<Channel, Adapter>;
  logger: Logger;
  /** The organizer service (workspace, Slack and Discord commands). */
  organizer: Organizer;
  /** The weekly digest schedule (tests run it at a chosen time). */
  digests: DigestScheduler;
  /** Runs the scheduler's pass now (due prompts and reminders) and sends what came due. */
  tick(): Promise<number>;
  /** Sends every queued message that is due. */
  drainOutbox(): Promise<void>;
  close(): Promise<void>;
}

const INBOUND_KEY_RETENTION_MS = 14 * 86_400_000;

export async function startRunner(options: RunnerOptions = {}): Promise<Runner> {
  const env = options.env ?? process.env;
  const config = parseEnv(env);
  // With the simulator alone, its page and API can move the runner's clock forward (time travel).
  const simulated =
    config.ADAPTERS.length === 1 && config.ADAPTERS[0] === 'simulator'
      ? simulatedClock(options.now ?? (() => new Date()))
      : null;
  const clock = simulated?.now ?? options.now ?? (() => new Date());
  /** What runs right after time moves: due prompts and reminders, the outbox, a due digest. */
  let afterTimeTravel: () => Promise<number> = async () => 0;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const script = loadPromptFile(resolvePromptsPath(config.PROMPTS_FILE, projectRoot()));
  if (config.ADAPTERS.includes('twilio')) {
    for (const w of promptSegmentWarnings(script, organizationName(config))) {
      logger.warn({ ...w }, 'prompt needs more than two SMS segments');
    }
  }
  const keys = deriveKeys(resolveSecret(config, logger));
  const store = await openStore(config.VOICES_DB, {
    backgroundCheckpoints: true,
    poolSize: config.VOICES_DB_POOL,
    statementTimeoutMs: config.VOICES_DB_STATEMENT_TIMEOUT_MS,
  });
  // What has started so far, undone in reverse when start-up fails (a live gateway or worker would keep the process up).
  const undo: Array<() => Promise<void>> = [];
  const closeOnError = async (err: unknown): Promise<never> => {
    for (const step of undo.reverse()) {
      await step().catch((stopErr: unknown) =>
        logger.warn({ err: errorName(stopErr) }, 'stop after failed start failed'),
      );
    }
    await store.close();
    throw err;
  };

  try {
    const adapters = new Map<Channel, Adapter>();
    for (const name of config.ADAPTERS) {
      const load = adapterLoaders[name];
      if (!load) {
        throw new VoicesError(ErrorCode.ConfigInvalid, `ADAPTERS: "${name}" is not available in this build`);
      }
      const adapter = await (await load()).default(env);
      adapters.set(adapter.name, adapter);
    }

    const conversations = new Conversations(
      store,
      keys,
      conversationSettings(config, script),
      (channel) => adapters.get(channel)?.capabilities,
      clock,
    );
    const outbox = new OutboxDispatcher(
      store,
      keys,
      adapters,
      {
        optedOut: (id) => conversations.markOptedOut(id),
        unreachable: (id) => conversations.markUnreachable(id),
      },
      logger.child({ component: 'outbox' }),
      clock,
    );
    // One runner per SQLite file: every claim left is from a process that died inside the platform
    // call (a clean stop writes every outcome first), so each may have gone out already.
    const interrupted = await store.write((tx) => tx.recoverClaims(clock(), true));
    if (interrupted > 0) {
      logger.warn(
        { rows: interrupted },
        'sends interrupted inside the platform call by the previous stop are sent again; they may reach the recipient twice',
      );
    }
    const scrubber = new WalScrubber(store, logger.child({ component: 'erasure' }));

    const inbound = new InboundBatcher(conversations);
    const http = new HttpServer(logger.child({ component: 'http' }), {
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
      health: async () => {
        await store.ping();
        return { database: store.dialect };
      },
    });
    // How `/voices digest` renders the latest stored digest on each platform.
    // Each platform in its DIGEST_LANGUAGES language, if set.
    const inLanguage = (name: string) => (digest: Digest) => {
      const language = config.DIGEST_LANGUAGES[name];
      return language ? localizeDigest(digest, language) : digest;
    };
    const renderers: DigestRenderers = {
      text: renderDigestText,
      markdown: renderDigestMarkdown,
      slack: (digest) => renderDigestSlack(inLanguage('slack')(digest)),
      discord: (digest) => renderDigestEmbeds(inLanguage('discord')(digest)),
    };
    const organizer = new Organizer({
      store,
      conversations,
      promptIds: script.prompts.map((p) => p.id),
      renderers,
      kickOutbox: () => outbox.kick(),
      now: clock,
    });

    const timeTravel = (adapter: Adapter): Pick<AdapterContext, 'timeTravel'> =>
      simulated && adapter.name === 'simulator'
        ? {
            timeTravel: {
              now: () => clock(),
              offsetMs: () => simulated.offsetMs(),
              timezone: config.TIMEZONE,
              async advance(ms: number) {
                simulated.advance(ms);
                const queued = await afterTimeTravel();
                return { now: clock(), offsetMs: simulated.offsetMs(), queued };
              },
            },
          }
        : {};
    const ctxFor = (adapter: Adapter): AdapterContext => ({
      ...timeTravel(adapter),
      exclusive: (role, handlers) => store.holdRole(role, handlers),
      http,
      logger: logger.child({ adapter: adapter.name }),
      organizer,
      kickOutbox: () => outbox.kick(),
      async receive(message) {
        const result = await inbound.submit(message);
        if (result.erased) scrubber.request();
        if (!result.duplicate) {
          if (result.erased && !adapter.capabilities.inlineReplies) {
            // The participant is gone, so the confirmation cannot go through the outbox.
            for (const text of result.replies) {
              await adapter
                .send({ channel: message.channel, address: message.address, text })
                .catch(() => undefined);
            }
          }
          // Only when this message queued something: inline-reply platforms usually queue nothing.
          if (result.queued) outbox.kick();
        }
        return { duplicate: result.duplicate, replies: result.replies };
      },
      async markUnreachable(channel, address) {
        const id = conversations.participantId(channel, address);
        await conversations.markUnreachable(id);
      },
      async deliveryStatus(providerMessageId, status, errorCode) {
        const code = errorCode === undefined ? null : String(errorCode);
        const updated = await store.write((tx) =>
          tx.applyDeliveryStatus(providerMessageId, status, code, clock()),
        );
        return { updated };
      },
    });

    for (const adapter of adapters.values()) {
      await adapter.start(ctxFor(adapter));
      undo.push(() => adapter.stop());
    }

    // The weekly digest (stored once per period, reviewed, posted once per destination) and the organizers' workspace.
    registerWorkspace(http, {
      store,
      organizer,
      bootstrapKey: config.DASHBOARD_TOKEN,
      sessionSecret: keys.sessionSigning,
      publicUrl: config.PUBLIC_URL,
      timezone: config.TIMEZONE,
      promptTexts: Object.fromEntries(script.prompts.map((p) => [p.id, p.text[config.DEFAULT_LANGUAGE]])),
      defaultLanguage: config.DEFAULT_LANGUAGE,
      report: (request) =>
        forumReport(
          {
            store,
            organizer,
            script,
            timezone: config.TIMEZONE,
            organization: (language) => organizationName(config, language),
            now: clock(),
          },
          request,
        ),
      logger: logger.child({ component: 'workspace' }),
    });
    // Theming runs on a worker thread: clustering a week's replies would otherwise hold webhooks for seconds.
    const themes = options.themeWorker ?? startThemeWorker({ logger: logger.child({ component: 'themes' }) });
    undo.push(() => themes.close());
    const digests = new DigestScheduler({
      store,
      organization: organizationName(config, digestLanguage(config)),
      language: digestLanguage(config),
      timezone: config.TIMEZONE,
      ...digestTexts(script),
      themer: themes.themer,
      backgroundWords: config.THEMES_BACKGROUND_WORDS,
      cron: config.DIGEST_CRON,
      destinations: digestDestinations(adapters.values(), config.DIGEST_DIR, config.DIGEST_LANGUAGES),
      logger: logger.child({ component: 'digest' }),
      now: clock,
      review: { hours: config.DIGEST_REVIEW_HOURS, prepare: (digest) => organizer.edited(digest) },
    });
    organizer.attachPublisher(() => digests.releaseReviewed());

    warmUpScrubber();
    warmUpTopicReading();
    const address = await http.listen(config.PORT, config.HOST).catch((err: unknown) => {
      throw listenError(err, config.PORT, config.HOST);
    });
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

    let ticking = false;
    const tick = async (): Promise<number> => {
      if (ticking) return 0;
      ticking = true;
      try {
        const queued = await conversations.tickDue();
        await store.write((tx) => tx.pruneInbound(new Date(clock().getTime() - INBOUND_KEY_RETENTION_MS)));
        await outbox.drain();
        return queued;
      } finally {
        ticking = false;
      }
    };
    afterTimeTravel = async () => {
      const queued = await tick();
      await digests.runDue(clock());
      return queued;
    };
    const schedulerTimer = setInterval(() => {
      tick().catch((err: unknown) => logger.error({ err: errorName(err) }, 'scheduler pass failed'));
    }, config.SCHEDULER_INTERVAL_MS);
    schedulerTimer.unref();
    outbox.kick();
    await digests.begin();
    // In the background: a missed digest is built and posted without delaying the start.
    digests
      .catchUp()
      .catch((err: unknown) => logger.error({ err: errorName(err) }, 'digest scheduler failed'));

    logger.info(
      { url, adapters: [...adapters.keys()], prompts: script.prompts.length, db: config.VOICES_DB },
      'gathering voices is listening',
    );

    let closed: Promise<void> | null = null;
    const close = () => {
      closed ??= (async () => {
        clearInterval(schedulerTimer);
        // A digest being themed is cancelled, not awaited: it runs again at the next start.
        const digestsStopped = digests.stop();
        await themes.close();
        await digestsStopped;
        await http.close();
        await outbox.stop();
        await scrubber.stop();
        for (const adapter of adapters.values()) {
          await adapter
            .stop()
            .catch((err: unknown) => logger.warn({ err: errorName(err) }, 'adapter stop failed'));
        }
        await store.close();
        logger.info({}, 'stopped');
      })();
      return closed;
    };

    return {
      url,
      port: address.port,
      config,
      store,
      conversations,
      adapters,
      logger,
      organizer,
      digests,
      tick,
      drainOutbox: () => outbox.drain(),
      close,
    };
  } catch (err) {
    return closeOnError(err);
  }
}
