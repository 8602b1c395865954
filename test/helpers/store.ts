/** Store access for tests: the port's operations one call at a time, and the SQLite file behind a store. */
import type { Store, StoreWriter } from '../../src/core/ports/store.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';

/** Every operation of the port, each run in a transaction of its own (tests need no other shape). */
export function direct(store: Store): StoreWriter {
  return new Proxy({} as StoreWriter, {
    get:
      (_target, name) =>
      (...args: unknown[]) =>
        store.write((tx) => {
          const method = tx[name as keyof StoreWriter] as (...a: unknown[]) => Promise<unknown>;
          return method.apply(tx, args);
        }),
  });
}

function sqliteStore(store: Store): SqliteStore {
  if (!(store instanceof SqliteStore)) throw new Error('this check reads the SQLite file: run it on SQLite');
  return store;
}

/** The better-sqlite3 connection of a SQLite store. */
export function sqliteOf(store: Store) {
  return sqliteStore(store).handle.sqlite;
}

/** The drizzle database of a SQLite store. */
export function drizzleOf(store: Store) {
  return sqliteStore(store).handle.db;
}

/** The operations object a SQLite store hands its transactions (tests replace a method to inject faults). */
export function sqliteTxOf(store: Store): StoreWriter {
  return (sqliteStore(store) as unknown as { tx: StoreWriter }).tx;
}
