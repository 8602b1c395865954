/**
 * Opens the store `VOICES_DB` names: a `postgres://` (or `postgresql://`) URL opens the PostgreSQL
 * store, anything else is the path of the embedded SQLite file. Each implementation loads only when
 * chosen, so a SQLite deployment never loads the PostgreSQL client and the other way round.
 */
import type { Store } from '../core/ports/store.js';

export { IMPORT_CHUNK, outboxDeadline } from './rows.js';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export interface OpenStoreOptions {
  /** SQLite: WAL checkpoints on a worker thread (a long-running runner). */
  backgroundCheckpoints?: boolean;
}

export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { SqliteStore } = await import('./sqlite/store.js');
  return new SqliteStore(location, options);
}
