/**
 * Opens the embedded SQLite database: WAL (readers never block the writer), a short busy timeout
 * (the longer wait for the lock is asynchronous, in `../busy.ts`), foreign keys (erasing a participant
 * cascades), secure_delete (erased rows are zeroed in their pages), a bound on the WAL file left
 * after a checkpoint, and the committed drizzle-kit migrations applied on every start.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { BUSY_TIMEOUT_MS, retryBusySync } from '../busy.js';
import { migrationsFolder } from '../migrations.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenDatabase {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

export const PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  `busy_timeout = ${BUSY_TIMEOUT_MS}`,
  'foreign_keys = ON',
  'secure_delete = ON',
  // After a checkpoint the WAL is truncated to this size instead of staying as large as it grew.
  `journal_size_limit = ${16 * 1024 * 1024}`,
] as const;

export function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // Switching to WAL and migrating both write: another process may hold the lock for a moment.
  for (const pragma of PRAGMAS) retryBusySync(() => sqlite.pragma(pragma));
  const db = drizzle(sqlite, { schema });
  retryBusySync(() => migrate(db, { migrationsFolder: migrationsFolder('sqlite') }));
  return {
    sqlite,
    db,
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

export interface CheckpointResult {
  /** True when a reader or writer kept the checkpoint from completing (try again later). */
  busy: boolean;
  /** Frames still in the WAL (0 after a complete TRUNCATE checkpoint). */
  walFrames: number;
}

/**
 * Copies every committed page into the database file and truncates the WAL to zero bytes, so
 * versions of pages that an erasure overwrote (secure_delete zeroes the new versions) leave no
 * copy anywhere on disk. Busy while another connection reads an older snapshot.
 */
export function checkpointTruncate(sqlite: Database.Database): CheckpointResult {
  const [row] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number }>;
  return { busy: (row?.busy ?? 0) !== 0, walFrames: row?.log ?? 0 };
}
