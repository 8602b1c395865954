/**
 * The Slack adapter: residents talk to the bot in DMs (`message.im`), organizers use `/voices`
 * commands, and the weekly digest is posted to a channel with Block Kit. Bolt runs either on the
 * runner's HTTP server (`RunnerReceiver`) or over Socket Mode when an app token is configured.
 *
 * Every inbound path commits first and acknowledges after: a DM is acked once `ctx.receive`
 * resolved; replies go out through the runner's outbox (`send`), never inside the ack window.
 */
import {
  App,
  type Receiver,
  type ReceiverEvent,
  type RespondArguments,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import Bottleneck from 'bottleneck';
import { z } from 'zod';
import {
  escapeMrkdwn,
  renderDigestSlack,
  type SlackDigestMessage,
} from '../../src/core/digest/render/slack-blocks.js';
import type { Digest } from '../../src/core/digest/types.js';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterContext,
  Logger,
  OutboundMessage,
  SendResult,
} from '../types.js';
import {
  formatStats,
  ORGANIZER_COMMANDS,
  parseVoicesCommand,
  TEXTS,
  type VoicesCommand,
} from './commands.js';
import type { SlackConfig } from './config.js';
import { mapSlackError, slackErrorCode } from './errors.js';
import { slackPayloadProblem } from './payload.js';
import { boltLogger, errorName, RunnerReceiver } from './receiver.js';

/** How long a membership list of the organizers' channel is trusted. */
const ORGANIZER_CACHE_MS = 60_000;
/** Event ids remembered to drop retries of already-committed events without a store round trip. */
const RECENT_EVENTS = 2048;
/** Slack accepts at most five responses to one `response_url`. */
const MAX_RESPONSES = 5;

const messageEventSchema = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().regex(/^\d+(\.\d+)?$/),
  client_msg_id: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

const envelopeSchema = z.object({ event_id: z.string().optional() }).loose();

const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string().optional(),
  text: z.string().default(''),
});

