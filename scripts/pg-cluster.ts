/**
 * A throwaway PostgreSQL server for the tests and the benchmarks, from the Debian packages' binaries
 * (`/usr/lib/postgresql/<version>/bin`): a fresh data directory in a temporary folder, listening on
 * 127.0.0.1 only, trust authentication, stopped and removed afterwards. No Docker.
 *
 * initdb takes seconds, so its output is kept once per PostgreSQL version under
 * `node_modules/.cache/gathering-voices/` and copied for each server. PostgreSQL refuses to run as
 * root: as root, the binaries run as the `postgres` user the Debian package creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PgCluster {
  /** `postgres://voices@127.0.0.1:PORT/postgres`: a superuser, trusted on loopback. */
  url: string;
  port: number;
  /** The PostgreSQL version of the binaries (e.g. `15`). */
  version: string;
  /** The server's data directory (its `postmaster.pid` names the server process). */
  dataDir: string;
  /** A URL for database `name` on this server. */
  urlFor(name: string): string;
  stop(): void;
}

export interface PgClusterOptions {
  /** Server settings (`-c name=value`), e.g. `{ fsync: 'off' }` for tests that do not measure. */
  settings?: Record<string, string | number>;
}

const USER = 'voices';

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl, or undefined. */
export function postgresBinaries(): { dir: string; version: string } | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  return version ? { dir: join(base, version, 'bin'), version } : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function run(bin: string, args: string[], options: { quiet?: boolean } = {}): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    const out = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(
      `${bin} ${args[0] ?? ''} failed (${result.status ?? result.signal}): ${out.slice(-2000)}`,
    );
  }
  if (!options.quiet && result.stderr) process.stderr.write(result.stderr);
}

/** Hands a folder we made to the user the server runs as. */
function own(path: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresUser();
  execFileSync('chown', ['-R', `${uid}:${gid}`, path]);
  chownSync(path, uid, gid);
}

function postgresUser(): { uid: number; gid: number } {
  const out = spawnSync('id', ['postgres'], { encoding: 'utf8' });
  const uid = /uid=(\d+)/.exec(out.stdout)?.[1];
  const gid = /gid=(\d+)/.exec(out.stdout)?.[1];
  if (out.status !== 0 || uid === undefined || gid === undefined) {
    throw new Error('running as root needs the "postgres" user (apt-get install -y postgresql creates it)');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function cacheDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  return process.env.VOICES_CACHE_DIR ?? join(root, 'node_modules', '.cache', 'gathering-voices');
}

/** An initdb'd data directory for this version, made once and copied for each server. */
function template(bin: string, version: string): string {
  const dir = join(cacheDir(), `pg-${version}-template-${isRoot() ? 'postgres' : userInfo().username}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'voices-pg-initdb-'));
  own(work);
  const data = join(work, 'data');
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    { quiet: true },
  );
  try {
    renameSync(data, dir);
  } catch {
    // Another process made it first (or the cache is on another device): use a copy.
    if (!existsSync(join(dir, 'PG_VERSION'))) cpSync(data, dir, { recursive: true });
  }
  rmSync(work, { recursive: true, force: true });
  return dir;
}

/** A free loopback port (the server may still lose it to a race; start() then tries another). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts a server; throws when the binaries are missing or it does not come up. */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bins = postgresBinaries();
  if (!bins)
    throw new Error(
      'PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)',
    );
  const source = template(bins.dir, bins.version);
  const dir = mkdtempSync(join(tmpdir(), 'voices-pg-'));
  const data = join(dir, 'data');
  cpSync(source, data, { recursive: true });
  own(dir);
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: 200,
    ...options.settings,
  };
  const flags = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      run(join(bins.dir, 'pg_ctl'), [
        'start',
        '-D',
        data,
        '-w',
        '-t',
        '60',
        '-l',
        join(dir, 'server.log'),
        '-o',
        `-p ${port} ${flags}`,
      ]);
    } catch (err) {
      lastError = err;
      continue;
    }
    const urlFor = (name: string) => `postgres://${USER}@127.0.0.1:${port}/${name}`;
    let stopped = false;
    return {
      url: urlFor('postgres'),
      port,
      version: bins.version,
      dataDir: data,
      urlFor,
      stop() {
        if (stopped) return;
        stopped = true;
        try {
          run(join(bins.dir, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], { quiet: true });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
