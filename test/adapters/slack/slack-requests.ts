/**
 * Builds Slack's inbound requests as Slack sends them: Events API JSON and slash-command forms,
 * signed with the signing secret (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { stringify } from 'node:querystring';
import { TEAM_ID } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  secret?: string;
  /** Replaces the computed signature. */
  signature?: string;
  retryNum?: number;
}

export interface SlackResponse {
  status: number;
  text: string;
  elapsedMs: number;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: SendOptions = {},
): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signature(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, elapsedMs: performance.now() - started };
}

export interface DmOptions {
  user: string;
  text: string;
  clientMsgId?: string;
  eventId?: string;
  ts?: string;
  /** Extra fields merged into the event (subtype, bot_id…). */
  event?: Record<string, unknown>;
}

let tsCounter = 0;

/** An Events API `message.im` callback. */
export function dmEvent(options: DmOptions): Record<string, unknown> {
  tsCounter += 1;
  const ts = options.ts ?? `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  const event: Record<string, unknown> = {
    type: 'message',
    channel: `D${options.user.slice(1)}`,
    channel_type: 'im',
    user: options.user,
    text: options.text,
    ts,
    event_ts: ts,
    ...(options.clientMsgId === undefined ? {} : { client_msg_id: options.clientMsgId }),
    ...options.event,
  };
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0FAKE0001',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: 'UBOT000001', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export function sendEvent(baseUrl: string, body: Record<string, unknown>, options?: SendOptions) {
  return postSigned(`${baseUrl}/slack/events`, JSON.stringify(body), 'application/json', options);
}

export interface CommandOptions {
  user: string;
  text: string;
  responseUrl: string;
  channel?: string;
}

/** A `/voices` slash-command form body. */
export function commandBody(options: CommandOptions): string {
  return stringify({
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'fake',
    channel_id: options.channel ?? 'C0GENERAL1',
    channel_name: 'general',
    user_id: options.user,
    user_name: 'someone',
    command: '/voices',
    text: options.text,
    api_app_id: 'A0FAKE0001',
    is_enterprise_install: 'false',
    response_url: options.responseUrl,
    trigger_id: '123.456.abc',
  });
}

export function sendCommand(baseUrl: string, options: CommandOptions, send?: SendOptions) {
  return postSigned(
    `${baseUrl}/slack/commands`,
    commandBody(options),
    'application/x-www-form-urlencoded',
    send,
  );
}
