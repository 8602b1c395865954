/**
 * The store port over PostgreSQL: several runners on one database (`VOICES_DB=postgres://…`).
 *
 * A write is one transaction on one pooled connection (postgres.js `begin`), retried whole when
 * PostgreSQL rolls it back to break a deadlock or a serialization conflict, or while a lock stays
 * busy, until the write's deadline. Reads run on the pool outside a transaction.
 *
 * Each runner holds a session advisory lock in the `runners` space for as long as it lives, on a
 * connection of its own (`session-lock.ts`): outbox rows it claims carry that key, so when the process dies (its
 * connection, and the lock, go at once) any other runner hands its claims back to the queue.
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql, TransactionSql } from 'postgres';
import type {
  ErasureFlush,
  NewReply,
  RoleHandlers,
  RoleHold,
  Store,
  StoreReader,
  StoreWriter,
  WriteOptions,
} from '../../core/ports/store.js';
import { busyPause, retryableConflict, storeTrouble, storeUnavailable, WRITE_DEADLINE_MS } from '../busy.js';
import { IMPORT_CHUNK } from '../rows.js';
import { checkReachable, LOCK_SPACE, migrateUnderLock, openPool, type PostgresOptions } from './connect.js';
import { type PgContext, PgQueries } from './queries.js';
import { lockKey, SessionLock } from './session-lock.js';

/** How often a runner waiting for a role tries it, and its holder checks it still holds it. */
export const ROLE_POLL_MS = 2_000;

/** How long an import chunk may wait for locks. */
const IMPORT_DEADLINE_MS = 60_000;

/** Tables whose rows an erasure deletes: vacuumed so the dead rows' space is reclaimed. */
const ERASED_TABLES = ['participants', 'contacts', 'replies', 'outbox', 'inbound_keys'];

/** The port's operations inside one transaction. */
class PgTx extends PgQueries implements StoreWriter {
  constructor(
    private readonly tx: TransactionSql,
    context: PgContext,
  ) {
    super(tx as unknown as Sql, context);
  }

