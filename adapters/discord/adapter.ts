/**
 * The Discord adapter: a discord.js gateway client. Residents run `/voices join` in a server, then
 * the whole conversation happens in DMs through the same engine; organizers run
 * `/voices digest | stats | ask`. Sends go through discord.js's REST queue, which handles 429s.
 *
 * Intents: Guilds (slash commands and roles) and DirectMessages with the Channel partial (DM
 * channels are not cached before their first message). MessageContent is privileged and not
 * needed: Discord always delivers the content of DMs sent to the bot.
 */
import { EventEmitter } from 'node:events';
import {
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  type CloseEvent,
  DiscordAPIError,
  DiscordjsError,
  Events,
  GatewayIntentBits,
  HTTPError,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  RateLimitError,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import { renderDigestEmbeds } from '../../src/core/digest/render/discord-embeds.js';
import type { Digest } from '../../src/core/digest/types.js';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import { renderStatsText } from '../../src/core/organizer/stats.js';
import type { RoleHold } from '../../src/core/ports/store.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterContext,
  Logger,
  OutboundMessage,
  SendResult,
} from '../types.js';
import { ASK_PROMPT_OPTION, COMMAND_NAME, Subcommand } from './commands.js';
import type { DiscordConfig } from './config.js';

/** Discord JSON error codes the adapter acts on. */
/** The role (see AdapterContext.exclusive) of the runner connected to the gateway. */
export const GATEWAY_ROLE = 'discord-gateway';

export const DiscordErrorCode = {
  UnknownUser: 10013,
  CannotSendToUser: 50007,
} as const;

/** Gateway close codes after which reconnecting cannot help. */
const FATAL_CLOSE = {
  4004: {
    what: 'Discord rejected DISCORD_TOKEN (gateway close 4004: authentication failed)',
    fix: 'Developer Portal → your application → Bot → Reset Token, then set DISCORD_TOKEN to the new token',
  },
  4014: {
    what: 'Discord refused the gateway intents this bot asked for (gateway close 4014: disallowed intents)',
    fix: 'Developer Portal → your application → Bot → Privileged Gateway Intents: enable the intents the bot requests (it needs none by default; check client options)',
  },
} as const;
type FatalCloseCode = keyof typeof FATAL_CLOSE;

/** How one send failed, for the outbox; never carries the address or the text. */
export function classifySendError(err: unknown): SendResult {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : undefined;
    if (code === DiscordErrorCode.CannotSendToUser || code === DiscordErrorCode.UnknownUser) {
      return { ok: false, reason: 'unreachable', code };
    }
    if (err.status === 429) return { ok: false, reason: 'rate_limited', code: err.code };
    if (err.status >= 500) return { ok: false, reason: 'transient', code: err.code };
    return { ok: false, reason: 'permanent', code: err.code };
  }
  if (err instanceof RateLimitError)
    return { ok: false, reason: 'rate_limited', retryAfterMs: err.retryAfter };
  if (err instanceof HTTPError) {
    return { ok: false, reason: err.status >= 500 ? 'transient' : 'permanent', code: err.status };
  }
  // Network failures and timeouts (fetch TypeError, AbortError): try again later.
  return { ok: false, reason: 'transient' };
}

/** What `OrganizerServices.latestDigest('discord')` returns: `renderDigestEmbeds` output. */
const embedSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  color: z.number().int().optional(),
  fields: z
    .array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() }))
    .optional(),
  footer: z.object({ text: z.string() }).optional(),
  timestamp: z.string().optional(),
});
const renderedDigestSchema = z.array(z.object({ embeds: z.array(embedSchema).min(1).max(10) }));
/** A stored digest handed over unrendered (no Discord renderer registered with the runner). */
const rawDigestSchema = z.looseObject({
  id: z.string(),
  language: z.enum(['en', 'fr']),
  participation: z.looseObject({}),
  prompts: z.array(z.unknown()),
});

function digestMessages(value: unknown): z.infer<typeof renderedDigestSchema> {
  const rendered = renderedDigestSchema.safeParse(value);
  if (rendered.success) return rendered.data;
  if (rawDigestSchema.safeParse(value).success) return renderDigestEmbeds(value as Digest);
  throw new VoicesError(ErrorCode.InputInvalid, 'latestDigest(discord) returned neither embeds nor a digest');
}

