import { describe, expect, it } from 'vitest';
import { verifyRequest } from '../../../adapters/slack/receiver.js';
import { signature } from './slack-requests.js';

const secret = 'unit-signing-secret';
const body = '{"type":"event_callback"}';
const nowMs = 1_800_000_000_000;
const now = nowMs / 1000;

function headers(timestamp: number, sig = signature(secret, timestamp, body)) {
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sig };
}

describe('verifyRequest', () => {
  it('accepts a fresh, correctly signed request and a slightly fast clock', () => {
    expect(verifyRequest(secret, body, headers(now), nowMs)).toEqual({ ok: true });
    expect(verifyRequest(secret, body, headers(now - 299), nowMs)).toEqual({ ok: true });
    expect(verifyRequest(secret, body, headers(now + 60), nowMs)).toEqual({ ok: true });
  });

  it('refuses stale and future timestamps even when correctly signed', () => {
    expect(verifyRequest(secret, body, headers(now - 6 * 60), nowMs)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyRequest(secret, body, headers(now + 10 * 60), nowMs)).toEqual({
      ok: false,
      reason: 'future',
    });
    expect(verifyRequest(secret, body, headers(now + 61), nowMs)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses a wrong signature, a tampered body, and missing or malformed headers', () => {
    expect(verifyRequest(secret, body, headers(now, signature('other', now, body)), nowMs).ok).toBe(false);
    expect(verifyRequest(secret, `${body} `, headers(now), nowMs)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(verifyRequest(secret, body, headers(now, `v1=${'a'.repeat(64)}`), nowMs).ok).toBe(false);
    expect(verifyRequest(secret, body, {}, nowMs)).toEqual({ ok: false, reason: 'headers' });
    expect(
      verifyRequest(secret, body, { ...headers(now), 'x-slack-request-timestamp': '12abc' }, nowMs),
    ).toEqual({ ok: false, reason: 'headers' });
  });
});
