/**
 * `npm run bench:inbound`: signed Twilio webhooks over loopback into the real runner, against a
 * bare baseline (node:http + better-sqlite3, one INSERT per request, the same pragmas), in the
 * same run, at the same fixed concurrency.
 *
 * Workload: BENCH_RESIDENTS residents are enrolled first (not timed); then BENCH_N webhooks, each
 * a resident's answer (real resident comments from ../shared/datasets/polis-*.csv), every 20th a
 * Twilio retry of an earlier MessageSid. Ours does everything a live request does: signature
 * check, dedupe, pseudonymize, engine step, scrub, one SQLite transaction, TwiML. The baseline only
 * parses the form and inserts.
 *
 * Afterwards it checks, for both, that every acknowledged (200) MessageSid is in the database
 * exactly once (ours: one reply row carrying the message's marker, one dedupe key; a retry adds
 * nothing and got the same answer), and exits 1 otherwise.
 *
 * The load is split into BENCH_ROUNDS rounds that alternate which side goes first, so the drift of a
 * shared machine's load hits both alike; throughput and latency are over all rounds.
 *
 * The load generator runs on a worker thread, so each server has a core of its own.
 *
 * Knobs: BENCH_N (default 3000), BENCH_CONCURRENCY (32), BENCH_RESIDENTS (200), BENCH_ROUNDS (6).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import twilio from 'twilio';
import { deriveKeys, inboundKeyFor, participantIdFor } from '../../src/core/privacy/keys.js';
import { type Runner, startRunner } from '../../src/runner/runner.js';
import { PRAGMAS } from '../../src/store/sqlite/db.js';
import type { SqliteStore } from '../../src/store/sqlite/store.js';
import { benchStores } from './multi-store.js';

const N = Number(process.env.BENCH_N ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const RETRY_EVERY = 20;

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'b3nchb3nchb3nchb3nchb3nchb3nch00';
const BOT_NUMBER = '+15145550100';
const PUBLIC_URL = 'https://voices.bench.invalid';
const SIGNED_URL = `${PUBLIC_URL}/sms/twilio`;

const root = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

// ---- workload -------------------------------------------------------------------------------

function residentComments(): string[] {
  const files = ['polis-affordable-housing-comments.csv', 'polis-bg2050-volunteers-comments.csv']
    .map((f) => join(root, '..', 'shared', 'datasets', f))
    .filter((p) => existsSync(p));
  const comments = files.flatMap((file) =>
    (
      parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
        Record<string, string>
      >
    )
      .map((row) => row['comment-body'] ?? '')
      .filter((t) => t.length > 0 && t.length < 600),
  );
  if (comments.length === 0) {
    console.warn('shared datasets not found; using a fixed sentence');
    return ['The park by the school needs more benches and better lighting at night.'];
  }
  return comments;
}

/** A marker made of letters only, so the scrubber has no reason to touch it. */
function marker(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `zq${s}zq`;
}

const residentNumber = (i: number) => `+1438${String(2_000_000 + i).padStart(7, '0')}`;
const sidFor = (seed: string) => `SM${createHash('sha256').update(seed).digest('hex').slice(0, 32)}`;

interface Webhook {
  sid: string;
  from: string;
  marker: string | null;
  body: string;
  signature: string;
}

function webhook(from: string, text: string, sid: string, mark: string | null): Webhook {
  const params: Record<string, string> = {
    ToCountry: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: text,
    To: BOT_NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
  };
  return {
    sid,
    from,
    marker: mark,
    body: new URLSearchParams(params).toString(),
    signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, SIGNED_URL, params),
  };
}

/** Three rounds (first contact, consent, group question skipped), each resident's in order. */
function enrolment(): Webhook[][] {
  return ['Hello', 'YES', 'SKIP'].map((text) =>
    Array.from({ length: RESIDENTS }, (_, r) =>
      webhook(residentNumber(r), text, sidFor(`e${r}${text}`), null),
    ),
  );
}

function load(comments: string[]): Webhook[] {
  const out: Webhook[] = [];
  for (let i = 0; i < N; i++) {
    if (i > 0 && i % RETRY_EVERY === 0) {
      // A Twilio retry: byte-for-byte the same request as an earlier one (maybe still in flight).
      out.push(out[i - 1 - ((i * 7) % Math.min(i, 50))]!);
      continue;
    }
    const mark = marker(i);
    const text = `${comments[i % comments.length]} ${mark}`;
    out.push(webhook(residentNumber(i % RESIDENTS), text, sidFor(`m${i}`), mark));
  }
  return out;
}

// ---- load generator -------------------------------------------------------------------------

