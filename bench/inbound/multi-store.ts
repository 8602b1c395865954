/**
 * `npm run bench:inbound -- --store postgres --runners 1,2,3`: the same signed-webhook load against
 * the bare baseline, one runner on SQLite, and 1, 2, 3 runners on one PostgreSQL server, in the
 * same run. Every runner is a `voices start` process of its own; with several runners the load
 * generator sends request i to runner i mod n (no load balancer in between). Rounds rotate which
 * configuration goes first, so a shared machine's drift hits all alike.
 *
 * PostgreSQL is a throwaway server from Debian's binaries (scripts/pg-cluster.ts) with its default
 * durability (`synchronous_commit = on`: an acknowledged message is on disk, as in production). The
 * database work per message comes from the server itself: statements (pg_stat_statements, BEGIN and COMMIT included), transactions
 * (pg_stat_database), the server processes' CPU (/proc), and round trips, counted by a TCP proxy
 * in front of the server for a separate probe (one runner, one request at a time).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { type PgCluster, startPgCluster } from '../../scripts/pg-cluster.js';
import { deriveKeys, inboundKeyFor, participantIdFor } from '../../src/core/privacy/keys.js';

export interface Webhook {
  sid: string;
  from: string;
  marker: string | null;
  body: string;
  signature: string;
}

export interface Outcome {
  status: number;
  body: string;
  ms: number;
}

export interface Figures {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
}

/** What bench-inbound.ts hands over: its workload, load generator and checks. */
export interface Harness {
  root: string;
  secret: string;
  rounds: number;
  enrol: Webhook[][];
  hooks: Webhook[];
  distinct: number;
  env: Record<string, string>;
  fire(
    targets: string[],
    hooks: Webhook[],
    concurrency?: number,
  ): Promise<{ outcomes: Outcome[]; seconds: number }>;
  figures(outcomes: Outcome[], seconds: number): Figures;
  fmt(f: Figures): string;
  verify(
    name: string,
    hooks: Webhook[],
    outcomes: Outcome[],
    storedCount: (hook: Webhook) => number,
  ): string[];
  startBaseline(dir: string): Promise<{ url: string; stored(sid: string): number; close(): Promise<void> }>;
  describe: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** CPU seconds of a process (and of its reaped children, with `children`), from /proc. */
function cpuOf(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    const reaped = children ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + reaped) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds the PostgreSQL server has used: the postmaster, its live backends, those that exited. */
function serverCpu(cluster: PgCluster): number {
  const postmaster = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]?.split(' ')[1]);
      if (ppid === postmaster) total += cpuOf(Number(entry));
    } catch {
      // Exited meanwhile: its time is in the postmaster's children's time now.
    }
  }
  return total;
}

interface Runner {
  child: ChildProcess;
  url: string;
}

