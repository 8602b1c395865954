import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  contactHashFor,
  decryptAddress,
  deriveKeys,
  encryptAddress,
  normalizeAddress,
  participantIdFor,
} from '../../../src/core/privacy/keys.js';

const keys = deriveKeys('k'.repeat(40));

describe('privacy keys', () => {
  it('participant id is HMAC-SHA256 over channel and normalized address, stable and keyed', () => {
    const a = participantIdFor(keys, 'sms', normalizeAddress('sms', '(514) 555-0100'));
    const b = participantIdFor(keys, 'sms', normalizeAddress('sms', '+1 514 555 0100'));
    expect(a).toBe(b);
    const expected = createHmac(
      'sha256',
      Buffer.from(hkdfSync('sha256', 'k'.repeat(40), 'gathering-voices', 'participant-id', 32)),
    )
      .update('sms:+15145550100')
      .digest('base64url');
    expect(a).toBe(expected);
    expect(participantIdFor(deriveKeys('j'.repeat(40)), 'sms', '+15145550100')).not.toBe(a);
    expect(participantIdFor(keys, 'slack', '+15145550100')).not.toBe(a);
    expect(contactHashFor(keys, 'sms', '+15145550100')).not.toBe(a);
  });

  it('normalizes phone numbers to E.164 and leaves platform ids alone', () => {
    expect(normalizeAddress('sms', '514.555.0100')).toBe('+15145550100');
    expect(normalizeAddress('sms', '+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizeAddress('slack', ' U012ABC ')).toBe('U012ABC');
  });

  it('encrypts with AES-256-GCM: random IV, tamper-evident', () => {
    const one = encryptAddress(keys, '+15145550100');
    const two = encryptAddress(keys, '+15145550100');
    expect(one).not.toBe(two);
    expect(decryptAddress(keys, one)).toBe('+15145550100');
    const raw = Buffer.from(one, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptAddress(keys, raw.toString('base64'))).toThrow();
  });

  it('refuses a short secret', () => {
    expect(() => deriveKeys('short')).toThrow(/at least 32/);
  });
});