const TEXT = {
  guildOnly: 'Please use this command in a server.',
  joinInvited:
    'Thank you! I have sent you a direct message. If it does not arrive, allow direct messages from server members (User Settings → Privacy & Safety) and run /voices join again.',
  joinAgain: 'You are already invited: check your direct messages with me, or send me a message there.',
  refused: 'Sorry, only organizers can use this command. You can take part with /voices join.',
  noDigest: 'There is no digest yet: the first one is built at the end of the week.',
  unknownPrompt: (ids: string[]) =>
    `Unknown prompt id. Known ids: ${ids.length ? ids.join(', ') : '(none)'}`.slice(0, 1900),
  asked: (n: number) => `Queued for ${n} participant${n === 1 ? '' : 's'}.`,
  failed: 'Sorry, something went wrong. Please try again later.',
} as const;

export interface DiscordAdapterOptions {
  /** Extra discord.js client options (tests shorten timeouts); intents and partials stay fixed. */
  client?: Partial<ClientOptions>;
}

/** Observation points: `settled` fires once an inbound message or interaction has been handled. */
export interface DiscordAdapterEvents {
  settled: [kind: 'message' | 'interaction', id: string, outcome: 'received' | 'ignored' | 'failed'];
  fatal: [error: VoicesError];
}

export class DiscordAdapter implements Adapter {
  readonly name = 'discord' as const;
  readonly capabilities: AdapterCapabilities = {
    maxLength: 2000,
    richText: true,
    threads: false,
    inlineReplies: false,
    // discord.js's REST queue keeps Discord's limits (50 requests/s per bot, per-route buckets)
    // and waits out 429s itself; this many DMs may be queued with it at once.
    concurrency: 25,
  };
  /** Replaced by a fresh one after the gateway is given up (discord.js cannot log in again after destroy). */
  client: Client;
  readonly events = new EventEmitter<DiscordAdapterEvents>();

  private ctx: AdapterContext | undefined;
  private log: Logger | undefined;
  /** Per-user tail of the inbound chain: one resident's messages are committed in order. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private lastCloseCode: number | undefined;
  private fatalError: VoicesError | undefined;
  private stopping = false;
  /** This runner's claim on the gateway, when several runners share the database. */
  private gatewayHold: RoleHold | undefined;

  constructor(
    private readonly config: DiscordConfig,
    private readonly options: DiscordAdapterOptions = {},
  ) {
    this.client = this.newClient();
  }

  private newClient(): Client {
    return new Client({
      ...this.options.client,
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      // One quick retry on 5xx; the outbox retries later with backoff.
      rest: { retries: 1, ...this.options.client?.rest, api: this.config.apiUrl },
      // Nothing the bot posts (quotes in the digest, prompts) may ping anyone.
      allowedMentions: { parse: [] },
    });
  }

  async start(ctx: AdapterContext): Promise<void> {
    this.ctx = ctx;
    this.log = ctx.logger.child({ adapter: 'discord' });
    this.listen(this.client);

    // Every runner sends (REST); one at a time holds the gateway, which must have one connection.
    this.client.rest.setToken(this.config.token);
    const gateway = { acquired: () => this.connect(), lost: () => this.disconnect('lost') };
    if (ctx.exclusive) this.gatewayHold = await ctx.exclusive(GATEWAY_ROLE, gateway);
    else await this.connect();
  }

