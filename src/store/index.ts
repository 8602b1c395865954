/**
 * Opens the store `VOICES_DB` names: a `postgres://` (or `postgresql://`) URL opens the PostgreSQL
 * store, anything else is the path of the embedded SQLite file. Each implementation loads only when
 * chosen, so a SQLite deployment never loads the PostgreSQL client and the other way round.
 */
import { isPostgresUrl, type Store } from '../core/ports/store.js';

export { isPostgresUrl } from '../core/ports/store.js';
export { IMPORT_CHUNK, outboxDeadline } from './rows.js';

export interface OpenStoreOptions {
  /** SQLite: WAL checkpoints on a worker thread (a long-running runner). */
  backgroundCheckpoints?: boolean;
  /** PostgreSQL: connections this process may hold. */
  poolSize?: number;
  /** PostgreSQL: a statement running longer is cancelled. */
  statementTimeoutMs?: number;
}

export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { PostgresStore } = await import('./postgres/store.js');
    return PostgresStore.open(location, {
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
    });
  }
  const { SqliteStore } = await import('./sqlite/store.js');
  return new SqliteStore(location, options);
}
