/**
 * Three runners under fire: three `voices start` processes on one PostgreSQL database, 200 residents
 * holding whole conversations through the simulator, each message sent to a random runner (a
 * message refused or lost with a runner is retried, same id, at another, as a platform retries).
 *
 * Half the residents converse first; then the runners' clocks move a week ahead, so their next
 * prompt comes due and the weekly digest is built, while the other half converse. The first runner
 * to move ahead is killed with SIGKILL as soon as it is sending prompts (its prompt and digest
 * work cut off midway), and started again. Afterwards:
 * - every acknowledged message is stored exactly once (its dedupe key once, each answer's reply row once);
 * - every due prompt was queued once and sent once (one outbox row, one attempt), except those the
 *   killed runner had claimed (in flight at the kill), counted, which may have taken a second attempt;
 * - the digest was stored once and posted once (one `files` post, written by exactly one runner).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys, inboundKeyFor, participantIdFor } from '../../src/core/privacy/keys.js';
import { freshPostgresUrl, skipPostgresTests } from '../helpers/postgres.js';

const skip = skipPostgresTests('test/runner/three-runners.test.ts');
const RESIDENTS = 200;
const SECRET = 'three-runners-secret-0123456789-abcdefghijklmnop';
const root = join(import.meta.dirname, '..', '..');

interface RunnerProcess {
  child: ChildProcess;
  url: string;
  digestDir: string;
}

/** Starts `voices start` as its own process; resolves with its URL once it listens. */
function startRunnerProcess(dbUrl: string, digestDir: string): Promise<RunnerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      VOICES_DB: dbUrl,
      VOICES_DB_POOL: '4',
      VOICES_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ADAPTERS: 'simulator',
      QUIET_HOURS: 'off',
      TIMEZONE: 'America/Toronto',
      SCHEDULER_INTERVAL_MS: '300',
      DIGEST_DIR: digestDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`runner did not start in 90 s: ${out.slice(-2000)}`)),
      90_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*gathering voices is listening/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], digestDir });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runner exited (${code}) before listening: ${out.slice(-2000)}`));
    });
  });
}

const address = (i: number) => `resident-${String(i).padStart(3, '0')}`;

/** A resident's whole first conversation: hello, consent, group, an answer, a follow-up answer. */
function script(i: number): Array<{ id: string; text: string; answer: boolean }> {
  return [
    { id: `m${i}-hello`, text: 'Hello', answer: false },
    { id: `m${i}-yes`, text: 'yes', answer: false },
    { id: `m${i}-group`, text: String(1 + (i % 3)), answer: false },
    { id: `m${i}-a1`, text: `More families at the splash pad [r${i}a1]`, answer: true },
    { id: `m${i}-a2`, text: `It is free and shaded [r${i}a2]`, answer: true },
  ];
}

describe.skipIf(skip)('three runners on one PostgreSQL, one killed -9 midway', () => {
  let dbUrl: string;
  let sql: postgres.Sql;
  const dirs: string[] = [];
  const runners: Array<RunnerProcess | null> = [];
  const everyProcess: ChildProcess[] = [];

  beforeAll(async () => {
    dbUrl = await freshPostgresUrl();
    sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
    // The first runner migrates the empty database; the others start together after it.
    const started = await Promise.all(
      [0, 1, 2].map(() => {
        const dir = mkdtempSync(join(tmpdir(), 'voices-3r-'));
        dirs.push(dir);
        return startRunnerProcess(dbUrl, dir);
      }),
    );
    for (const r of started) {
      runners.push(r);
      everyProcess.push(r.child);
    }
  }, 180_000);

  afterAll(async () => {
    for (const child of everyProcess) if (child.exitCode === null) child.kill('SIGKILL');
    await sql?.end({ timeout: 5 });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stores every acknowledged message once, sends every due prompt once, posts the digest once', async () => {
    const acknowledged = new Map<string, { resident: number; text: string; answer: boolean }>();
    let sentMessages = 0;
    let retries = 0;
    let killed: Promise<void> | null = null;
    let inFlightAtKill: string[] = [];

    const live = () => runners.filter((r): r is RunnerProcess => r !== null);
    const pick = () => {
      const up = live();
      return up[Math.floor(Math.random() * up.length)]!;
    };

    /** Kills runner 1 with SIGKILL, counts the prompts it had claimed, and starts it again. */
    const killAndRestart = async (meanwhile: () => Promise<unknown>) => {
      const victim = runners[1]!;
      runners[1] = null;
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => victim.child.once('exit', resolve));
      // PostgreSQL drops the dead runner's connections, and its presence lock, as it notices.
      const presence = async () =>
        (
          await sql<Array<{ n: number }>>`
            SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = ${0x766f_0002}::oid
              AND objsubid = 2 AND granted`
        )[0]?.n;
      for (let i = 0; i < 500 && (await presence()) !== 2; i++) await new Promise((r) => setTimeout(r, 10));
      // Counted before any other runner can recover them: the claims the dead runner held.
      const rows = await sql<Array<{ id: string }>>`
        SELECT id FROM outbox WHERE status = 'sending' AND kind IN ('prompt', 'reminder') AND claimed_by NOT IN (
          SELECT objid::int FROM pg_locks WHERE locktype = 'advisory' AND classid = ${0x766f_0002}::oid
            AND objsubid = 2 AND granted)`;
      const othersAdvanced = meanwhile();
      inFlightAtKill = rows.map((r) => r.id);
      const dir = mkdtempSync(join(tmpdir(), 'voices-3r-'));
      dirs.push(dir);
      const restarted = await startRunnerProcess(dbUrl, dir);
      everyProcess.push(restarted.child);
      // Its clock joins the others' a week ahead before it takes traffic.
      await fetch(`${restarted.url}/simulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance: '1w' }),
      });
      runners[1] = restarted;
      await othersAdvanced;
    };

    /** Sends one message to random runners until one acknowledges it (200). */
    const deliver = async (resident: number, message: { id: string; text: string; answer: boolean }) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const runner = pick();
        try {
          const res = await fetch(`${runner.url}/simulator/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: address(resident), text: message.text, id: message.id }),
            signal: AbortSignal.timeout(20_000),
          });
          await res.arrayBuffer();
          if (res.status === 200) {
            acknowledged.set(message.id, { resident, ...message });
            sentMessages += 1;
            return;
          }
        } catch {
          // The runner died under the request: like a platform, send it again elsewhere.
        }
        retries += 1;
        await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 20));
      }
      throw new Error(`message ${message.id} never acknowledged`);
    };

    const converse = async (residents: number[], concurrency: number) => {
      const queue = [...residents];
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            for (const message of script(i)) await deliver(i, message);
          }
        }),
      );
    };

    const first = Array.from({ length: RESIDENTS / 2 }, (_, i) => i);
    const second = Array.from({ length: RESIDENTS / 2 }, (_, i) => i + RESIDENTS / 2);

    // Half the residents hold their first conversation.
    await converse(first, 10);

    // A week later: the first half's next prompt is due and the weekly digest is built, while the
    // other half converse. Runner 1 moves first; as soon as it sends prompts it is killed -9,
    // then the other two move a week ahead and runner 1 starts again.
    const advance = (r: RunnerProcess) =>
      fetch(`${r.url}/simulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance: '1w' }),
      }).catch(() => undefined);
    const conversing = converse(second, 10);
    while (sentMessages < RESIDENTS * 3 - 100) await new Promise((resolve) => setTimeout(resolve, 10));
    const victimAdvanced = advance(runners[1]!);
    for (let i = 0; i < 1000; i++) {
      const [row] = await sql<
        Array<{ n: number }>
      >`SELECT count(*)::int AS n FROM outbox WHERE kind = 'prompt' AND status <> 'pending'`;
      if ((row?.n ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    killed = killAndRestart(() => Promise.all(live().map(advance)));
    await conversing;
    await killed;
    await victimAdvanced;

    // Every acknowledged message: its dedupe key once, each answer once in replies.
    expect(acknowledged.size).toBe(RESIDENTS * 5);
    const keys = deriveKeys(SECRET);
    const expectedKeys = [...acknowledged.values()].map((m, n) => {
      const id = [...acknowledged.keys()][n]!;
      const participant = participantIdFor(keys, 'simulator', address(m.resident));
      return inboundKeyFor(keys, 'simulator', participant, id);
    });
    const storedKeys = await sql<
      Array<{ key: string }>
    >`SELECT key FROM inbound_keys WHERE key = ANY(${expectedKeys})`;
    expect(storedKeys.length).toBe(expectedKeys.length);
    const replies = await sql<Array<{ text: string; n: number }>>`
      SELECT text, count(*)::int AS n FROM replies GROUP BY text`;
    const replyCount = new Map(replies.map((r) => [r.text, r.n]));
    const answers = [...acknowledged.values()].filter((m) => m.answer);
    expect(answers.length).toBe(RESIDENTS * 2);
    expect(answers.filter((m) => replyCount.get(m.text) !== 1)).toEqual([]);
    expect(replies.reduce((sum, r) => sum + r.n, 0)).toBe(RESIDENTS * 2);

    // Every due prompt queued once and sent once: the first half's second question, and whatever the
    // week's jump made due for those of the second half who were mid-conversation (a reminder, or
    // a question on a runner whose clock had moved).
    const firstIds = new Set(first.map((i) => participantIdFor(keys, 'simulator', address(i))));
    type PromptRow = {
      id: string;
      participantId: string;
      kind: string;
      promptId: string | null;
      status: string;
      attempts: number;
    };
    let prompts: PromptRow[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      prompts = await sql<PromptRow[]>`
        SELECT id, participant_id AS "participantId", kind, prompt_id AS "promptId", status, attempts FROM outbox
        WHERE kind IN ('prompt', 'reminder')`;
      const firstDone = prompts.filter((p) => firstIds.has(p.participantId)).length >= firstIds.size;
      if (firstDone && prompts.every((p) => p.status === 'sent')) break;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const perMessage = new Map<string, number>();
    for (const p of prompts) {
      const key = `${p.participantId}/${p.kind}/${p.promptId}`;
      perMessage.set(key, (perMessage.get(key) ?? 0) + 1);
    }
    expect([...perMessage].filter(([, n]) => n !== 1)).toEqual([]);
    const firstPrompts = prompts.filter((p) => firstIds.has(p.participantId) && p.kind === 'prompt');
    expect(new Set(firstPrompts.map((p) => p.participantId)).size).toBe(firstIds.size);
    expect(prompts.filter((p) => p.status !== 'sent')).toEqual([]);
    const inFlight = new Set(inFlightAtKill);
    expect(prompts.filter((p) => p.attempts !== 1 && !inFlight.has(p.id))).toEqual([]);

    // The digest: stored once, posted once, its files written by one runner.
    const digests = await sql`SELECT id FROM digests`;
    expect(digests.length).toBe(1);
    const posts = await sql`SELECT destination FROM digest_posts`;
    expect(posts.map((p) => p.destination)).toEqual(['files']);
    const writers = dirs.filter((dir) => readdirSync(dir).length > 0);
    expect(writers.length).toBe(1);

    process.stdout.write(
      `three runners: ${acknowledged.size} messages acknowledged (${retries} sends retried at another runner), ` +
        `${prompts.length} due prompts and reminders sent (${firstPrompts.length} of them the first half's next question), ` +
        `${inFlightAtKill.length} in flight at the kill` +
        ` (${prompts.filter((p) => p.attempts > 1).length} sent a second time), 1 digest posted\n`,
    );
  }, 600_000);
});
