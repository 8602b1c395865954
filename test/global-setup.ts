/**
 * One throwaway PostgreSQL server per test run (scripts/pg-cluster.ts: Debian's binaries, a temp
 * data directory, loopback only), when the binaries are installed. Each test file makes databases
 * of its own on it (test/helpers/postgres.ts). With CI=true, missing binaries fail the run:
 * `.ci/run` installs them, and the PostgreSQL tests are never skipped silently.
 */
import type { TestProject } from 'vitest/node';
import { type PgCluster, postgresBinaries, startPgCluster } from '../scripts/pg-cluster.js';

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!postgresBinaries()) {
    if (process.env.CI === 'true') {
      throw new Error(
        'CI=true but no PostgreSQL binaries under /usr/lib/postgresql: .ci/run must install them',
      );
    }
    project.provide('pgUrl', null);
    return;
  }
  // Tests measure behaviour, not durability: no fsync.
  cluster = await startPgCluster({
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  project.provide('pgUrl', cluster.url);
}

export function teardown(): void {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test run's PostgreSQL server (superuser URL), or null where none is installed. */
    pgUrl: string | null;
  }
}
