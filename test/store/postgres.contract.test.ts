/**
 * The store contract on PostgreSQL: a fresh database per test on the run's server, migrated on
 * open; a second handle on the same database plays a second runner.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../src/store/migrations.js';
import { PostgresStore } from '../../src/store/postgres/store.js';
import { freshPostgresUrl, skipPostgresTests } from '../helpers/postgres.js';
import { storeContract } from './store-contract.js';

const skip = skipPostgresTests('test/store/postgres.contract.test.ts');
let url = '';

describe.skipIf(skip)('PostgreSQL', () => {
  storeContract('PostgreSQL', {
    open: async () => {
      url = await freshPostgresUrl();
      return PostgresStore.open(url, { poolSize: 4 });
    },
    openSecond: () => PostgresStore.open(url, { poolSize: 4 }),
  });
});

describe.skipIf(skip)('PostgreSQL migrations', () => {
  it('three runners starting together on an empty database: one migrates, none races', async () => {
    const fresh = await freshPostgresUrl();
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(fresh, { poolSize: 2 })));
    try {
      const applied = await stores[0]!.sql<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
      expect(applied[0]?.n).toBe(
        readdirSync(migrationsFolder('postgres')).filter((f) => f.endsWith('.sql')).length,
      );
      for (const store of stores) await expect(store.ping()).resolves.toBeUndefined();
      expect(new Set(stores.map((s) => s.instanceId)).size).toBe(3);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});
