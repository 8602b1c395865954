/**
 * Write contention, a full disk and a lost connection, at the store boundary. better-sqlite3 is
 * synchronous: its busy handler sleeps on the event loop, so the connection keeps it short
 * (`BUSY_TIMEOUT_MS`) and the waiting happens asynchronously, with backoff. A write that still cannot land
 * becomes `StoreUnavailable`, which the HTTP layer answers with 503 and Retry-After.
 */
import { ErrorCode, VoicesError } from '../core/errors.js';

/** The synchronous busy wait SQLite itself does before reporting SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 40;

export type StoreTrouble = 'busy' | 'full' | 'io';

/** PostgreSQL SQLSTATEs and client error codes that mean "not now" rather than "wrong". */
const PG_BUSY = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '57P03', // cannot_connect_now (starting up)
]);
const PG_FULL = new Set(['53100', '53200']); // disk_full, out_of_memory
const CLIENT_IO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/**
 * Why the database refused, when it is a condition that clears by itself (or by an operator):
 * SQLite's busy/full/I-O codes, PostgreSQL's lock and capacity SQLSTATEs, a lost connection.
 */
export function storeTrouble(err: unknown): StoreTrouble | null {
  if (err instanceof VoicesError && err.code === ErrorCode.StoreUnavailable) {
    const reason = err.detail?.reason;
    return reason === 'busy' || reason === 'full' || reason === 'io' ? reason : 'io';
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (code === 'SQLITE_FULL') return 'full';
    if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY'))
      return 'io';
    return null;
  }
  if (PG_BUSY.has(code)) return 'busy';
  if (PG_FULL.has(code)) return 'full';
  // Connection exceptions (class 08) and the server shutting down (57P01, 57P02).
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || CLIENT_IO.has(code)) return 'io';
  return null;
}

/** PostgreSQL asks for the whole transaction to be run again (it rolled it back to break a cycle). */
export function retryableConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
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

/** The pause before try `attempt + 1` at a lock another writer holds: 2.5 ms doubling to 100 ms, with jitter. */
export function busyPause(attempt: number): number {
  const step = Math.min(200, 5 * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/**
 * Runs a synchronous SQLite statement (opening the file, its pragmas and migrations), retrying
 * SQLITE_BUSY with a plain synchronous pause: nothing else runs yet.
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
    Atomics.wait(cell, 0, 0, busyPause(attempt));
  }
}
