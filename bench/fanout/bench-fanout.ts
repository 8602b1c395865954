/**
 * `npm run bench:fanout`: a scheduled prompt to BENCH_RESIDENTS (3,000) consented residents through
 * the real runner (`voices start`, its own process) at TWILIO_RATE_PER_SECOND = BENCH_RATE (100), to
 * a loopback fake of Twilio's Messages API that answers after 250 ms and refuses 2 % of creates
 * with 429 / 20429 and `Retry-After: 1`.
 *
 * Run 1 times the fan-out (first create to the last resident's message) against the ideal
 * (residents / rate = 30 s; target within 15 %) and checks that every resident got the prompt
 * exactly once. Run 2 does the same from the same starting database, kills the runner with
 * SIGKILL halfway, counts the messages in flight at the kill (rows still claimed whose create the
 * fake had already accepted), restarts it, and checks that every resident got the prompt exactly
 * once except those in flight, which may have it twice. Exits 1 when a check fails.
 *
 * Knobs: BENCH_RESIDENTS (3000), BENCH_RATE (100), BENCH_LATENCY_MS (250), BENCH_429_SHARE (0.02).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parseEnv, resolvePromptsPath } from '../../src/config/env.js';
import { decryptAddress, deriveKeys } from '../../src/core/privacy/keys.js';
import { loadPromptFile } from '../../src/core/prompts/load.js';
import type { InboundMessage } from '../../src/core/types.js';
import { Conversations, conversationSettings } from '../../src/runner/conversations.js';
import { projectRoot } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { type FakeTwilioApi, startFakeTwilioApi } from '../../test/adapters/twilio/fake-twilio-api.js';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 3000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 250);
const SHARE_429 = Number(process.env.BENCH_429_SHARE ?? 0.02);

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'f4n0utf4n0utf4n0utf4n0utf4n0ut00';
const BOT_NUMBER = '+15145550100';
const SECRET = 'bench-fanout-secret-0123456789-abcdefghijklmnop';
const root = fileURLToPath(new URL('../../', import.meta.url));
const residentNumber = (i: number) => `+1438${String(2_000_000 + i).padStart(7, '0')}`;

/** Mulberry32: the fake's 429s fall on the same requests in every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function baseEnv(dbPath: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    VOICES_DB: dbPath,
    VOICES_SECRET: SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ADAPTERS: 'twilio',
    QUIET_HOURS: 'off',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: BOT_NUMBER,
    PUBLIC_URL: 'https://voices.bench.invalid',
    TWILIO_RATE_PER_SECOND: String(RATE),
  };
}

/** Enrols every resident eight days ago (consent, group), so their next prompt is due now. */
async function prepare(dbPath: string): Promise<void> {
  const config = parseEnv(baseEnv(dbPath));
  const script = loadPromptFile(resolvePromptsPath(config.PROMPTS_FILE, projectRoot()));
  const store = new SqliteStore(dbPath);
  const then = new Date(Date.now() - 8 * 86_400_000);
  const conversations = new Conversations(
    store,
    deriveKeys(SECRET),
    conversationSettings(config, script),
    () => ({ maxLength: 1600, richText: false, threads: false, inlineReplies: true }),
    () => then,
  );
  for (const [step, text] of ['Hello', 'YES', '1'].entries()) {
    for (let start = 0; start < RESIDENTS; start += 500) {
      const batch: InboundMessage[] = [];
      for (let i = start; i < Math.min(RESIDENTS, start + 500); i++) {
        batch.push({
          channel: 'sms',
          address: residentNumber(i),
          messageId: `SM${step}-${i}`,
          text,
          receivedAt: then,
        });
      }
      for (const r of await conversations.receiveBatch(batch)) if (!r.ok) throw r.error;
    }
  }
  await store.flushErasures();
  await store.close();
}

function startRunnerProcess(dbPath: string, apiUrl: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start',
    ],
    {
      cwd: root,
      env: { ...baseEnv(dbPath), TWILIO_API_URL: apiUrl, SCHEDULER_INTERVAL_MS: '500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.includes('"level":50') || line.includes('"level":40'))
        process.stderr.write(`  runner: ${line}\n`);
    }
  });
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function perResident(api: FakeTwilioApi): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of api.messages) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
}