  async savepoint<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    return (await this.tx.savepoint((inner) => fn(new PgTx(inner, this.context)))) as T;
  }

  importRows(rows: readonly NewReply[]): Promise<number> {
    return this.insertReplies(rows.map((row) => ({ id: crypto.randomUUID(), ...row })));
  }
}

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly shared = true;
  private readonly reader: PgQueries;

  private presenceTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly sql: Sql,
    private readonly url: string,
    private readonly presence: SessionLock,
    private readonly context: PgContext,
  ) {
    this.reader = new PgQueries(sql, context);
    this.watchPresence();
  }

  /**
   * Connects (a clear error when the server cannot be reached), applies the migrations under the
   * migration lock, and takes this runner's presence lock.
   */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const sql = openPool(url, options);
    try {
      await checkReachable(sql, url);
      await migrateUnderLock(url);
      const presence = new SessionLock(url, LOCK_SPACE.runners, 0);
      try {
        const instanceId = await takePresence(presence);
        return new PostgresStore(sql, url, presence, { instanceId });
      } catch (err) {
        await presence.end();
        throw err;
      }
    } catch (err) {
      await sql.end({ timeout: 5 });
      throw err;
    }
  }

  /**
   * If the presence connection drops, the lock goes with it and other runners may hand this
   * runner's claims back to the queue (a send in flight may then go twice, as after a crash);
   * the lock is taken again on the new connection at the next check.
   */
  private watchPresence(): void {
    this.presenceTimer = setTimeout(() => {
      void (async () => {
        if (!(await this.presence.held())) await this.presence.tryLock();
      })()
        .catch(() => undefined)
        .finally(() => {
          if (!this.closed) this.watchPresence();
        });
    }, ROLE_POLL_MS);
    this.presenceTimer.unref();
  }

  /** This runner's key in the `runners` lock space (its outbox claims carry it). */
  get instanceId(): number {
    return this.context.instanceId;
  }

  async read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    try {
      return await fn(this.reader);
    } catch (err) {
      const trouble = storeTrouble(err);
      throw trouble ? storeUnavailable(trouble, err) : err;
    }
  }

  async write<T>(fn: (tx: StoreWriter) => Promise<T>, options?: WriteOptions): Promise<T> {
    const deadline = Date.now() + (options?.deadlineMs ?? WRITE_DEADLINE_MS);
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.sql.begin((tx) => fn(new PgTx(tx, this.context)))) as T;
      } catch (err) {
        const trouble = storeTrouble(err);
        if (trouble === null) throw err;
        const again = (retryableConflict(err) || trouble === 'busy') && Date.now() < deadline;
        if (!again) throw storeUnavailable(trouble, err);
      }
      await sleep(busyPause(attempt));
    }
  }

  async insertImported(rows: readonly NewReply[], chunk = IMPORT_CHUNK): Promise<number> {
    let added = 0;
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      added += await this.write((tx) => (tx as PgTx).importRows(part), { deadlineMs: IMPORT_DEADLINE_MS });
    }
    return added;
  }

  /**
   * VACUUM makes the space of erased rows reusable, so new rows overwrite it. PostgreSQL gives no
   * stronger promise short of VACUUM FULL (which locks every table): see the README.
   */
  async flushErasures(): Promise<ErasureFlush> {
    try {
      await this.sql.unsafe(`VACUUM ${ERASED_TABLES.join(', ')}`);
      return { done: true };
    } catch (err) {
      if (storeTrouble(err)) return { done: false };
      throw err;
    }
  }

  private readonly holds = new Set<RoleHold>();

  /**
   * A session advisory lock in the `roles` space, on a connection of its own: PostgreSQL drops
   * the lock with the connection, so a runner that dies gives the role up at once and the next
   * runner to try takes it. The holder checks every ROLE_POLL_MS that its session still holds the
   * lock; when not (the connection dropped) it calls `lost` (another runner may hold it by then).
   */
  async holdRole(role: string, handlers: RoleHandlers, pollMs = ROLE_POLL_MS): Promise<RoleHold> {
    const lock = new SessionLock(this.url, LOCK_SPACE.roles, lockKey(role));
    let held = false;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const attempt = async (): Promise<void> => {
      if (held) {
        const still = await lock.held().catch(() => false);
        if (still) return;
        held = false;
        await handlers.lost();
        // Tried again at the next pass, like every other runner: the role goes to whoever is first.
        return;
      }
      if (!(await lock.tryLock())) return;
      held = true;
      try {
        await handlers.acquired();
      } catch (err) {
        // The work could not start here: give the role back for another runner to try.
        held = false;
        await lock.unlock().catch(() => undefined);
        throw err;
      }
    };
    const loop = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        attempt()
          .catch(() => undefined)
          .finally(loop);
      }, pollMs);
      timer.unref();
    };
    const hold: RoleHold = {
      release: async () => {
        if (stopped) return;
        stopped = true;
        clearTimeout(timer);
        this.holds.delete(hold);
        held = false;
        await lock.end().catch(() => undefined);
      },
    };
    this.holds.add(hold);
    try {
      await attempt();
    } catch (err) {
      await hold.release();
      throw err;
    }
    loop();
    return hold;
  }

  async ping(): Promise<void> {
    try {
      await this.sql`SELECT 1`;
    } catch (err) {
      throw storeUnavailable(storeTrouble(err) ?? 'io', err);
    }
  }

  private closed: Promise<void> | null = null;

  close(): Promise<void> {
    this.closed ??= (async () => {
      clearTimeout(this.presenceTimer);
      for (const hold of [...this.holds]) await hold.release();
      await this.presence.end().catch(() => undefined);
      await this.sql.end({ timeout: 5 });
    })();
    return this.closed;
  }
}

/** A random key no live runner holds, locked for as long as this runner lives. */
async function takePresence(presence: SessionLock): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    presence.key = randomInt(1, 2 ** 31 - 1);
    if (await presence.tryLock()) return presence.key;
  }
  throw new Error('no free runner key in the runners lock space');
}
