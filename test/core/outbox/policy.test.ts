/** The outbox's retry policy: rate limits are not failures, Retry-After has a floor, time ends retries. */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  deadlineFor,
  decide,
  retryDelayMs,
} from '../../../src/core/outbox/policy.js';

const NOW = new Date('2026-11-16T15:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const fixed = (x: number) => () => x;

describe('outbox retry policy', () => {
  it('backs off exponentially, with jitter between half and the whole step, up to a ceiling', () => {
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, fixed(0))).toBe(500);
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, fixed(1))).toBe(1000);
    expect(backoffMs(4, DEFAULT_RETRY_POLICY, fixed(1))).toBe(8000);
    expect(backoffMs(40, DEFAULT_RETRY_POLICY, fixed(1))).toBe(DEFAULT_RETRY_POLICY.maxMs);
    const spread = new Set(Array.from({ length: 50 }, () => backoffMs(5)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('honours Retry-After, raises 0 to the floor, and backs off when refusals keep coming', () => {
    expect(retryDelayMs(1, 30_000, true, DEFAULT_RETRY_POLICY, fixed(0))).toBe(30_000);
    expect(retryDelayMs(1, 0, true, DEFAULT_RETRY_POLICY, fixed(0))).toBe(1_000);
    // A storm of Retry-After: 0: the wait grows with the attempts anyway.
    const storm = [1, 4, 6, 8, 10].map((n) => retryDelayMs(n, 0, true, DEFAULT_RETRY_POLICY, fixed(1)));
    for (let i = 1; i < storm.length; i++) expect(storm[i]!).toBeGreaterThan(storm[i - 1]!);
  });

  it('a rate limit is retried however many times it came, until the deadline', () => {
    const deadline = deadlineFor(NOW);
    const d = decide({ ok: false, reason: 'rate_limited', retryAfterMs: 0, code: 20429 }, 500, deadline, NOW);
    expect(d).toMatchObject({ kind: 'retry', rateLimited: true, errorCode: '20429' });
    const late = decide({ ok: false, reason: 'rate_limited', retryAfterMs: 1000 }, 3, later(1000), NOW);
    expect(late).toMatchObject({ kind: 'failed', expired: true });
  });

  it('transient failures retry; refusals end the row and say what the participant became', () => {
    const deadline = later(DEFAULT_RETRY_POLICY.deadlineMs);
    expect(decide({ ok: false, reason: 'transient' }, 2, deadline, NOW).kind).toBe('retry');
    expect(decide({ ok: false, reason: 'opted_out', code: 21610 }, 1, deadline, NOW)).toEqual({
      kind: 'failed',
      errorCode: '21610',
      participant: 'opted_out',
    });
    expect(decide({ ok: false, reason: 'unreachable' }, 1, deadline, NOW)).toMatchObject({
      participant: 'unreachable',
    });
    expect(decide({ ok: false, reason: 'permanent', code: 21603 }, 1, deadline, NOW)).toEqual({
      kind: 'failed',
      errorCode: '21603',
    });
    expect(decide({ ok: true, providerMessageId: 'SM1' }, 1, deadline, NOW)).toEqual({
      kind: 'sent',
      providerMessageId: 'SM1',
    });
  });

  it('the deadline is a day after the row was queued', () => {
    expect(deadlineFor(NOW).getTime() - NOW.getTime()).toBe(24 * 3_600_000);
  });
});
