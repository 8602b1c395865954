/**
 * The transport under the twilio SDK. twilio-node has no base-URL option; its maintainers'
 * answer for pointing it elsewhere is a custom `httpClient` that rewrites the request URL
 * (twilio/twilio-node#326), so this subclass of the SDK's own RequestClient does exactly that.
 * It also turns error responses into `TwilioApiError`, which keeps what the SDK's
 * RestException drops: the HTTP status next to the code, and the Retry-After of a 429.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';

type Response<T> = ResponseModule.default<T>;

/** A refusal from the Twilio REST API (status ≥ 400), with Twilio's error code when given. */
export class TwilioApiError extends Error {
  readonly status: number;
  /** Twilio's error code (21610, 21211, 20429, …), when the body carried one. */
  readonly code: number | undefined;
  /** From a Retry-After header, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, code: number | undefined, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'TwilioApiError';
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

const TWILIO_API_ORIGIN = /^https:\/\/api(\.[a-z0-9-]+)*\.twilio\.com/;

export interface TwilioHttpClientOptions {
  /** Replaces the api.twilio.com origin (edge/region forms included); unset keeps Twilio's. */
  apiUrl?: string | undefined;
  /** Per-request timeout; the outbox retries a timed-out send as transient. */
  timeoutMs?: number;
  /** Connections to the API at once (the SDK's default, 20, would cap sends at 20 per round trip). */
  maxSockets?: number;
}

export class TwilioHttpClient extends twilio.RequestClient {
  readonly #apiUrl: string | undefined;

  constructor(options: TwilioHttpClientOptions = {}) {
    // autoRetry stays off: the outbox owns retries and their backoff.
    super({
      timeout: options.timeoutMs ?? 15_000,
      autoRetry: false,
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxTotalSockets: options.maxSockets,
    });
    this.#apiUrl = options.apiUrl?.replace(/\/+$/, '');
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.#apiUrl ? opts.uri.replace(TWILIO_API_ORIGIN, this.#apiUrl) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    if (response.statusCode >= 400) throw toApiError(response);
    return response;
  }
}

function toApiError(response: Response<unknown>): TwilioApiError {
  const body = parseBody(response.body);
  const code = typeof body?.code === 'number' ? body.code : Number(body?.code) || undefined;
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${response.statusCode}`;
  const retryAfter = headerValue(response.headers, 'retry-after');
  return new TwilioApiError(response.statusCode, code, message, parseRetryAfter(retryAfter));
}

function parseBody(body: unknown): Record<string, unknown> | null {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
