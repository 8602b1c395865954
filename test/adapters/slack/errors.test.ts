import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { mapSlackError } from '../../../adapters/slack/errors.js';

const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error } as never);

describe('mapSlackError', () => {
  it('maps the Web API client errors to outbox results', () => {
    expect(mapSlackError(new webApi.WebAPIRateLimitedError(30))).toEqual({
      ok: false,
      reason: 'rate_limited',
      retryAfterMs: 30_000,
      code: 'ratelimited',
    });
    for (const code of ['user_not_found', 'account_inactive', 'cannot_dm_bot']) {
      expect(mapSlackError(platform(code))).toEqual({ ok: false, reason: 'unreachable', code });
    }
    expect(mapSlackError(platform('ratelimited')).reason).toBe('rate_limited');
    expect(mapSlackError(platform('internal_error')).reason).toBe('transient');
    expect(mapSlackError(platform('invalid_auth')).reason).toBe('permanent');
    expect(mapSlackError(new webApi.WebAPIHTTPError(502, 'Bad Gateway', {})).reason).toBe('transient');
    expect(mapSlackError(new webApi.WebAPIHTTPError(400, 'Bad Request', {})).reason).toBe('permanent');
    expect(mapSlackError(new webApi.WebAPIRequestError(new Error('ECONNREFUSED'))).reason).toBe('transient');
    expect(mapSlackError(new Error('surprise')).reason).toBe('transient');
  });
});
