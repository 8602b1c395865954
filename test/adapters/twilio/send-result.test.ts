import { describe, expect, it } from 'vitest';
import { parseRetryAfter, TwilioApiError } from '../../../adapters/twilio/http-client.js';
import { classifySendError } from '../../../adapters/twilio/send-result.js';

describe('classifySendError', () => {
  it('maps statuses and Twilio codes', () => {
    expect(classifySendError(new TwilioApiError(429, 20429, 'x', 1500))).toEqual({
      ok: false,
      reason: 'rate_limited',
      code: 20429,
      retryAfterMs: 1500,
    });
    expect(classifySendError(new TwilioApiError(500, undefined, 'x'))).toMatchObject({
      reason: 'transient',
      code: 500,
    });
    expect(classifySendError(new TwilioApiError(400, 21610, 'x'))).toMatchObject({ reason: 'opted_out' });
    expect(classifySendError(new TwilioApiError(400, 21612, 'x'))).toMatchObject({ reason: 'unreachable' });
    expect(classifySendError(new TwilioApiError(401, 20003, 'x'))).toMatchObject({ reason: 'permanent' });
  });

  it('retries network failures but not our own bugs', () => {
    expect(classifySendError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({
      reason: 'transient',
    });
    expect(classifySendError(Object.assign(new Error('timeout'), { isAxiosError: true }))).toMatchObject({
      reason: 'transient',
    });
    expect(classifySendError(new TypeError('undefined is not a function'))).toMatchObject({
      reason: 'permanent',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
