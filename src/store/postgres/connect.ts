/**
 * The PostgreSQL connection: a sized pool (postgres.js) with a statement timeout, a start-up check
 * that says clearly when the server cannot be reached, and the committed drizzle-kit migrations
 * applied under an advisory lock, so runners starting together do not race.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Sql } from 'postgres';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import { migrationsFolder } from '../migrations.js';

export interface PostgresOptions {
  /** Connections this runner may hold (VOICES_DB_POOL). */
  poolSize?: number;
  /** A statement running longer is cancelled (VOICES_DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** Giving up on reaching the server at start. */
  connectTimeoutSeconds?: number;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/** Advisory-lock namespaces (the two-int form; participants use the one-bigint form). */
export const LOCK_SPACE = {
  migrations: 0x766f_0001,
  /** Each runner's presence: held by its own connection while it lives. */
  runners: 0x766f_0002,
  /** Roles one runner holds at a time (the Discord gateway, building the weekly digest). */
  roles: 0x766f_0003,
} as const;

/** The URL without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the VOICES_DB URL';
  }
}

export function openPool(url: string, options: PostgresOptions = {}): Sql {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return postgres(url, {
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    // Idle connections are closed after a minute; the pool opens them again on demand.
    idle_timeout: 60,
    // Never recycled by age: the reserved connections carry session locks (this runner's presence,
    // the roles it holds), which would go with them.
    max_lifetime: null,
    onnotice: () => {},
    connection: {
      application_name: 'gathering-voices',
      statement_timeout: statementTimeout,
      // A transaction left open by a bug or a hung runner gives its locks back.
      idle_in_transaction_session_timeout: Math.max(statementTimeout * 6, 30_000),
    },
  });
}

/** Waits for a first answer; a server that cannot be reached is a clear start-up error. */
export async function checkReachable(sql: Sql, url: string): Promise<void> {
  try {
    await sql`SELECT 1`;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : 'unknown error';
    throw new VoicesError(
      ErrorCode.StoreUnavailable,
      `VOICES_DB: cannot reach PostgreSQL at ${describeUrl(url)} (${reason}); check that the server runs, ` +
        'that the URL, user and password are right, and that this machine may connect to it',
      { reason: 'io', variable: 'VOICES_DB' },
      { cause: err },
    );
  }
}

/**
 * Applies the committed migrations. A session advisory lock, taken on a connection of its own,
 * makes a second runner wait until the first has migrated; it then finds nothing left to apply.
 * drizzle gets a client of its own: its driver changes the client's type parsers.
 */
export async function migrateUnderLock(url: string): Promise<void> {
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`SELECT pg_advisory_lock(${LOCK_SPACE.migrations}, 0)`;
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('postgres') });
  } finally {
    await lock.end({ timeout: 5 });
    await client.end({ timeout: 5 });
  }
}