const membersPageSchema = z.object({
  members: z.array(z.string()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

const userInfoSchema = z.object({
  user: z
    .object({ is_bot: z.boolean().optional(), deleted: z.boolean().optional(), tz: z.string().optional() })
    .loose(),
});
/** A resident's timezone is looked up once a day at most; a failed lookup is retried after ten minutes. */
const TIMEZONE_TTL_MS = 86_400_000;
const TIMEZONE_RETRY_MS = 600_000;
const TIMEZONE_LOOKUP_MS = 2_000;
const TIMEZONE_CACHE = 10_000;

const renderedDigestSchema = z.array(
  z.object({ text: z.string(), blocks: z.array(z.object({ type: z.string() }).loose()) }),
);
const digestLikeSchema = z
  .object({ organization: z.string(), prompts: z.array(z.unknown()), participation: z.object({}).loose() })
  .loose();

const socketEventSchema = z.object({
  ack: z.custom<(response?: unknown) => Promise<void>>((value) => typeof value === 'function'),
  body: z.record(z.string(), z.unknown()),
  retry_num: z.number().optional(),
  retry_reason: z.string().optional(),
});

export class SlackAdapter implements Adapter {
  readonly name = 'slack' as const;
  readonly capabilities: AdapterCapabilities = {
    // chat.postMessage takes up to 40,000 characters but Slack advises under 4,000 for reading.
    maxLength: 4000,
    richText: true,
    threads: true,
    inlineReplies: false,
    // DMs to different residents go out side by side; each DM keeps its own pace (below).
    concurrency: 20,
  };

  private app: App | undefined;
  private ctx: AdapterContext | undefined;
  private logger: Logger | undefined;
  private botUserId: string | undefined;
  private readonly dmChannels = new Map<string, string>();
  private readonly recentEvents = new Set<string>();
  /** users.info tz by user id (null: Slack gave none), with when it was looked up. */
  private readonly timezones = new Map<string, { zone: string | null; until: number }>();
  private organizerChannelMembers: { members: Set<string>; at: number } | undefined;
  private readonly pending = new Set<Promise<void>>();
  /**
   * Slack allows about one message a second to a channel, with short bursts: a bucket of three
   * per DM refilled once a second keeps a consent + question + follow-up instant, and a long
   * text split in parts under the limit instead of into 429s.
   */
  private readonly limiters = new Bottleneck.Group({
    maxConcurrent: 1,
    reservoir: 3,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: 1000,
    reservoirIncreaseMaximum: 3,
  });
  /**
   * chat.postMessage also has a workspace-wide limit ("several hundred messages per minute"):
   * 300 a minute, in bursts of up to 50, across all DMs.
   */
  private readonly workspace = new Bottleneck({
    reservoir: 50,
    reservoirIncreaseAmount: 5,
    reservoirIncreaseInterval: 1000,
    reservoirIncreaseMaximum: 50,
  });

  constructor(private readonly config: SlackConfig) {
    this.limiters.on('created', (limiter) => {
      limiter.chain(this.workspace);
    });
  }

  async start(ctx: AdapterContext): Promise<void> {
    this.ctx = ctx;
    this.logger = ctx.logger.child({ adapter: 'slack' });
    const logger = boltLogger(this.logger);
    const clientOptions = {
      slackApiUrl: this.config.apiUrl,
      // The outbox retries with backoff: the client must report 429s, not sleep on them.
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 10_000,
    };
    // Fails fast on a wrong token or URL, and tells us who "we" are so our own messages are
    // ignored; Bolt is handed the ids and does not call auth.test again.
    let botId: string | undefined;
    try {
      const auth = await new webApi.WebClient(this.config.botToken, { ...clientOptions, logger }).auth.test();
      this.botUserId = typeof auth.user_id === 'string' ? auth.user_id : undefined;
      botId = typeof auth.bot_id === 'string' ? auth.bot_id : undefined;
    } catch (err) {
      throw new VoicesError(
        ErrorCode.AdapterFatal,
        'Slack auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL',
        { code: slackErrorCode(err) ?? errorName(err) },
        { cause: err },
      );
    }

    let receiver: Receiver;
    if (this.config.appToken !== undefined) {
      receiver = new SocketModeReceiver({
        appToken: this.config.appToken,
        logger,
        installerOptions: { clientOptions: { slackApiUrl: this.config.apiUrl } },
      });
    } else {
      receiver = new RunnerReceiver({
        signingSecret: this.config.signingSecret ?? '',
        routes: ctx.http,
        logger: this.logger,
      });
    }
    const app = new App({
      token: this.config.botToken,
      ...(this.botUserId !== undefined && botId !== undefined ? { botUserId: this.botUserId, botId } : {}),
      receiver,
      socketMode: this.config.appToken !== undefined,
      logger,
      clientOptions,
      convoStore: false,
    });
    if (receiver instanceof SocketModeReceiver) this.commitThenAckOverSocket(receiver, app);
    this.app = app;

    app.event('message', async ({ event, body, context }) => {
      await this.onMessage(event, body, typeof context.retryNum === 'number' ? context.retryNum : undefined);
    });
    app.command('/voices', async ({ command, ack, respond }) => {
      await this.onCommand(command, ack, respond);
    });
    // Nothing in our messages is interactive yet; acknowledge so Slack shows no error.
    app.action(/.*/, async ({ ack }) => {
      await ack();
    });
    await app.start();
    this.logger.info(
      { mode: this.config.appToken !== undefined ? 'socket' : 'http' },
      'slack adapter started',
    );
  }

  async stop(): Promise<void> {
    // Waiting sends are dropped (reported transient), so the outbox keeps them for the next start.
    await Promise.allSettled([
      ...this.limiters.limiters().map(({ limiter }) => limiter.stop({ dropWaitingJobs: true })),
      this.workspace.stop({ dropWaitingJobs: true }),
    ]);
    await Promise.allSettled([...this.pending]);
    await this.app?.stop();
  }

  /** Resolves when background work started by commands has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const app = this.app;
    if (app === undefined) return { ok: false, reason: 'transient', code: 'not_started' };
    try {
      const result = await this.limiters.key(message.address).schedule(async () => {
        const channel = await this.dmChannel(message.address);
        return app.client.chat.postMessage({
          channel,
          // Our texts are plain: escape so `<`, `>`, `&` show as typed instead of becoming markup.
          text: escapeMrkdwn(message.text),
          unfurl_links: false,
          unfurl_media: false,
        });
      });
      return typeof result.ts === 'string' ? { ok: true, providerMessageId: result.ts } : { ok: true };
    } catch (err) {
      const result = mapSlackError(err);
      if (result.code === 'channel_not_found') this.dmChannels.delete(message.address);
      const level = result.reason === 'rate_limited' ? 'debug' : 'warn';
      this.logger?.[level]({ reason: result.reason, code: result.code }, 'slack send failed');
      return result;
    }
  }

  async publishDigest(digest: Digest): Promise<void> {
    const app = this.app;
    if (app === undefined) throw new VoicesError(ErrorCode.AdapterFailure, 'Slack adapter not started');
    const channel = this.config.digestChannel;
    if (channel === undefined) {
      throw new VoicesError(ErrorCode.ConfigInvalid, 'SLACK_DIGEST_CHANNEL is not set', {
        variable: 'SLACK_DIGEST_CHANNEL',
      });
    }
    const [main, ...thread] = renderDigestSlack(digest);
    try {
      const posted = await app.client.chat.postMessage({ channel, text: main!.text, blocks: main!.blocks });
      for (const part of thread) {
        await app.client.chat.postMessage({
          channel,
          thread_ts: posted.ts,
          text: part.text,
          blocks: part.blocks,
        });
      }
      this.logger?.info({ digest: digest.id, messages: thread.length + 1 }, 'slack digest published');
    } catch (err) {
      throw new VoicesError(
        ErrorCode.AdapterFailure,
        'Posting the digest to Slack failed',
        { code: slackErrorCode(err) ?? errorName(err) },
        { cause: err },
      );
    }
  }

  // ---------------------------------------------------------------------------------------------

  private async onMessage(rawEvent: unknown, rawBody: unknown, retryNum: number | undefined): Promise<void> {
    const ctx = this.ctx!;
    const parsed = messageEventSchema.safeParse(rawEvent);
    if (!parsed.success) return;
    const event = parsed.data;
    // Only a person's own new message in a DM with us: no bots (us included), edits,
    // deletions, joins or other subtypes. File shares carry a subtype but are a real message.
    if (event.subtype !== undefined && event.subtype !== 'file_share') return;
    if (event.bot_id !== undefined || event.user === undefined || event.user === this.botUserId) return;
    if (event.channel_type !== 'im') return;
    const text = (event.text ?? '').trim();
    const attachmentCount = event.files?.length ?? 0;
    if (text === '' && attachmentCount === 0) return;

    const eventId = envelopeSchema.safeParse(rawBody).data?.event_id;
    if (eventId !== undefined && this.recentEvents.has(eventId)) {
      this.logger?.debug({ retryNum }, 'slack retry of a committed event dropped');
      return;
    }
    const timezone = await this.timezoneOf(event.user);
    const result = await ctx.receive({
      channel: 'slack',
      address: event.user,
      ...(timezone ? { timezone: { zone: timezone, source: 'platform' as const } } : {}),
      // client_msg_id is what Slack keeps across retries and edits; ts is unique per message.
      messageId: event.client_msg_id ?? event.ts,
      text,
      receivedAt: new Date(Math.round(Number(event.ts) * 1000)),
      ...(attachmentCount > 0 ? { attachmentCount } : {}),
    });
    if (eventId !== undefined) this.remember(eventId);
    this.logger?.debug({ duplicate: result.duplicate, retryNum }, 'slack message committed');
    ctx.kickOutbox();
  }

  /**
   * The resident's own timezone setting (users.info `tz`), for quiet hours. A nicety: a slow or
   * failed lookup never holds the message up for more than TIMEZONE_LOOKUP_MS.
   */
  private async timezoneOf(user: string): Promise<string | undefined> {
    const cached = this.timezones.get(user);
    if (cached && cached.until > Date.now()) return cached.zone ?? undefined;
    let zone: string | null = null;
    let ttl = TIMEZONE_TTL_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const lookup = this.app!.client.users.info({ user });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('users.info timed out')), TIMEZONE_LOOKUP_MS);
      });
      const info = userInfoSchema.safeParse(await Promise.race([lookup, timeout]));
      zone = info.success ? (info.data.user.tz ?? null) : null;
    } catch (err) {
      ttl = TIMEZONE_RETRY_MS;
      this.logger?.debug({ code: slackErrorCode(err) ?? errorName(err) }, 'slack timezone lookup failed');
    } finally {
      clearTimeout(timer);
    }
    if (this.timezones.size >= TIMEZONE_CACHE) {
      const oldest = this.timezones.keys().next().value;
      if (oldest !== undefined) this.timezones.delete(oldest);
    }
    this.timezones.set(user, { zone, until: Date.now() + ttl });
    return zone ?? undefined;
  }

  private remember(eventId: string): void {
    this.recentEvents.add(eventId);
    if (this.recentEvents.size > RECENT_EVENTS) {
      const oldest = this.recentEvents.values().next().value;
      if (oldest !== undefined) this.recentEvents.delete(oldest);
    }
  }

  private async onCommand(
    rawCommand: unknown,
    ack: (response?: string | RespondArguments) => Promise<void>,
    respond: (message: string | RespondArguments) => Promise<unknown>,
  ): Promise<void> {
    const ctx = this.ctx!;
    const parsedCommand = commandSchema.safeParse(rawCommand);
    if (!parsedCommand.success) {
      throw new VoicesError(ErrorCode.InputInvalid, 'slash command without a user');
    }
    const command = parsedCommand.data;
    const parsed = parseVoicesCommand(command.text);
    const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

    if (parsed.kind === 'join') {
      // The invitation is committed before the ack; the DM itself goes out through the outbox.
      const invited = await ctx.organizer.invite('slack', command.user_id);
      await ack(ephemeral(invited ? TEXTS.joined : TEXTS.alreadyJoined));
      ctx.kickOutbox();
      return;
    }
    if (!ORGANIZER_COMMANDS.has(parsed.kind)) {
      await ack(ephemeral(TEXTS.help));
      return;
    }
    // Organizer commands call Slack and the store: ack now, answer through response_url.
    await ack();
    this.track(async () => {
      try {
        if (!(await this.isOrganizer(command.user_id))) {
          await respond(ephemeral(TEXTS.help));
          return;
        }
        await this.runOrganizerCommand(parsed, respond, ephemeral);
      } catch (err) {
        this.logger?.error(
          { command: parsed.kind, error: slackErrorCode(err) ?? errorName(err) },
          'slack command failed',
        );
        await respond(ephemeral(TEXTS.failed)).catch(() => {});
      }
    });
  }

  private async runOrganizerCommand(
    command: VoicesCommand,
    respond: (message: string | RespondArguments) => Promise<unknown>,
    ephemeral: (text: string) => RespondArguments,
  ): Promise<void> {
    const ctx = this.ctx!;
    switch (command.kind) {
      case 'stats': {
        await respond(ephemeral(formatStats(await ctx.organizer.stats())));
        return;
      }
      case 'digest': {
        const messages = toSlackMessages(await ctx.organizer.latestDigest('slack'));
        if (messages.length === 0) {
          await respond(ephemeral(TEXTS.noDigest));
          return;
        }
        const shown = messages.slice(0, MAX_RESPONSES);
        for (const [index, message] of shown.entries()) {
          const last = index === shown.length - 1 && messages.length > shown.length;
          const blocks = last
            ? [
                ...message.blocks.slice(0, 49),
                {
                  type: 'context' as const,
                  elements: [
                    {
                      type: 'mrkdwn' as const,
                      text: `_${messages.length - shown.length} more parts not shown._`,
                    },
                  ],
                },
              ]
            : message.blocks;
          await respond(
            blocks.length > 0
              ? { response_type: 'ephemeral', text: message.text, blocks }
              : ephemeral(message.text),
          );
        }
        return;
      }
      case 'ask': {
        const ids = ctx.organizer.promptIds();
        if (command.promptId === undefined) {
          await respond(ephemeral(TEXTS.askUsage(ids)));
          return;
        }
        if (!ids.includes(command.promptId)) {
          await respond(ephemeral(TEXTS.askUnknown(ids)));
          return;
        }
        const { queued } = await ctx.organizer.ask(command.promptId);
        ctx.kickOutbox();
        await respond(ephemeral(TEXTS.asked(command.promptId, queued)));
        return;
      }
      case 'invite': {
        if (command.channelId === undefined) {
          await respond(ephemeral(TEXTS.inviteUsage));
          return;
        }
        const counts = await this.inviteChannel(command.channelId);
        await respond(ephemeral(TEXTS.invited(counts.invited, counts.already, counts.skipped)));
        return;
      }
      default:
        await respond(ephemeral(TEXTS.organizerHelp));
    }
  }

  /** Every human member of a channel gets one consent DM (through the outbox). */
  private async inviteChannel(
    channelId: string,
  ): Promise<{ invited: number; already: number; skipped: number }> {
    const ctx = this.ctx!;
    const app = this.app!;
    const counts = { invited: 0, already: 0, skipped: 0 };
    for (const member of await this.channelMembers(channelId)) {
      if (member === this.botUserId) {
        counts.skipped += 1;
        continue;
      }
      const info = userInfoSchema.safeParse(await app.client.users.info({ user: member }));
      if (!info.success || info.data.user.is_bot === true || info.data.user.deleted === true) {
        counts.skipped += 1;
        continue;
      }
      if (await ctx.organizer.invite('slack', member)) counts.invited += 1;
      else counts.already += 1;
    }
    ctx.kickOutbox();
    this.logger?.info(counts, 'slack channel invited');
    return counts;
  }

  private async channelMembers(channelId: string): Promise<string[]> {
    const members: string[] = [];
    let cursor: string | undefined;
    do {
      const page = membersPageSchema.parse(
        await this.app!.client.conversations.members({
          channel: channelId,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
      members.push(...page.members);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor !== undefined);
    return members;
  }

  private async isOrganizer(userId: string): Promise<boolean> {
    if (this.config.organizers.has(userId)) return true;
    const channel = this.config.organizerChannel;
    if (channel === undefined) return false;
    const cached = this.organizerChannelMembers;
    if (cached === undefined || Date.now() - cached.at > ORGANIZER_CACHE_MS) {
      try {
        this.organizerChannelMembers = {
          members: new Set(await this.channelMembers(channel)),
          at: Date.now(),
        };
      } catch (err) {
        // Unknown membership means no: the caller sees the ordinary help text, not an error.
        this.logger?.warn(
          { error: slackErrorCode(err) ?? errorName(err) },
          'slack organizer channel unreadable',
        );
        return false;
      }
    }
    return this.organizerChannelMembers!.members.has(userId);
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known !== undefined) return known;
    const opened = await this.app!.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (typeof id !== 'string') {
      throw new VoicesError(ErrorCode.AdapterFailure, 'conversations.open returned no channel');
    }
    // Bounded: a DM id is cheap to look up again.
    if (this.dmChannels.size >= 10_000) this.dmChannels.clear();
    this.dmChannels.set(userId, id);
    return id;
  }

  private track(work: () => Promise<void>): void {
    const promise = work().finally(() => this.pending.delete(promise));
    this.pending.add(promise);
  }

  /**
   * Bolt's Socket Mode receiver acks an event before the listeners run. Replace its handler so
   * the envelope is acked only after the commit; an unacked envelope is redelivered by Slack.
   */
  private commitThenAckOverSocket(receiver: SocketModeReceiver, app: App): void {
    receiver.client.removeAllListeners('slack_event');
    receiver.client.on('slack_event', async (args: unknown) => {
      const parsed = socketEventSchema.safeParse(args);
      if (!parsed.success) return;
      const envelope = parsed.data;
      const problem = slackPayloadProblem(envelope.body);
      if (problem !== null) {
        // Acked so Slack stops redelivering what can never be handled.
        this.logger?.warn({ fields: problem }, 'slack socket event payload malformed');
        await envelope.ack().catch(() => {});
        return;
      }
      let acked = false;
      let stored: unknown;
      const event: ReceiverEvent = {
        body: envelope.body,
        retryNum: envelope.retry_num,
        retryReason: envelope.retry_reason,
        ack: async (response?: unknown) => {
          acked = true;
          stored = response;
        },
      };
      try {
        await app.processEvent(event);
        if (acked) await envelope.ack(stored);
      } catch (err) {
        this.logger?.error({ error: errorName(err) }, 'slack socket event failed; left for redelivery');
      }
    });
  }
}

/** `latestDigest('slack')` may hand back rendered messages or the digest itself. */
export function toSlackMessages(value: unknown): SlackDigestMessage[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [{ text: value, blocks: [] }];
  const rendered = renderedDigestSchema.safeParse(value);
  if (rendered.success) return rendered.data as SlackDigestMessage[];
  if (digestLikeSchema.safeParse(value).success) return renderDigestSlack(value as Digest);
  return [];
}
