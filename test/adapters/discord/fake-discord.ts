/**
 * A fake Discord on 127.0.0.1: the REST routes the bot uses (with Discord's `{code, message}`
 * error bodies) and a minimal gateway (HELLO, heartbeat ACK, IDENTIFY → READY or a close code),
 * so discord.js logs in, builds its own Message/Interaction objects from dispatches, and replies
 * through REST. Nothing here reaches the network beyond the loopback interface.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnowflakeUtil } from 'discord.js';
import { type WebSocket, WebSocketServer } from 'ws';

export const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gfake1.fake-token-for-tests-only_abcdefghijkl';
export const APPLICATION_ID = '111111111111111111';
export const BOT_USER_ID = '111111111111111111';
export const GUILD_ID = '222222222222222222';

export interface RecordedRequest {
  method: string;
  /** Path without the `/v10` prefix, e.g. `/channels/123/messages`. */
  path: string;
  body: unknown;
}

export interface DiscordErrorBody {
  status: number;
  code: number;
  message: string;
}

export interface InteractionReply {
  interactionId: string;
  /** 4 = message, 5 = deferred; later edits and follow-ups are appended as `edit` / `followup`. */
  kind: 'callback' | 'edit' | 'followup';
  type?: number;
  content?: string;
  embeds?: unknown[];
  flags?: number;
}

export interface SlashOptions {
  /** The interaction id; generated when omitted. */
  id?: string;
  userId: string;
  subcommand: string;
  options?: Array<{ name: string; type: number; value: string }>;
  roles?: string[];
  /** Permission bitfield as Discord sends it (a decimal string). */
  permissions?: string;
  /** Omit the guild to simulate a command used in a DM. */
  inGuild?: boolean;
}

const nextId = (): string => SnowflakeUtil.generate().toString();

