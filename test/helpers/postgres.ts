/**
 * PostgreSQL for tests: a fresh database on the run's server (test/global-setup.ts) per call.
 * Outside CI a machine without PostgreSQL skips these tests, loudly; with CI=true the run fails
 * before any test when the server cannot start.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

const serverUrl = inject('pgUrl');

/** True when the file's PostgreSQL tests must be skipped (no server, not in CI); says so on stderr. */
export function skipPostgresTests(file: string): boolean {
  if (serverUrl) return false;
  process.stderr.write(
    `\n*** SKIPPED the PostgreSQL tests of ${file}: no PostgreSQL binaries under /usr/lib/postgresql. ` +
      'Install them with `apt-get install -y postgresql` (CI installs them and fails without them). ***\n\n',
  );
  return true;
}

/** A new, empty database on the run's server; returns its URL. */
export async function freshPostgresUrl(): Promise<string> {
  if (!serverUrl) throw new Error('no PostgreSQL server in this test run');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
