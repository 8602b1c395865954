/**
 * A local stand-in for Slack: the Web API (`/api/<method>`, answering `{ ok: true, … }` JSON as
 * Slack does, form-encoded or JSON requests), `response_url` endpoints (`/response/<id>`), and a
 * Socket Mode WebSocket (`apps.connections.open` hands out its URL). Everything it receives is
 * recorded so tests can assert what the bot sent. Binds 127.0.0.1 only.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface Failure {
  /** Slack error string answered with `{ ok: false, error }` (HTTP 200, as Slack does). */
  error?: string;
  /** An HTTP status instead (429 with `retryAfter`, 500, 503…). */
  status?: number;
  retryAfter?: number;
}

export const BOT_USER_ID = 'UBOT000001';
export const BOT_ID = 'BBOT000001';
export const TEAM_ID = 'T0TEAM0001';

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Bodies POSTed to response_url endpoints, by response id. */
  readonly responses: Array<{ id: string; body: Record<string, unknown> }> = [];
  /** Channel members (for conversations.members), paginated `pageSize` at a time. */
  readonly members = new Map<string, string[]>();
  readonly bots = new Set<string>();
  readonly deactivated = new Set<string>();
  /** users.info `tz` by user id (the user's own timezone setting in Slack). */
  readonly timezones = new Map<string, string>();
  pageSize = 2;
  private readonly failures = new Map<string, Failure[]>();
  private ts = 1_700_000_000;
  private readonly sockets = new Set<WebSocket>();
  private readonly socketAcks = new Map<string, (payload: unknown) => void>();
  private readonly wss = new WebSocketServer({ noServer: true });

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      fake!.handle(req, res).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    server.on('upgrade', (req, socket, head) => {
      fake!.wss.handleUpgrade(req, socket, head, (ws) => fake!.onSocket(ws));
    });
    return fake;
  }

  /** Web API base URL for `SLACK_API_URL`. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  responseUrl(id: string = randomUUID()): string {
    return `${this.origin}/response/${id}`;
  }

  /** The DM channel id `conversations.open` answers for a user. */
  static dmOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  /** Makes the next call(s) of `method` fail, in order. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Texts posted with chat.postMessage to a user's DM. */
  dmTexts(userId: string): string[] {
    const dm = FakeSlack.dmOf(userId);
    return this.callsOf('chat.postMessage')
      .filter((call) => call.args.channel === dm || call.args.channel === userId)
      .map((call) => String(call.args.text ?? ''));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- Socket Mode ------------------------------------------------------------------------------

  /** Socket Mode connections ever accepted, open or closed. */
  socketsOpened = 0;

  get socketConnections(): number {
    return this.sockets.size;
  }

  /**
   * Pushes an envelope to the connected app and resolves with its ack payload, or with
   * `undefined` if no ack came within `timeoutMs`.
   */
  async pushEnvelope(
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
    options: { envelopeId?: string; retryAttempt?: number; timeoutMs?: number } = {},
  ): Promise<{ acked: boolean; payload: unknown }> {
    const envelopeId = options.envelopeId ?? randomUUID();
    const [ws] = this.sockets;
    if (!ws) throw new Error('no Socket Mode connection');
    const acked = new Promise<{ acked: boolean; payload: unknown }>((resolve) => {
      const timer = setTimeout(() => {
        this.socketAcks.delete(envelopeId);
        resolve({ acked: false, payload: undefined });
      }, options.timeoutMs ?? 3000);
      this.socketAcks.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve({ acked: true, payload: ackPayload });
      });
    });
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryAttempt ? 'timeout' : '',
      }),
    );
    return acked;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    this.socketsOpened += 1;
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) this.socketAcks.get(message.envelope_id)?.(message.payload);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0FAKE0001' },
      }),
    );
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);

    if (url.pathname.startsWith('/response/')) {
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(raw || '{}') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice('Bearer '.length)
      : (args.token as string | undefined);
    this.calls.push({ method, args, token, at: Date.now() });

    const failure = this.failures.get(method)?.shift();
    if (failure?.status !== undefined) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      res
        .writeHead(failure.status, headers)
        .end(JSON.stringify({ ok: false, error: failure.error ?? 'error' }));
      return;
    }
    if (failure?.error !== undefined) {
      json(res, { ok: false, error: failure.error });
      return;
    }
    json(res, this.answer(method, args));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'voices',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.origin.replace('http', 'ws')}/socket` };
      case 'conversations.open': {
        const user = String(args.users ?? '').split(',')[0] ?? '';
        if (this.bots.has(user)) return { ok: false, error: 'cannot_dm_bot' };
        if (this.deactivated.has(user)) return { ok: false, error: 'user_disabled' };
        return { ok: true, channel: { id: FakeSlack.dmOf(user) } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        this.ts += 1;
        const ts = `${this.ts}.000100`;
        return method === 'chat.postMessage'
          ? { ok: true, channel: args.channel, ts, message: { text: args.text, ts } }
          : { ok: true, message_ts: ts };
      }
      case 'conversations.members': {
        const all = this.members.get(String(args.channel));
        if (!all) return { ok: false, error: 'channel_not_found' };
        const start = Number(args.cursor ?? 0);
        const size = Math.min(this.pageSize, Number(args.limit ?? this.pageSize));
        const next = start + size < all.length ? String(start + size) : '';
        return {
          ok: true,
          members: all.slice(start, start + size),
          response_metadata: { next_cursor: next },
        };
      }
      case 'users.info': {
        const user = String(args.user);
        return {
          ok: true,
          user: {
            id: user,
            is_bot: this.bots.has(user),
            deleted: this.deactivated.has(user),
            ...(this.timezones.has(user) ? { tz: this.timezones.get(user) } : {}),
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const text = Array.isArray(value) ? value[0] : value;
    // The Web API client JSON-encodes nested values (blocks) inside the form.
    args[key] = text !== undefined && /^[[{]/.test(text) ? safeJson(text) : text;
  }
  return args;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
