/**
 * express-session's store over the SQLite database, so sign-ins survive a restart. Rows are keyed
 * by a SHA-256 of the session id: reading the table gives nobody a cookie that works.
 */
import { createHash } from 'node:crypto';
import session, { type SessionData } from 'express-session';
import type { DigestDb } from '../../store/digest-store.js';
import {
  deleteSession,
  pruneSessions,
  readSession,
  touchSession,
  writeSession,
} from '../../store/workspace-store.js';

const idHash = (sid: string) => createHash('sha256').update(sid, 'utf8').digest('base64url');
const PRUNE_EVERY_MS = 10 * 60_000;

export class SqliteSessionStore extends session.Store {
  private lastPrune = 0;

  constructor(
    private readonly db: DigestDb,
    private readonly now: () => Date,
    private readonly fallbackMaxAgeMs: number,
  ) {
    super();
  }

  private expiry(data: SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(this.now().getTime() + this.fallbackMaxAgeMs);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    setImmediate(() => {
      try {
        const data = readSession(this.db, idHash(sid), this.now());
        callback(null, data ? (JSON.parse(data) as SessionData) : null);
      } catch (err) {
        callback(err);
      }
    });
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    setImmediate(() => {
      try {
        writeSession(this.db, idHash(sid), JSON.stringify(data), this.expiry(data));
        const now = this.now();
        if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
          this.lastPrune = now.getTime();
          pruneSessions(this.db, now);
        }
        callback?.();
      } catch (err) {
        callback?.(err);
      }
    });
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    setImmediate(() => {
      try {
        touchSession(this.db, idHash(sid), this.expiry(data));
      } finally {
        callback?.();
      }
    });
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    setImmediate(() => {
      try {
        deleteSession(this.db, idHash(sid));
        callback?.();
      } catch (err) {
        callback?.(err);
      }
    });
  }
}
