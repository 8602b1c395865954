/**
 * Opens the embedded SQLite database: WAL (readers never block the writer), a busy timeout,
 * foreign keys (erasing a participant cascades), secure_delete (erased rows are zeroed on disk),
 * and the committed drizzle-kit migrations applied on every start.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenDatabase {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

/** The folder holding package.json, found from this file (works from src/ and from dist/src/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the project root (package.json with drizzle/)');
}

export const PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'busy_timeout = 5000',
  'foreign_keys = ON',
  'secure_delete = ON',
] as const;

export function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  for (const pragma of PRAGMAS) sqlite.pragma(pragma);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: join(projectRoot(), 'drizzle') });
  return {
    sqlite,
    db,
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