function user(id: string, bot = false): Record<string, unknown> {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, bot };
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Texts sent to each user through their DM channel. */
  readonly dms = new Map<string, string[]>();
  /** Messages posted to guild channels (the digest channel). */
  readonly channelPosts = new Map<string, Array<{ embeds?: unknown[]; content?: string }>>();
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, Array<Record<string, unknown>>>();
  readonly replies: InteractionReply[] = [];
  /** Intents bitfields received in IDENTIFY. */
  readonly identifies: number[] = [];
  /** Users whose DM sends fail with this error. */
  readonly dmFailures = new Map<string, DiscordErrorBody>();
  /** Users whose next DM send gets one 429 (with Discord's rate-limit headers) before succeeding. */
  readonly rateLimitOnce = new Set<string>();
  /** When set, the gateway closes with this code right after IDENTIFY. */
  closeOnIdentify: number | undefined;
  token = FAKE_TOKEN;

  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly dmChannels = new Map<string, string>(); // channel id → user id
  private readonly userDm = new Map<string, string>(); // user id → channel id
  private readonly interactionTokens = new Map<string, string>(); // token → interaction id
  private seq = 0;
  url = '';

  /** Gateway connections open now. */
  get openSessions(): number {
    return this.sockets.size;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.onGateway(socket));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** How many gateway connections were opened (a restart loop would show up here). */
  connections = 0;

  dmChannelFor(userId: string): string {
    let channelId = this.userDm.get(userId);
    if (!channelId) {
      channelId = nextId();
      this.userDm.set(userId, channelId);
      this.dmChannels.set(channelId, userId);
    }
    return channelId;
  }

  /** Closes every open gateway connection with `code` (e.g. 4004 after the token was reset). */
  closeGateway(code: number): void {
    for (const socket of this.sockets) socket.close(code, 'Closed by the fake.');
  }

  /** A resident's DM to the bot, as a MESSAGE_CREATE dispatch. Returns the message id. */
  async sendDm(
    userId: string,
    content: string,
    opts: { messageId?: string; bot?: boolean } = {},
  ): Promise<string> {
    const id = opts.messageId ?? nextId();
    await this.dispatch('MESSAGE_CREATE', {
      id,
      channel_id: this.dmChannelFor(userId),
      channel_type: 1,
      author: user(userId, opts.bot ?? false),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
    });
    return id;
  }

  /** A `/voices <subcommand>` interaction. Returns the interaction id. */
  async slash(opts: SlashOptions): Promise<string> {
    const id = opts.id ?? nextId();
    const token = `itoken-${id}`;
    this.interactionTokens.set(token, id);
    const inGuild = opts.inGuild ?? true;
    const data: Record<string, unknown> = {
      id,
      application_id: APPLICATION_ID,
      type: 2,
      token,
      version: 1,
      channel_id: '333333333333333333',
      app_permissions: '0',
      locale: 'en-US',
      entitlements: [],
      data: {
        id: '444444444444444444',
        name: 'voices',
        type: 1,
        options: [{ type: 1, name: opts.subcommand, options: opts.options ?? [] }],
      },
    };
    if (inGuild) {
      data.guild_id = GUILD_ID;
      data.guild_locale = 'en-US';
      data.context = 0;
      data.authorizing_integration_owners = { '0': GUILD_ID };
      data.member = {
        user: user(opts.userId),
        roles: opts.roles ?? [],
        permissions: opts.permissions ?? '0',
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      };
    } else {
      data.user = user(opts.userId);
      data.context = 1;
      data.authorizing_integration_owners = { '0': GUILD_ID };
    }
    await this.dispatch('INTERACTION_CREATE', data);
    return id;
  }

  repliesTo(interactionId: string): InteractionReply[] {
    return this.replies.filter((r) => r.interactionId === interactionId);
  }

  async dispatch(t: string, d: unknown): Promise<void> {
    const payload = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    await Promise.all(
      [...this.sockets].map(
        (socket) =>
          new Promise<void>((resolve, reject) => socket.send(payload, (e) => (e ? reject(e) : resolve()))),
      ),
    );
  }

  private onGateway(socket: WebSocket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op !== 2) return;
      this.identifies.push(Number(packet.d.intents));
      if (packet.d.token !== this.token) return socket.close(4004, 'Authentication failed.');
      if (this.closeOnIdentify !== undefined)
        return socket.close(this.closeOnIdentify, 'Closed by the fake.');
      socket.send(
        JSON.stringify({
          op: 0,
          t: 'READY',
          s: ++this.seq,
          d: {
            v: 10,
            user: { ...user(BOT_USER_ID, true), username: 'voices-bot' },
            guilds: [],
            session_id: 'fake-session',
            resume_gateway_url: `${this.url.replace('http', 'ws')}/gateway`,
            application: { id: APPLICATION_ID, flags: 0 },
            shard: [0, 1],
          },
        }),
      );
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/v\d+/, '');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, body });
    const json = (status: number, value?: unknown): void => {
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
      res.end(value === undefined ? undefined : JSON.stringify(value));
    };
    const error = (e: DiscordErrorBody): void => json(e.status, { code: e.code, message: e.message });
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const b = (body ?? {}) as Record<string, unknown>;

    // Interaction callbacks and webhooks authenticate with the interaction token, not the bot token.
    const callback = method === 'POST' ? path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/) : null;
    if (callback) {
      const m = callback;
      const data = (b.data ?? {}) as Record<string, unknown>;
      this.replies.push({
        interactionId: m[1]!,
        kind: 'callback',
        type: Number(b.type),
        content: data.content as string | undefined,
        embeds: data.embeds as unknown[] | undefined,
        flags: data.flags as number | undefined,
      });
      return json(204);
    }
    const webhook = path.match(/^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/);
    if (webhook) {
      const m = webhook;
      const interactionId = this.interactionTokens.get(m[2]!) ?? 'unknown';
      const kind = method === 'PATCH' ? 'edit' : 'followup';
      this.replies.push({
        interactionId,
        kind,
        content: b.content as string | undefined,
        embeds: b.embeds as unknown[] | undefined,
        flags: b.flags as number | undefined,
      });
      return json(200, this.message('333333333333333333', b, true));
    }

    if (!authorized) return error({ status: 401, code: 0, message: '401: Unauthorized' });

    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: `${this.url.replace('http', 'ws')}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(b.recipient_id);
      return json(200, {
        id: this.dmChannelFor(recipient),
        type: 1,
        last_message_id: null,
        recipients: [user(recipient)],
      });
    }
    const channelPost = method === 'POST' ? path.match(/^\/channels\/(\d+)\/messages$/) : null;
    if (channelPost) {
      const m = channelPost;
      const channelId = m[1]!;
      const dmUser = this.dmChannels.get(channelId);
      if (dmUser !== undefined) {
        const failure = this.dmFailures.get(dmUser);
        if (failure) return error(failure);
        if (this.rateLimitOnce.delete(dmUser)) {
          res.writeHead(429, {
            'content-type': 'application/json',
            'retry-after': '0.2',
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': '0.2',
            'x-ratelimit-bucket': 'fake-dm-bucket',
            'x-ratelimit-scope': 'user',
          });
          res.end(
            JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.2, global: false }),
          );
          return;
        }
        this.dms.set(dmUser, [...(this.dms.get(dmUser) ?? []), String(b.content ?? '')]);
      } else {
        const posts = this.channelPosts.get(channelId) ?? [];
        posts.push({ embeds: b.embeds as unknown[] | undefined, content: b.content as string | undefined });
        this.channelPosts.set(channelId, posts);
      }
      return json(200, this.message(channelId, b));
    }
    const commandsPut =
      method === 'PUT' ? path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/) : null;
    if (commandsPut) {
      const m = commandsPut;
      if (m[1] !== APPLICATION_ID) return error({ status: 404, code: 10002, message: 'Unknown Application' });
      const scope = m[2] ?? 'global';
      // Bulk overwrite: the new list replaces the old one; ids stay stable by name, as on Discord.
      const previous = new Map((this.commands.get(scope) ?? []).map((c) => [c.name, c.id]));
      const list = (body as Array<Record<string, unknown>>).map((c) => ({
        ...c,
        id: previous.get(c.name) ?? nextId(),
        application_id: APPLICATION_ID,
        version: nextId(),
        ...(m[2] ? { guild_id: m[2] } : {}),
      }));
      this.commands.set(scope, list);
      return json(200, list);
    }
    return error({ status: 404, code: 0, message: '404: Not Found' });
  }

  private message(channelId: string, b: Record<string, unknown>, webhook = false): Record<string, unknown> {
    return {
      id: nextId(),
      channel_id: channelId,
      author: webhook ? user(APPLICATION_ID, true) : { ...user(BOT_USER_ID, true), username: 'voices-bot' },
      content: b.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: b.embeds ?? [],
      pinned: false,
      type: 0,
      flags: b.flags ?? 0,
    };
  }
}
