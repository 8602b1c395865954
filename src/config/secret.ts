/**
 * The deployment secret. Production sets `VOICES_SECRET`; on a local first run without it, one is
 * generated into a file readable by the owner only (0600) and reused, so pseudonyms stay stable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, VoicesError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { isPostgresUrl } from '../core/ports/store.js';
import type { AppConfig } from './env.js';

export function resolveSecret(config: AppConfig, logger: Logger): string {
  if (config.VOICES_SECRET) return config.VOICES_SECRET;
  if (isPostgresUrl(config.VOICES_DB)) {
    // Runners sharing a database must share the secret: a generated one would differ per machine.
    throw new VoicesError(
      ErrorCode.ConfigInvalid,
      'VOICES_SECRET: required with a PostgreSQL VOICES_DB (every runner on that database needs the same one)',
      { variable: 'VOICES_SECRET' },
    );
  }
  if (config.NODE_ENV === 'production') {
    throw new VoicesError(
      ErrorCode.ConfigInvalid,
      'VOICES_SECRET: required in production (32+ random characters)',
    );
  }
  const file = config.VOICES_SECRET_FILE;
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return existing;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  // `wx`: never overwrite a secret another process just wrote; that would orphan every pseudonym.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
  logger.warn(
    { file },
    'no VOICES_SECRET set: generated a local secret file (mode 0600); keep it, or participant ids change',
  );
  return secret;
}
