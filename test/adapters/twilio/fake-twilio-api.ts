/**
 * A local stand-in for Twilio's Messages API (127.0.0.1 only), speaking its wire format:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP basic auth,
 * JSON answers and Twilio-style error bodies `{ code, message, more_info, status }`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string;
  statusCallback: string | undefined;
  at: number;
}

export interface ScriptedError {
  status: number;
  /** Twilio error code; omitted for a bare 5xx. */
  code?: number;
  message?: string;
  /** Sent as the Retry-After header (seconds). */
  retryAfter?: string;
}

export interface FakeTwilioApi {
  url: string;
  /** Every message accepted, in order. */
  messages: SentMessage[];
  /** Every create request, accepted or not (for counting attempts). */
  attempts: Array<{ to: string; at: number; status: number }>;
  /** Answers the next `times` creates (to anyone) with this error. */
  failNext(error: ScriptedError, times?: number): void;
  /** Numbers that texted STOP on Twilio's side: creates to them get 21610. */
  optOut(number: string): void;
  /** Answers creates to this number with this error, always. */
  failFor(number: string, error: ScriptedError): void;
  /** Drops the connection for the next `times` creates (a network failure). */
  hangUpNext(times?: number): void;
  /** Never answers the next `times` creates (a hung call); nothing is sent for them. */
  stallNext(times?: number): void;
  /** Creates waiting for an answer right now. */
  readonly pending: number;
  inbox(number: string): string[];
  close(): Promise<void>;
}

export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

export interface FakeTwilioOptions {
  /** Every create is answered after this long (the API's latency). */
  latencyMs?: number;
  /** This share of creates (0..1) is answered 429 / 20429 with `Retry-After: rateLimitRetryAfter`. */
  rateLimitShare?: number;
  rateLimitRetryAfter?: string;
  /** Random source for `rateLimitShare` (a seeded one makes runs repeatable). */
  random?: () => number;
}

export async function startFakeTwilioApi(
  credentials: { accountSid: string; authToken: string },
  options: FakeTwilioOptions = {},
): Promise<FakeTwilioApi> {
  const random = options.random ?? Math.random;
  let stalls = 0;
  let pending = 0;
  const messages: SentMessage[] = [];
  const attempts: FakeTwilioApi['attempts'] = [];
  const queued: ScriptedError[] = [];
  const perNumber = new Map<string, ScriptedError>();
  let hangUps = 0;

  const sendError = (res: ServerResponse, e: ScriptedError) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (e.retryAfter !== undefined) headers['retry-after'] = e.retryAfter;
    res.writeHead(e.status, headers);
    res.end(
      JSON.stringify(
        e.code === undefined
          ? { status: e.status, message: e.message ?? 'Internal Server Error' }
          : {
              code: e.code,
              message: e.message ?? `Error ${e.code}`,
              more_info: `https://www.twilio.com/docs/errors/${e.code}`,
              status: e.status,
            },
      ),
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      return sendError(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
    }
    const expected = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || match[1] !== credentials.accountSid) {
      return sendError(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const to = form.get('To') ?? '';
    if (stalls > 0) {
      stalls -= 1;
      attempts.push({ to, at: Date.now(), status: 0 });
      return; // never answered; the client times out
    }
    // With latency, the request is acted on when it arrives (as the platform would, whether or
    // not the client is still there to read the answer) and answered `latencyMs` later.
    if (options.latencyMs) {
      const latency = options.latencyMs;
      pending += 1;
      const realWriteHead = res.writeHead.bind(res);
      const realEnd = res.end.bind(res);
      let head: Parameters<typeof res.writeHead> | undefined;
      res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
        head = args;
        return res;
      }) as typeof res.writeHead;
      res.end = ((body?: unknown) => {
        setTimeout(() => {
          pending -= 1;
          if (res.destroyed) return;
          if (head) realWriteHead(...head);
          realEnd(body as string);
        }, latency);
        return res;
      }) as typeof res.end;
    }
    const now = Date.now();
    if (options.rateLimitShare && random() < options.rateLimitShare) {
      attempts.push({ to, at: now, status: 429 });
      return sendError(res, {
        status: 429,
        code: 20429,
        message: 'Too Many Requests',
        retryAfter: options.rateLimitRetryAfter ?? '1',
      });
    }
    if (hangUps > 0) {
      hangUps -= 1;
      attempts.push({ to, at: now, status: 0 });
      req.socket.destroy();
      return;
    }
    const scripted = queued.shift() ?? perNumber.get(to);
    if (scripted) {
      attempts.push({ to, at: now, status: scripted.status });
      return sendError(res, scripted);
    }
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      attempts.push({ to, at: now, status: 400 });
      return sendError(res, {
        status: 400,
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
      });
    }
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    if (from === undefined && messagingServiceSid === undefined) {
      attempts.push({ to, at: now, status: 400 });
      return sendError(res, {
        status: 400,
        code: 21603,
        message: "A 'From' or 'MessagingServiceSid' is required",
      });
    }
    const sent: SentMessage = {
      sid: newSid('SM'),
      accountSid: credentials.accountSid,
      to,
      from,
      messagingServiceSid,
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? undefined,
      at: now,
    };
    messages.push(sent);
    attempts.push({ to, at: now, status: 201 });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sid: sent.sid,
        account_sid: sent.accountSid,
        to: sent.to,
        from: sent.from ?? null,
        messaging_service_sid: sent.messagingServiceSid ?? null,
        body: sent.body,
        status: sent.messagingServiceSid ? 'accepted' : 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date(now).toUTCString(),
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${sent.accountSid}/Messages/${sent.sid}.json`,
      }),
    );
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    attempts,
    failNext(error, times = 1) {
      for (let i = 0; i < times; i++) queued.push(error);
    },
    optOut(number) {
      perNumber.set(number, {
        status: 400,
        code: 21610,
        message: 'Attempt to send to unsubscribed recipient',
      });
    },
    failFor(number, error) {
      perNumber.set(number, error);
    },
    hangUpNext(times = 1) {
      hangUps += times;
    },
    stallNext(times = 1) {
      stalls += times;
    },
    get pending() {
      return pending;
    },
    inbox(number) {
      return messages.filter((m) => m.to === number).map((m) => m.body);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
