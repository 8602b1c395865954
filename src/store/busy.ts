/**
 * Write contention and a full disk, at the store boundary. better-sqlite3 is synchronous: its busy
 * handler sleeps on the event loop, so the connection keeps it short (`BUSY_TIMEOUT_MS`) and the
 * waiting happens here instead, asynchronously, with backoff. A write that still cannot land
 * becomes `StoreUnavailable`, which the HTTP layer answers with 503 and Retry-After.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, VoicesError } from '../core/errors.js';

/** The synchronous busy wait SQLite itself does before reporting SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 40;

export type StoreTrouble = 'busy' | 'full' | 'io';

/** Why SQLite refused, when it is a condition that clears by itself (or by an operator). */
export function storeTrouble(err: unknown): StoreTrouble | null {
  if (err instanceof VoicesError && err.code === ErrorCode.StoreUnavailable) {
    const reason = err.detail?.reason;
    return reason === 'busy' || reason === 'full' || reason === 'io' ? reason : 'io';
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY'))
    return 'io';
  return null;
}

/** Seconds a client should wait before retrying a write refused for `trouble`. */
export function retryAfterSeconds(trouble: StoreTrouble): number {
  return trouble === 'busy' ? 2 : 30;
}

export function storeUnavailable(trouble: StoreTrouble, cause?: unknown): VoicesError {
  const message =
    trouble === 'busy'
      ? 'the database is locked by another writer'
      : trouble === 'full'
        ? 'the disk holding the database is full'
        : 'the database cannot be written';
  return new VoicesError(
    ErrorCode.StoreUnavailable,
    message,
    { reason: trouble, retryAfterSeconds: retryAfterSeconds(trouble) },
    cause === undefined ? undefined : { cause },
  );
}

export interface RetryOptions {
  /** Give up (StoreUnavailable) after waiting this long for the lock. */
  deadlineMs?: number;
}

/** Default patience of one write waiting for the lock (an import commits in much shorter chunks). */
export const WRITE_DEADLINE_MS = 3_000;

function pause(attempt: number): number {
  const step = Math.min(200, 5 * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/**
 * Runs a synchronous write, retrying SQLITE_BUSY asynchronously with backoff until the deadline.
 * A full disk or an I/O error is not waited for: it becomes StoreUnavailable at once.
 */
export async function retryBusy<T>(write: () => T, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? WRITE_DEADLINE_MS);
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (err) {
      const trouble = storeTrouble(err);
      if (trouble === null) throw err;
      if (trouble !== 'busy' || Date.now() >= deadline) throw storeUnavailable(trouble, err);
    }
    await sleep(pause(attempt));
  }
}

/**
 * The same for one-shot CLI commands, which have no event loop to keep free: the pause between
 * tries is a plain synchronous sleep.
 */
export function retryBusySync<T>(write: () => T, options: RetryOptions = {}): T {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (err) {
      const trouble = storeTrouble(err);
      if (trouble === null) throw err;
      if (trouble !== 'busy' || Date.now() >= deadline) throw storeUnavailable(trouble, err);
    }
    Atomics.wait(cell, 0, 0, pause(attempt));
  }
}
