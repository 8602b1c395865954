/**
 * Maps what the Slack Web API client throws to the outbox's `SendResult`. Matches on the
 * documented `code` strings of `@slack/web-api` errors rather than on classes, so a second copy
 * of the package in the tree (Socket Mode bundles its own) cannot break the mapping.
 */
import type { SendResult } from '../types.js';

/** The recipient cannot receive a DM from the bot: mark them unreachable. */
const UNREACHABLE = new Set([
  'user_not_found',
  'users_not_found',
  'account_inactive',
  'user_disabled',
  'cannot_dm_bot',
  'channel_not_found',
  'is_archived',
  'messages_tab_disabled',
]);

/** Slack-side trouble that clears by itself. */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'timeout',
]);

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown; response_metadata?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: Record<string, unknown>;
}

/** The Slack error string (`user_not_found`…) of a platform error, if any. */
export function slackErrorCode(err: unknown): string | undefined {
  const shape = (typeof err === 'object' && err !== null ? err : {}) as SlackErrorShape;
  return shape.code === 'slack_webapi_platform_error' && typeof shape.data?.error === 'string'
    ? shape.data.error
    : undefined;
}

export function mapSlackError(err: unknown): SendResult & { ok: false } {
  const shape = (typeof err === 'object' && err !== null ? err : {}) as SlackErrorShape;
  switch (shape.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof shape.retryAfter === 'number' ? shape.retryAfter : 1;
      return { ok: false, reason: 'rate_limited', retryAfterMs: seconds * 1000, code: 'ratelimited' };
    }
    case 'slack_webapi_platform_error': {
      const code = slackErrorCode(err) ?? 'unknown';
      if (code === 'ratelimited') return { ok: false, reason: 'rate_limited', retryAfterMs: 1000, code };
      if (UNREACHABLE.has(code)) return { ok: false, reason: 'unreachable', code };
      if (TRANSIENT.has(code)) return { ok: false, reason: 'transient', code };
      return { ok: false, reason: 'permanent', code };
    }
    case 'slack_webapi_http_error': {
      const status = typeof shape.statusCode === 'number' ? shape.statusCode : 0;
      if (status === 429) {
        const retryAfter = Number(shape.headers?.['retry-after']);
        return {
          ok: false,
          reason: 'rate_limited',
          retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000,
          code: status,
        };
      }
      return { ok: false, reason: status >= 500 || status === 408 ? 'transient' : 'permanent', code: status };
    }
    case 'slack_webapi_request_error':
      // Network: refused, reset, DNS, timeout.
      return { ok: false, reason: 'transient', code: 'request_error' };
    default:
      return { ok: false, reason: 'transient', code: 'unknown' };
  }
}
