/**
 * Organizer keys: the bootstrap key (DASHBOARD_TOKEN) and per-organizer accounts, whose keys are
 * stored as scrypt hashes (node:crypto; memory-hard, no native add-on to build). Comparisons are in
 * constant time. A key is never logged, never put in a URL, and never stored in plain.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../core/ports/store.js';

/** The actor an edit is recorded under when someone signed in with DASHBOARD_TOKEN. */
export const BOOTSTRAP_ACTOR = 'organizer key';

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
export const MIN_KEY_LENGTH = 16;
export const ACCOUNT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$/u;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (hashing first makes the lengths equal, so the length leaks nothing either). */
export function keyMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

export function hashKey(key: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(key, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyKey(key: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(key, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** A new random key for an account (printed once by `voices organizer add`). */
export function generateKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Hashed once at start, so an unknown account name costs as much as a known one (no timing oracle). */
const DUMMY_HASH = hashKey(generateKey());

/**
 * Who a sign-in is: the account name when `name` is given and its key matches, the bootstrap actor
 * when no name is given and the key is DASHBOARD_TOKEN; otherwise null.
 */
export async function signInActor(
  store: Store,
  bootstrapKey: string | undefined,
  name: string | undefined,
  key: string,
): Promise<string | null> {
  if (name) {
    const stored = await store.read((r) => r.accountKeyHash(name));
    const ok = verifyKey(key, stored ?? DUMMY_HASH);
    return ok && stored ? name : null;
  }
  return bootstrapKey && keyMatches(key, bootstrapKey) ? BOOTSTRAP_ACTOR : null;
}