interface Outcome {
  status: number;
  body: string;
  ms: number;
}

/**
 * Fires `hooks` with `concurrency` requests in flight, from a worker thread; with several targets,
 * request i goes to targets[i mod n].
 */
function fire(
  target: string | string[],
  hooks: Webhook[],
  concurrency = CONCURRENCY,
): Promise<{ outcomes: Outcome[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: {
        targets: Array.isArray(target) ? target : [target],
        hooks: hooks.map((h) => ({ body: h.body, signature: h.signature })),
        concurrency,
      },
    });
    worker.once('message', (result: { outcomes: Outcome[]; seconds: number }) => resolve(result));
    worker.once('error', reject);
  });
}

interface Figures {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
}

function figures(outcomes: Outcome[], seconds: number): Figures {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? Number.NaN;
  return {
    rate: outcomes.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    ok: outcomes.filter((o) => o.status === 200).length,
  };
}

// ---- the two servers ------------------------------------------------------------------------

async function startBaseline(dir: string) {
  const db = new Database(join(dir, 'baseline.db'));
  for (const pragma of PRAGMAS) db.pragma(pragma);
  db.exec(
    'CREATE TABLE messages (sid TEXT PRIMARY KEY, sender TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL)',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO messages (sid, sender, body, at) VALUES (?, ?, ?, ?)');
  const twimlEmpty = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      insert.run(form.get('MessageSid') ?? '', form.get('From') ?? '', form.get('Body') ?? '', Date.now());
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(twimlEmpty);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stored: (sid: string) =>
      (db.prepare('SELECT count(*) AS n FROM messages WHERE sid = ?').get(sid) as { n: number }).n,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

/** The runner's settings in every configuration (the database and port are each one's own). */
const RUNNER_ENV = {
  VOICES_SECRET: SECRET,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  ADAPTERS: 'twilio',
  QUIET_HOURS: 'off',
  SCHEDULER_INTERVAL_MS: '3600000',
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_FROM: BOT_NUMBER,
  PUBLIC_URL,
  // Nothing is sent during the run (every answer goes back inline); a closed port if it were.
  TWILIO_API_URL: 'http://127.0.0.1:9',
};

async function startOurs(dir: string): Promise<Runner> {
  return startRunner({
    env: { ...RUNNER_ENV, VOICES_DB: join(dir, 'voices.db'), PORT: '0' },
  });
}

// ---- checks ---------------------------------------------------------------------------------

/** Every acknowledged MessageSid stored exactly once; retries answered the same. */
function verify(
  name: string,
  hooks: Webhook[],
  outcomes: Outcome[],
  storedCount: (hook: Webhook) => number,
): string[] {
  const problems: string[] = [];
  const answer = new Map<string, string>();
  hooks.forEach((hook, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status !== 200) {
      problems.push(`${name}: request ${i} answered ${outcome.status}`);
      return;
    }
    const first = answer.get(hook.sid);
    if (first === undefined) answer.set(hook.sid, outcome.body);
    else if (first !== outcome.body) problems.push(`${name}: retry of request ${i} got a different answer`);
  });
  const seen = new Set<string>();
  hooks.forEach((hook, i) => {
    if (seen.has(hook.sid) || outcomes[i]?.status !== 200) return;
    seen.add(hook.sid);
    const n = storedCount(hook);
    if (n !== 1) problems.push(`${name}: acknowledged message ${i} stored ${n} times`);
  });
  return problems;
}

// ---- run ------------------------------------------------------------------------------------

const fmt = (f: Figures) =>
  `${f.rate.toFixed(0).padStart(6)} msgs/s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms   (${f.ok} × 200)`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'voices-bench-inbound-'));
  const comments = residentComments();
  const enrol = enrolment();
  const hooks = load(comments);
  const distinct = new Set(hooks.map((h) => h.sid)).size;
  console.log(
    `inbound benchmark: ${N} signed webhooks (${distinct} distinct MessageSids, ${N - distinct} Twilio retries), ` +
      `concurrency ${CONCURRENCY}, ${RESIDENTS} residents, loopback; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
  );

  const baseline = await startBaseline(dir);
  const runner = await startOurs(dir);
  let failed = false;
  try {
    // Enrol the residents (also warms up both servers); not timed.
    for (const round of enrol) {
      const warm = await fire(runner.url, round);
      const refused = warm.outcomes.filter((o) => o.status !== 200).length;
      if (refused > 0) throw new Error(`enrolment: ${refused} webhooks refused`);
      await fire(baseline.url, round);
    }

    // Alternating rounds (baseline first, then ours first) so drift in a shared machine's load
    // hits both sides alike; figures are over all rounds.
    const baseOut: Outcome[] = [];
    const oursOut: Outcome[] = [];
    let baseSeconds = 0;
    let oursSeconds = 0;
    const roundRatios: number[] = [];
    const size = Math.ceil(hooks.length / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const slice = hooks.slice(r * size, (r + 1) * size);
      if (slice.length === 0) break;
      const runBase = () => fire(baseline.url, slice);
      const runOurs = () => fire(runner.url, slice);
      let b: Awaited<ReturnType<typeof fire>>;
      let o: Awaited<ReturnType<typeof fire>>;
      if (r % 2 === 0) {
        b = await runBase();
        o = await runOurs();
      } else {
        o = await runOurs();
        b = await runBase();
      }
      baseOut.push(...b.outcomes);
      oursOut.push(...o.outcomes);
      baseSeconds += b.seconds;
      oursSeconds += o.seconds;
      roundRatios.push(b.seconds / o.seconds);
    }
    const fb = figures(baseOut, baseSeconds);
    const fo = figures(oursOut, oursSeconds);
    console.log(`baseline (node:http + better-sqlite3 INSERT): ${fmt(fb)}`);
    console.log(`ours     (runner, ADAPTERS=twilio):           ${fmt(fo)}`);
    const ratio = fo.rate / fb.rate;
    const sorted = [...roundRatios].sort((a, b) => a - b);
    console.log(
      `ratio ours/baseline: ${(ratio * 100).toFixed(1)} % of the baseline's throughput (target ≥ 50 %); ` +
        `per round ${roundRatios.map((x) => `${(x * 100).toFixed(0)} %`).join(', ')}, median ${((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100).toFixed(1)} %`,
    );
    const ours = { outcomes: oursOut };
    const base = { outcomes: baseOut };

    // Durability check: ours through the store (replies carry the marker; dedupe keys the sid).
    const replies = await runner.store.read((r) => r.listReplies());
    const byMarker = new Map<string, number>();
    for (const r of replies) {
      const m = /zq[a-z]+zq/.exec(r.text)?.[0];
      if (m) byMarker.set(m, (byMarker.get(m) ?? 0) + 1);
    }
    const keys = (runner.store as SqliteStore).handle.sqlite.prepare(
      'SELECT count(*) AS n FROM inbound_keys WHERE key = ?',
    );
    const privacy = deriveKeys(SECRET);
    const problems = [
      ...verify('ours', hooks, ours.outcomes, (h) => {
        const rows = byMarker.get(h.marker ?? '') ?? 0;
        const participant = participantIdFor(privacy, 'sms', h.from);
        const key = (keys.get(inboundKeyFor(privacy, 'sms', participant, h.sid)) as { n: number }).n;
        return rows === key ? rows : -1;
      }),
      ...verify('baseline', hooks, base.outcomes, (h) => baseline.stored(h.sid)),
    ];
    if (replies.length !== distinct)
      problems.push(`ours: ${replies.length} reply rows for ${distinct} messages`);
    if (problems.length > 0) {
      failed = true;
      for (const p of problems.slice(0, 20)) console.error(`FAIL ${p}`);
      console.error(`FAIL ${problems.length} problem(s)`);
    } else {
      console.log(
        `checked: all ${distinct} acknowledged MessageSids stored exactly once in both databases ` +
          `(ours: ${replies.length} reply rows); ${N - distinct} retries answered identically`,
      );
    }
  } finally {
    await runner.close();
    await baseline.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

// `--store postgres --runners 1,2,3`: every store side by side (bench/inbound/multi-store.ts).
const args = parseArgs({
  options: { store: { type: 'string', default: 'sqlite' }, runners: { type: 'string', default: '1' } },
});
if (args.values.store === 'postgres') {
  const counts = args.values.runners.split(',').map((n) => Number(n.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new Error('--runners: e.g. 1,2,3');
  const comments = residentComments();
  const hooks = load(comments);
  const ok = await benchStores(
    {
      root,
      secret: SECRET,
      rounds: ROUNDS,
      enrol: enrolment(),
      hooks,
      distinct: new Set(hooks.map((h) => h.sid)).size,
      env: RUNNER_ENV,
      fire,
      figures,
      fmt,
      verify,
      startBaseline,
      describe: `${N} signed webhooks (every ${RETRY_EVERY}th a Twilio retry), concurrency ${CONCURRENCY}, ${RESIDENTS} residents, ${ROUNDS} rounds`,
    },
    counts,
  );
  process.exitCode = ok ? 0 : 1;
} else if (args.values.store === 'sqlite') {
  await main();
} else {
  throw new Error('--store: sqlite or postgres');
}