async function waitForAll(api: FakeTwilioApi, child: ChildProcess, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (perResident(api).size < RESIDENTS) {
    if (Date.now() > end) throw new Error(`only ${perResident(api).size} of ${RESIDENTS} residents reached`);
    if (child.exitCode !== null) throw new Error(`runner exited with ${child.exitCode}`);
    await sleep(100);
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** Rows still claimed in the database, as resident numbers (decrypted with the deployment key). */
function claimedNumbers(dbPath: string): Set<string> {
  const db = new Database(dbPath);
  const keys = deriveKeys(SECRET);
  const rows = db
    .prepare(
      `SELECT c.address_ciphertext AS sealed FROM outbox o JOIN contacts c ON c.participant_id = o.participant_id
       WHERE o.status = 'sending'`,
    )
    .all() as Array<{ sealed: string }>;
  db.close();
  return new Set(rows.map((r) => decryptAddress(keys, r.sealed)));
}

function statusCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  const rows = db
    .prepare("SELECT status, count(*) AS n FROM outbox WHERE kind != 'inline' GROUP BY status")
    .all() as Array<{ status: string; n: number }>;
  db.close();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function fakeApi(): Promise<FakeTwilioApi> {
  return startFakeTwilioApi(
    { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    { latencyMs: LATENCY_MS, rateLimitShare: SHARE_429, rateLimitRetryAfter: '1', random: seeded(16) },
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'voices-bench-fanout-'));
  const problems: string[] = [];
  const ideal = RESIDENTS / RATE;
  console.log(
    `fan-out benchmark: ${RESIDENTS} consented residents, TWILIO_RATE_PER_SECOND=${RATE} (one sender), fake Twilio ` +
      `with ${LATENCY_MS} ms latency and ${(SHARE_429 * 100).toFixed(0)} % 429 + Retry-After: 1; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
  );
  try {
    const seed = join(dir, 'seed.db');
    const t0 = performance.now();
    await prepare(seed);
    console.log(
      `prepared ${RESIDENTS} residents in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`,
    );

    // ---- run 1: the whole fan-out, timed -----------------------------------------------------
    {
      const db = join(dir, 'run1.db');
      copyFileSync(seed, db);
      const api = await fakeApi();
      const child = startRunnerProcess(db, api.url);
      try {
        await waitForAll(api, child, ideal * 4000 + 60_000);
        const cpu = cpuSeconds(child.pid);
        const first = Math.min(...api.attempts.map((a) => a.at));
        const reached = new Map<string, number>();
        for (const m of api.messages) if (!reached.has(m.to)) reached.set(m.to, m.at);
        const last = Math.max(...reached.values());
        await sleep(1500);
        await stop(child, 'SIGTERM');
        const seconds = (last - first) / 1000;
        const ratio = seconds / ideal;
        const counts = perResident(api);
        const twice = [...counts.values()].filter((n) => n > 1).length;
        const refused = api.attempts.filter((a) => a.status === 429).length;
        console.log(
          `run 1: ${RESIDENTS} residents reached in ${seconds.toFixed(2)} s; ideal ${ideal.toFixed(1)} s; ` +
            `ratio ${ratio.toFixed(3)} (target ≤ 1.15): ${ratio <= 1.15 ? 'ok' : 'SLOW'}`,
        );
        console.log(
          `       ${api.attempts.length} creates, ${refused} answered 429 and retried; ` +
            `${counts.size} residents got it, ${twice} of them more than once; outbox rows ${JSON.stringify(statusCounts(db))}`,
        );
        const buckets: number[] = [];
        for (const a of api.attempts) {
          const b = Math.floor((a.at - first) / 5000);
          buckets[b] = (buckets[b] ?? 0) + 1;
        }
        console.log(
          `       creates per 5 s: ${Array.from(buckets, (n) => n ?? 0).join(', ')}; runner CPU ${cpu?.toFixed(1) ?? '?'} s ` +
            `(start-up included); machine load ${loadavg()[0]?.toFixed(2)}`,
        );
        if (ratio > 1.15) problems.push(`run 1 took ${seconds.toFixed(2)} s, more than 15 % over ${ideal} s`);
        if (counts.size !== RESIDENTS || twice > 0) problems.push('run 1: not every resident exactly once');
      } finally {
        await stop(child, 'SIGKILL');
        await api.close();
      }
    }

    // ---- run 2: kill -9 halfway, restart ------------------------------------------------------
    {
      const db = join(dir, 'run2.db');
      copyFileSync(seed, db);
      const api = await fakeApi();
      let child = startRunnerProcess(db, api.url);
      try {
        while (api.messages.length < RESIDENTS / 2) {
          if (child.exitCode !== null) throw new Error('runner exited early');
          await sleep(20);
        }
        await stop(child, 'SIGKILL');
        const atKill = api.messages.length;
        // In flight at the kill: claimed rows whose create the platform had already accepted.
        const claimed = claimedNumbers(db);
        const accepted = new Set(api.messages.map((m) => m.to));
        const inFlight = new Set([...claimed].filter((n) => accepted.has(n)));
        console.log(
          `run 2: killed (SIGKILL) after ${atKill} messages; ${claimed.size} rows claimed at the kill, ` +
            `${inFlight.size} of them already accepted by the platform (in flight)`,
        );
        child = startRunnerProcess(db, api.url);
        await waitForAll(api, child, ideal * 4000 + 60_000);
        await sleep(1500);
        await stop(child, 'SIGTERM');
        const counts = perResident(api);
        const twice = [...counts].filter(([, n]) => n > 1).map(([to]) => to);
        const outside = twice.filter((to) => !inFlight.has(to));
        console.log(
          `       after the restart: ${counts.size} of ${RESIDENTS} residents got the prompt; ${twice.length} twice, ` +
            `all of them among the ${inFlight.size} in flight: ${outside.length === 0 ? 'yes' : `NO (${outside.length} others)`}; ` +
            `outbox rows ${JSON.stringify(statusCounts(db))}`,
        );
        if (counts.size !== RESIDENTS)
          problems.push(`run 2: ${RESIDENTS - counts.size} residents never reached`);
        if (outside.length > 0)
          problems.push(`run 2: ${outside.length} residents got it twice without being in flight`);
        if ([...counts.values()].some((n) => n > 2))
          problems.push('run 2: a resident got it more than twice');
      } finally {
        await stop(child, 'SIGKILL');
        await api.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`FAIL ${p}`);
    process.exitCode = 1;
  } else {
    console.log('checked: every resident exactly once (run 2: except the messages in flight at the kill)');
  }
}

await main();