  private listen(client: Client): void {
    client.on(Events.MessageCreate, (message) => this.track(this.onMessage(message)));
    client.on(Events.InteractionCreate, (interaction) => this.track(this.onInteraction(interaction)));
    client.on(Events.ShardDisconnect, (event: CloseEvent) => {
      this.lastCloseCode = event.code;
      // After a successful login discord.js stops on these codes by itself; say why, once.
      if (event.code in FATAL_CLOSE && client.isReady()) {
        const error = this.fatal(event.code as FatalCloseCode);
        void client.destroy();
        this.events.emit('fatal', error);
      }
    });
    client.on(Events.ShardError, (error) => this.log?.warn({ err: error.message }, 'discord gateway error'));
    client.on(Events.Error, (error) => this.log?.warn({ err: error.message }, 'discord client error'));
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.client.login(this.config.token);
    } catch (err) {
      this.client.rest.setToken(this.config.token);
      throw this.fatalFromLogin(err);
    }
    this.log?.info({ intents: ['Guilds', 'DirectMessages'] }, 'discord gateway connected');
  }

  /** Leaves the gateway (another runner takes it over); sends keep working through REST. */
  private async disconnect(why: 'lost' | 'stop'): Promise<void> {
    const old = this.client;
    if (why === 'lost') {
      // A fresh client sends (REST) at once and can log in again when the role comes back.
      this.client = this.newClient();
      this.listen(this.client);
      this.client.rest.setToken(this.config.token);
      this.log?.warn(
        {},
        'discord gateway given up: this runner no longer holds it (another runner takes over)',
      );
    }
    await old.destroy();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.gatewayHold?.release();
    await this.disconnect('stop');
    await Promise.allSettled([...this.inFlight]);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      const sent = await this.client.users.send(message.address, { content: message.text });
      return { ok: true, providerMessageId: sent.id };
    } catch (err) {
      const result = classifySendError(err);
      if (!result.ok) {
        const level = result.reason === 'rate_limited' ? 'debug' : 'warn';
        this.log?.[level]({ reason: result.reason, code: result.code }, 'discord send failed');
      }
      return result;
    }
  }

  async publishDigest(digest: Digest): Promise<void> {
    const channelId = this.config.digestChannel;
    if (!channelId) {
      // Thrown, not skipped: a silent return would record the digest as posted to Discord.
      throw new VoicesError(ErrorCode.ConfigInvalid, 'DISCORD_DIGEST_CHANNEL is not set', {
        variable: 'DISCORD_DIGEST_CHANNEL',
      });
    }
    for (const message of renderDigestEmbeds(digest)) {
      try {
        await this.client.rest.post(Routes.channelMessages(channelId), {
          body: { embeds: message.embeds, allowed_mentions: { parse: [] } },
        });
      } catch (err) {
        const code = err instanceof DiscordAPIError ? err.code : undefined;
        throw new VoicesError(
          ErrorCode.AdapterFailure,
          'posting the digest to DISCORD_DIGEST_CHANNEL failed',
          { code },
          { cause: err },
        );
      }
    }
  }

  /** Resolves once every inbound message and interaction seen so far has been handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private fatal(code: FatalCloseCode): VoicesError {
    if (this.fatalError) return this.fatalError;
    const { what, fix } = FATAL_CLOSE[code];
    this.fatalError = new VoicesError(ErrorCode.AdapterFatal, `${what}. Fix: ${fix}.`, { closeCode: code });
    // The one fatal log: no restart loop follows it.
    this.log?.error({ closeCode: code, fix }, what);
    return this.fatalError;
  }

  private fatalFromLogin(err: unknown): VoicesError {
    const message = err instanceof Error ? err.message : '';
    // A bad token fails either at GET /gateway/bot (401 → TokenInvalid) or at identify (close 4004).
    if (
      this.lastCloseCode === 4004 ||
      message === 'Authentication failed' ||
      (err instanceof DiscordjsError && err.code === 'TokenInvalid')
    ) {
      return this.fatal(4004);
    }
    if (this.lastCloseCode === 4014 || message === 'Used disallowed intents') return this.fatal(4014);
    return new VoicesError(ErrorCode.AdapterFailure, `discord login failed: ${message}`, undefined, {
      cause: err,
    });
  }

  private async onMessage(message: Message): Promise<void> {
    const ctx = this.ctx;
    // Only residents' DMs: never bots (ourselves included), never server channels.
    const ignored =
      !ctx ||
      message.author.bot ||
      message.author.id === this.client.user?.id ||
      message.guildId !== null ||
      !message.channel.isDMBased() ||
      message.system ||
      (message.content === '' && message.attachments.size === 0);
    if (ignored) {
      this.events.emit('settled', 'message', message.id, 'ignored');
      return;
    }
    const address = message.author.id;
    const previous = this.tails.get(address) ?? Promise.resolve();
    const work = previous.then(async () => {
      try {
        const result = await this.receiveWithRetry(ctx, {
          channel: 'discord',
          address,
          messageId: message.id,
          text: message.content,
          receivedAt: message.createdAt,
          attachmentCount: message.attachments.size || undefined,
        });
        if (!result.duplicate) ctx.kickOutbox();
        this.events.emit('settled', 'message', message.id, 'received');
      } catch (err) {
        const code = err instanceof VoicesError ? err.code : undefined;
        this.log?.error({ code }, 'discord inbound message not committed');
        this.events.emit('settled', 'message', message.id, 'failed');
      }
    });
    this.tails.set(address, work);
    await work;
    if (this.tails.get(address) === work) this.tails.delete(address);
  }

  /**
   * The gateway does not redeliver a message we failed to store, so while the database is only
   * unavailable (locked, full) the message is kept here and tried again, for up to an hour.
   */
  private async receiveWithRetry(
    ctx: AdapterContext,
    message: Parameters<AdapterContext['receive']>[0],
  ): Promise<Awaited<ReturnType<AdapterContext['receive']>>> {
    const until = Date.now() + 3_600_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await ctx.receive(message);
      } catch (err) {
        const unavailable = err instanceof VoicesError && err.code === ErrorCode.StoreUnavailable;
        if (!unavailable || Date.now() > until || this.stopping) throw err;
        if (attempt === 1) this.log?.warn({ code: err.code }, 'discord message not stored yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 2 ** attempt)));
      }
    }
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    if (!interaction.isChatInputCommand() || interaction.commandName !== COMMAND_NAME) return;
    let outcome: 'received' | 'ignored' | 'failed' = 'received';
    try {
      outcome = await this.runCommand(interaction);
    } catch (err) {
      outcome = 'failed';
      const code =
        err instanceof VoicesError ? err.code : err instanceof DiscordAPIError ? err.code : undefined;
      this.log?.error(
        { code, subcommand: interaction.options.getSubcommand(false) },
        'discord command failed',
      );
      await this.answer(interaction, TEXT.failed).catch(() => undefined);
    } finally {
      this.events.emit('settled', 'interaction', interaction.id, outcome);
    }
  }

  private async runCommand(interaction: ChatInputCommandInteraction): Promise<'received' | 'ignored'> {
    const ctx = this.ctx;
    if (!ctx) return 'ignored';
    if (!interaction.inGuild()) {
      await this.answer(interaction, TEXT.guildOnly);
      return 'ignored';
    }
    const sub = interaction.options.getSubcommand(false);
    if (sub === Subcommand.Join) {
      const invited = await ctx.organizer.invite('discord', interaction.user.id);
      if (invited) ctx.kickOutbox();
      await this.answer(interaction, invited ? TEXT.joinInvited : TEXT.joinAgain);
      return 'received';
    }
    if (!this.isOrganizer(interaction)) {
      this.log?.info({ subcommand: sub }, 'discord organizer command refused');
      await this.answer(interaction, TEXT.refused);
      return 'ignored';
    }
    if (sub === Subcommand.Ask) {
      const promptId = interaction.options.getString(ASK_PROMPT_OPTION, true);
      const known = ctx.organizer.promptIds();
      if (!known.includes(promptId)) {
        await this.answer(interaction, TEXT.unknownPrompt(known));
        return 'ignored';
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const { queued } = await ctx.organizer.ask(promptId);
      ctx.kickOutbox();
      await interaction.editReply({ content: TEXT.asked(queued) });
      return 'received';
    }
    if (sub === Subcommand.Stats) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: renderStatsText(await ctx.organizer.stats(), 'discord') });
      return 'received';
    }
    if (sub === Subcommand.Digest) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const rendered = await ctx.organizer.latestDigest('discord');
      if (rendered === null) {
        await interaction.editReply({ content: TEXT.noDigest });
        return 'received';
      }
      const messages = digestMessages(rendered);
      const [first, ...rest] = messages;
      await interaction.editReply({ embeds: first?.embeds ?? [] });
      for (const message of rest) {
        await interaction.followUp({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
      }
      return 'received';
    }
    return 'ignored';
  }

  /** Organizers: members with DISCORD_ORGANIZER_ROLE (id or name) or Manage Server (admins included). */
  private isOrganizer(interaction: ChatInputCommandInteraction<'cached' | 'raw'>): boolean {
    if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
    const role = this.config.organizerRole;
    if (!role) return false;
    const member = interaction.member;
    const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
    if (roleIds.includes(role)) return true;
    const guildRoles = interaction.guild?.roles.cache;
    return roleIds.some((id) => guildRoles?.get(id)?.name === role);
  }

  /** An ephemeral answer, whether or not the interaction was already deferred. */
  private async answer(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
    if (interaction.deferred || interaction.replied) await interaction.editReply({ content });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
}
