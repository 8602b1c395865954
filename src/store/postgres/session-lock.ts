/**
 * A session advisory lock on a connection of its own. A pooled connection would not do: the pool
 * recycles connections, and the lock goes with its session. This client has one connection, never
 * recycled; if the server drops it (restart, network, `pg_terminate_backend`), the lock is gone
 * with it and `held()` says so: the client reconnects with a new session that does not hold it.
 */
import { createHash } from 'node:crypto';
import postgres, { type Sql } from 'postgres';

/** A positive 31-bit key for a name (the second half of a two-int advisory lock key). */
export function lockKey(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fff_ffff;
}

export class SessionLock {
  private readonly sql: Sql;

  constructor(
    url: string,
    private readonly space: number,
    public key: number,
  ) {
    this.sql = postgres(url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: 'gathering-voices-lock' },
    });
  }

  /** Takes the lock if it is free; true when this session holds it. */
  async tryLock(): Promise<boolean> {
    const [row] = await this.sql<Array<{ ok: boolean }>>`
      SELECT pg_try_advisory_lock(${this.space}, ${this.key}) AS ok`;
    return row?.ok === true;
  }

  /** True while this client's current session holds the lock (false after a reconnect). */
  async held(): Promise<boolean> {
    const [row] = await this.sql<Array<{ held: boolean }>>`
      SELECT EXISTS (
        SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ${this.space}::oid
          AND objid = ${this.key}::oid AND objsubid = 2 AND pid = pg_backend_pid() AND granted) AS held`;
    return row?.held === true;
  }

  async unlock(): Promise<void> {
    await this.sql`SELECT pg_advisory_unlock(${this.space}, ${this.key})`;
  }

  /** Closes the connection (and so gives the lock up). */
  async end(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
