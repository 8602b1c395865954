/**
 * How a failed Twilio send maps onto the outbox's `SendResult`: the outbox retries transient
 * and rate-limited sends, opts the participant out on 21610 and marks invalid numbers unreachable.
 */
import type { SendResult } from '../types.js';
import { TwilioApiError } from './http-client.js';

/** The recipient replied STOP to this sender (or the Messaging Service): never retry. */
export const TWILIO_UNSUBSCRIBED = 21610;

/** Numbers that cannot receive SMS at all: retrying would only fail again. */
export const TWILIO_UNREACHABLE_CODES: ReadonlySet<number> = new Set([
  21211, // Invalid 'To' phone number
  21214, // 'To' phone number cannot be reached
  21217, // Phone number does not appear to be valid
  21401, // Invalid phone number
  21407, // This phone number type does not support SMS
  21421, // PhoneNumber is invalid
  21612, // The 'To' phone number is not currently reachable via SMS
  21614, // 'To' number is not a valid mobile number (a landline)
]);

/** Delivery-receipt codes (status callbacks) that mean the number itself cannot get SMS. */
export const TWILIO_UNREACHABLE_DELIVERY_CODES: ReadonlySet<number> = new Set([
  30005, // Unknown destination handset
  30006, // Landline or unreachable carrier
]);

/** Network-level failures of the request itself (no HTTP answer): the send may be retried. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function classifySendError(err: unknown): SendResult {
  if (err instanceof TwilioApiError) {
    const code = err.code ?? err.status;
    if (err.status === 429 || err.code === 20429) {
      return { ok: false, reason: 'rate_limited', code, retryAfterMs: err.retryAfterMs };
    }
    if (err.status >= 500) return { ok: false, reason: 'transient', code, retryAfterMs: err.retryAfterMs };
    if (err.code === TWILIO_UNSUBSCRIBED) return { ok: false, reason: 'opted_out', code };
    if (err.code !== undefined && TWILIO_UNREACHABLE_CODES.has(err.code)) {
      return { ok: false, reason: 'unreachable', code };
    }
    return { ok: false, reason: 'permanent', code };
  }
  const e = err as { code?: unknown; isAxiosError?: unknown } | null;
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) {
    return { ok: false, reason: 'transient', code: e.code };
  }
  // Any other transport failure (no HTTP answer) is not a refusal: try again later.
  if (e?.isAxiosError === true) return { ok: false, reason: 'transient', code: 'network' };
  // A bug on our side would fail the same way on every retry.
  return { ok: false, reason: 'permanent', code: 'internal' };
}
