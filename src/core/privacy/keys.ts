/**
 * Keys derived from the one deployment secret (`VOICES_SECRET`) with HKDF, one per purpose, so a
 * participant id can never be used as an encryption key or a contact lookup hash and vice versa.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { ErrorCode, VoicesError } from '../errors.js';
import type { Channel } from '../types.js';

export interface PrivacyKeys {
  participantId: Buffer;
  contactLookup: Buffer;
  contactEncryption: Buffer;
  /** Signs the organizers' session cookies. */
  sessionSigning: Buffer;
}

export function deriveKeys(secret: string): PrivacyKeys {
  if (secret.length < 32) {
    throw new VoicesError(ErrorCode.ConfigInvalid, 'VOICES_SECRET must be at least 32 characters');
  }
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'gathering-voices', info, 32));
  return {
    participantId: derive('participant-id'),
    contactLookup: derive('contact-lookup'),
    contactEncryption: derive('contact-encryption'),
    sessionSigning: derive('organizer-session'),
  };
}

/**
 * One address, one spelling, however it was written: phone numbers to E.164 (so "+1 514-555-0100",
 * "(514) 555-0100" and "5145550100" are the same resident), Slack and Discord ids bare (a pasted
 * mention "<@U024BE7LH>" or "@123…" counts), simulator ids lower-case. The result is also the
 * address messages are sent to, so platform ids keep the platform's spelling.
 */
export function normalizeAddress(channel: Channel, address: string, phoneRegion: CountryCode = 'CA'): string {
  const trimmed = address.trim();
  if (channel === 'sms') {
    // Platforms (Twilio) hand us E.164 already; parsing it again is the costliest step per message.
    if (E164.test(trimmed)) return trimmed;
    const parsed = parsePhoneNumberFromString(trimmed, phoneRegion);
    // Possible rather than valid: reserved ranges (555-01xx) are real enough for a test line.
    return parsed && (parsed.isValid() || parsed.isPossible())
      ? parsed.number
      : trimmed.replace(/[^\d+]/g, '');
  }
  if (channel === 'simulator') return trimmed.toLowerCase();
  const mention = /^<?@!?([A-Za-z0-9]+)(?:\|[^>]*)?>?$/.exec(trimmed);
  return mention?.[1] ?? trimmed;
}

const E164 = /^\+[1-9]\d{7,14}$/;

function hmac(key: Buffer, channel: Channel, normalizedAddress: string): string {
  return createHmac('sha256', key).update(`${channel}:${normalizedAddress}`).digest('base64url');
}

/** Participant id = HMAC-SHA256(key, channel + normalized address). */
export function participantIdFor(keys: PrivacyKeys, channel: Channel, normalizedAddress: string): string {
  return hmac(keys.participantId, channel, normalizedAddress);
}

/**
 * The dedupe key of an inbound message: the platform's message id, scoped to its sender (one
 * resident cannot collide with another's ids) and keyed, so no platform id is stored.
 */
export function inboundKeyFor(
  keys: PrivacyKeys,
  channel: Channel,
  participantId: string,
  messageId: string,
): string {
  const digest = createHmac('sha256', keys.contactLookup)
    .update(`inbound\u0000${channel}\u0000${participantId}\u0000${messageId}`)
    .digest('base64url');
  return `${channel}:${digest}`;
}

/**
 * The pseudonymous author of an imported reply, from the file's `participant` column. A phone number gets the id a
 * live SMS resident with that number has (so the two count as one person, and `voices forget` of the number erases
 * both); any other value (a form number, an e-mail, a platform id) an id of its own under the `offline` channel.
 * The value itself is never stored.
 */
export function importedAuthorId(keys: PrivacyKeys, value: string, phoneRegion: CountryCode = 'CA'): string {
  const trimmed = value.trim();
  const phone = /^[+(\d][\d\s().-]{6,}$/u.test(trimmed)
    ? parsePhoneNumberFromString(trimmed, phoneRegion)
    : undefined;
  if (phone?.isValid()) return participantIdFor(keys, 'sms', phone.number);
  return offlineAuthorId(keys, trimmed);
}

/** The `offline` pseudonym of a non-phone participant value (case and outer spaces do not count). */
export function offlineAuthorId(keys: PrivacyKeys, value: string): string {
  return createHmac('sha256', keys.participantId)
    .update(`offline:${value.trim().toLowerCase()}`)
    .digest('base64url');
}

export function contactHashFor(keys: PrivacyKeys, channel: Channel, normalizedAddress: string): string {
  return hmac(keys.contactLookup, channel, normalizedAddress);
}

/** AES-256-GCM with a random 96-bit IV; output base64(iv | tag | ciphertext). */
export function encryptAddress(keys: PrivacyKeys, address: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.contactEncryption, iv);
  const body = Buffer.concat([cipher.update(address, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptAddress(keys: PrivacyKeys, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keys.contactEncryption, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
