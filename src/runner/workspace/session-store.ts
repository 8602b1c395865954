/**
 * express-session's store over the bot's database, so sign-ins survive a restart and every runner
 * behind a load balancer knows them. Rows are keyed by a SHA-256 of the session id: reading the
 * table gives nobody a cookie that works.
 */
import { createHash } from 'node:crypto';
import session, { type SessionData } from 'express-session';
import type { Store } from '../../core/ports/store.js';

const idHash = (sid: string) => createHash('sha256').update(sid, 'utf8').digest('base64url');
const PRUNE_EVERY_MS = 10 * 60_000;

export class DatabaseSessionStore extends session.Store {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
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
    this.store
      .write((tx) => tx.readSession(idHash(sid), this.now()))
      .then(
        (data) => callback(null, data ? (JSON.parse(data) as SessionData) : null),
        (err: unknown) => callback(err),
      );
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const now = this.now();
    const prune = now.getTime() - this.lastPrune > PRUNE_EVERY_MS;
    if (prune) this.lastPrune = now.getTime();
    this.store
      .write(async (tx) => {
        await tx.writeSession(idHash(sid), JSON.stringify(data), this.expiry(data));
        if (prune) await tx.pruneSessions(now);
      })
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.store
      .write((tx) => tx.touchSession(idHash(sid), this.expiry(data)))
      .catch(() => undefined)
      .finally(() => callback?.());
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.store
      .write((tx) => tx.deleteSession(idHash(sid)))
      .then(
        () => callback?.(),
        (err: unknown) => callback?.(err),
      );
  }
}