async function startRunnerProcess(h: Harness, voicesDb: string): Promise<Runner> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    cwd: h.root,
    env: { PATH: process.env.PATH, ...h.env, VOICES_DB: voicesDb, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`runner exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { child, url };
    await sleep(100);
  }
  throw new Error('runner did not start within 60 s');
}

async function stopRunners(runners: Runner[]): Promise<void> {
  await Promise.all(
    runners.map(
      (r) =>
        new Promise<void>((resolve) => {
          if (r.child.exitCode !== null) return resolve();
          r.child.once('exit', () => resolve());
          r.child.kill('SIGTERM');
        }),
    ),
  );
}

/** A TCP proxy that counts round trips: each time a client writes after the server last spoke. */
async function countingProxy(
  target: number,
): Promise<{ port: number; turns(): number; reset(): void; close(): void }> {
  let turns = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let clientSpokeLast = false;
    client.on('data', (chunk) => {
      if (!clientSpokeLast) turns += 1;
      clientSpokeLast = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      clientSpokeLast = false;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    turns: () => turns,
    reset: () => {
      turns = 0;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

interface Config {
  name: string;
  label: string;
  targets: string[];
  pids: number[];
  /** PostgreSQL: its database on the server. */
  database?: string;
  outcomes: Outcome[];
  seconds: number;
  serverCpu: number;
  runnerCpu: number;
  messages: number;
}

export async function benchStores(h: Harness, runnerCounts: number[]): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'voices-bench-stores-'));
  console.log(
    `inbound benchmark across stores: ${h.describe}; runners on PostgreSQL: ${runnerCounts.join(', ')}; ` +
      `${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
  );
  const cluster = await startPgCluster({
    settings: { shared_preload_libraries: 'pg_stat_statements' },
  });
  const admin = postgres(cluster.url, { max: 2, onnotice: () => {} });
  const baseline = await h.startBaseline(dir);
  const runners: Runner[] = [];
  const configs: Config[] = [];
  let failed = false;
  try {
    await admin`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
    const sqliteRunner = await startRunnerProcess(h, join(dir, 'voices.db'));
    runners.push(sqliteRunner);
    configs.push({
      name: 'baseline',
      label: 'baseline (node:http + better-sqlite3 INSERT)',
      targets: [baseline.url],
      pids: [process.pid],
      outcomes: [],
      seconds: 0,
      serverCpu: 0,
      runnerCpu: 0,
      messages: 0,
    });
    configs.push({
      name: 'sqlite',
      label: 'sqlite,     1 runner ',
      targets: [sqliteRunner.url],
      pids: [sqliteRunner.child.pid!],
      outcomes: [],
      seconds: 0,
      serverCpu: 0,
      runnerCpu: 0,
      messages: 0,
    });
    for (const n of runnerCounts) {
      const database = `bench_${n}`;
      await admin.unsafe(`CREATE DATABASE ${database}`);
      const started = await Promise.all(
        Array.from({ length: n }, () => startRunnerProcess(h, cluster.urlFor(database))),
      );
      runners.push(...started);
      configs.push({
        name: `postgres-${n}`,
        label: `postgres,   ${n} runner${n > 1 ? 's' : ' '}`,
        targets: started.map((r) => r.url),
        pids: started.map((r) => r.child.pid!),
        database,
        outcomes: [],
        seconds: 0,
        serverCpu: 0,
        runnerCpu: 0,
        messages: 0,
      });
    }

    // Enrolment (not timed) also warms every configuration up.
    for (const config of configs) {
      for (const round of h.enrol) {
        const warm = await h.fire(config.targets, round);
        const refused = warm.outcomes.filter((o) => o.status !== 200).length;
        if (refused > 0) throw new Error(`${config.name} enrolment: ${refused} webhooks refused`);
      }
    }
    await admin`SELECT pg_stat_statements_reset()`;
    const xacts = async (database: string) =>
      Number(
        (
          await admin<
            Array<{ n: string }>
          >`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = ${database}`
        )[0]?.n ?? 0,
      );
    const xactsBefore = new Map<string, number>();
    for (const c of configs) if (c.database) xactsBefore.set(c.name, await xacts(c.database));

    const size = Math.ceil(h.hooks.length / h.rounds);
    for (let r = 0; r < h.rounds; r++) {
      const slice = h.hooks.slice(r * size, (r + 1) * size);
      if (slice.length === 0) break;
      const order = configs.map((_, i) => configs[(i + r) % configs.length]!);
      for (const config of order) {
        const server0 = serverCpu(cluster);
        const runner0 = config.pids.reduce((sum, pid) => sum + cpuOf(pid), 0);
        const result = await h.fire(config.targets, slice);
        config.serverCpu += serverCpu(cluster) - server0;
        config.runnerCpu += config.pids.reduce((sum, pid) => sum + cpuOf(pid), 0) - runner0;
        config.outcomes.push(...result.outcomes);
        config.seconds += result.seconds;
        config.messages += slice.length;
      }
    }

    const figures = new Map(configs.map((c) => [c.name, h.figures(c.outcomes, c.seconds)]));
    const sqliteRate = figures.get('sqlite')!.rate;
    for (const c of configs) {
      const f = figures.get(c.name)!;
      const vs =
        c.name === 'baseline' || c.name === 'sqlite'
          ? ''
          : `   ${((f.rate / sqliteRate) * 100).toFixed(0)} % of SQLite${c.name === 'postgres-1' ? ' (target ≥ 40 %)' : ''}`;
      console.log(`${c.label.padEnd(46)} ${h.fmt(f)}${vs}`);
    }

    // The database work behind each message.
    console.log('database work per message (timed rounds; statements include BEGIN and COMMIT):');
    for (const c of configs) {
      if (!c.database) continue;
      const [stats] = await admin<Array<{ calls: string }>>`
        SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = ${c.database})`;
      const tx = (await xacts(c.database)) - (xactsBefore.get(c.name) ?? 0);
      console.log(
        `  ${c.label.trim().padEnd(22)} ${(Number(stats?.calls ?? 0) / c.messages).toFixed(1)} statements, ` +
          `${(tx / c.messages).toFixed(2)} transactions, server CPU ${((c.serverCpu * 1000) / c.messages).toFixed(2)} ms, ` +
          `runner CPU ${((c.runnerCpu * 1000) / c.messages).toFixed(2)} ms`,
      );
    }
    const sqliteConfig = configs.find((c) => c.name === 'sqlite')!;
    console.log(
      `  ${'sqlite, 1 runner'.padEnd(22)} runner CPU ${((sqliteConfig.runnerCpu * 1000) / sqliteConfig.messages).toFixed(2)} ms (the database is inside the runner)`,
    );

    // Round trips: one runner through a counting proxy, one request at a time.
    const proxy = await countingProxy(cluster.port);
    try {
      await admin.unsafe('CREATE DATABASE bench_probe');
      const probeUrl = new URL(cluster.urlFor('bench_probe'));
      probeUrl.port = String(proxy.port);
      const probe = await startRunnerProcess(h, probeUrl.toString());
      runners.push(probe);
      for (const round of h.enrol) await h.fire([probe.url], round);
      const sample = h.hooks.slice(0, 200).filter((hook) => hook.marker !== null);
      proxy.reset();
      await h.fire([probe.url], sample, 1);
      console.log(
        `  round trips to the server (1 runner, one request at a time): ${(proxy.turns() / sample.length).toFixed(1)} per message`,
      );
    } finally {
      proxy.close();
    }

    // Every acknowledged message stored exactly once, everywhere.
    const privacy = deriveKeys(h.secret);
    const keyOf = (hook: Webhook) =>
      inboundKeyFor(privacy, 'sms', participantIdFor(privacy, 'sms', hook.from), hook.sid);
    const problems: string[] = [];
    problems.push(
      ...h.verify('baseline', h.hooks, configs[0]!.outcomes, (hook) => baseline.stored(hook.sid)),
    );
    await stopRunners([sqliteRunner]);
    {
      const db = new Database(join(dir, 'voices.db'), { readonly: true });
      const markers = countMarkers(db.prepare('SELECT text FROM replies').all() as Array<{ text: string }>);
      const key = db.prepare('SELECT count(*) AS n FROM inbound_keys WHERE key = ?');
      problems.push(
        ...h.verify('sqlite', h.hooks, sqliteConfig.outcomes, (hook) => {
          const rows = markers.get(hook.marker ?? '') ?? 0;
          return rows === (key.get(keyOf(hook)) as { n: number }).n ? rows : -1;
        }),
      );
      db.close();
    }
    for (const c of configs) {
      if (!c.database) continue;
      const sql = postgres(cluster.urlFor(c.database), { max: 1, onnotice: () => {} });
      const markers = countMarkers(await sql<Array<{ text: string }>>`SELECT text FROM replies`);
      const keys = new Set(
        (await sql<Array<{ key: string }>>`SELECT key FROM inbound_keys`).map((row) => row.key),
      );
      await sql.end();
      problems.push(
        ...h.verify(c.name, h.hooks, c.outcomes, (hook) => {
          const rows = markers.get(hook.marker ?? '') ?? 0;
          return rows === (keys.has(keyOf(hook)) ? 1 : 0) ? rows : -1;
        }),
      );
    }
    if (problems.length > 0) {
      failed = true;
      for (const p of problems.slice(0, 20)) console.error(`FAIL ${p}`);
      console.error(`FAIL ${problems.length} problem(s)`);
    } else {
      console.log(
        `checked: all ${h.distinct} acknowledged MessageSids stored exactly once in every configuration's database`,
      );
    }
  } finally {
    await stopRunners(runners);
    await baseline.close();
    await admin.end({ timeout: 5 });
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return !failed;
}

function countMarkers(rows: readonly { text: string }[]): Map<string, number> {
  const byMarker = new Map<string, number>();
  for (const r of rows) {
    const m = /zq[a-z]+zq/.exec(r.text)?.[0];
    if (m) byMarker.set(m, (byMarker.get(m) ?? 0) + 1);
  }
  return byMarker;
}
