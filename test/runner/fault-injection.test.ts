/**
 * Faults the outbox and the webhooks must survive, injected for real: a full disk (a tiny tmpfs),
 * the write lock held by another process for 20 s, a storm of 429s with `Retry-After: 0`, and a
 * platform call that never answers. Each time the process keeps serving, no prompt is lost and
 * none is sent twice.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import { type Runner, startRunner } from '../../src/runner/runner.js';
import { type FakeTwilioApi, startFakeTwilioApi } from '../adapters/twilio/fake-twilio-api.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, inboundSms, postSigned } from '../adapters/twilio/helpers.js';
import { sqliteOf } from '../helpers/store.js';
import {
  simulate,
  startTestRunner,
  TEST_SECRET,
  type TestRunner,
  testClock,
} from '../helpers/test-runner.js';

const PROMPT = 'What is one new idea to make things better here?';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, ms: number, poke?: () => Promise<unknown>) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await poke?.();
    await sleep(50);
  }
}

/** Counts every send per resident; each takes `delayMs`, so some are in flight when the fault hits. */
function countSends(sim: SimulatorAdapter, delayMs: number): Map<string, number> {
  const sends = new Map<string, number>();
  const real = sim.send.bind(sim);
  sim.send = async (message) => {
    await sleep(delayMs);
    sends.set(message.address, (sends.get(message.address) ?? 0) + 1);
    return real(message);
  };
  return sends;
}

function statusCounts(runner: Runner): Record<string, number> {
  const rows = sqliteOf(runner.store)
    .prepare("SELECT status, count(*) AS n FROM outbox WHERE kind != 'inline' GROUP BY status")
    .all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const RESIDENTS = Array.from({ length: 10 }, (_, i) => `neighbour-${i}`);

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'voices-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

describe('fault injection', () => {
  // Mounting a tmpfs needs root, which CI (and this project's machines) have.
  it.runIf(canMount())(
    'disk full: webhooks get 503, the outbox waits, nothing is lost or doubled',
    async () => {
      const mountDir = mkdtempSync(join(tmpdir(), 'voices-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountDir]);
      cleanups.push(() => {
        execFileSync('umount', ['-l', mountDir]);
        rmSync(mountDir, { recursive: true, force: true });
      });
      const dbPath = join(mountDir, 'voices.db');
      const clock = testClock();
      const runner = await startRunner({
        env: {
          VOICES_DB: dbPath,
          VOICES_SECRET: TEST_SECRET,
          PORT: '0',
          LOG_LEVEL: 'silent',
          SCHEDULER_INTERVAL_MS: '3600000',
        },
        now: clock.now,
      });
      cleanups.push(() => runner.close());
      for (const who of RESIDENTS) for (const t of ['hi', 'yes', 'skip']) await simulate(runner, who, t);
      const sim = runner.adapters.get('simulator') as SimulatorAdapter;
      const sends = countSends(sim, 300);
      expect(await runner.conversations.ask('new-idea')).toBe(RESIDENTS.length);
      // An empty WAL: every write from here on needs new blocks.
      await runner.store.flushErasures();

      const draining = runner.drainOutbox();
      await until(
        () =>
          (sqliteOf(runner.store)
            .prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sending'")
            .pluck()
            .get() as number) > 0,
        2000,
      );
      // Fill the disk while those sends are in flight.
      const filler = join(mountDir, 'filler');
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(16 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        expect((err as { code?: string }).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
      await draining;

      // Still serving: health answers, a webhook that cannot be stored gets 503 with Retry-After.
      expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
      const refused = await fetch(`${runner.url}/simulator/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'newcomer', text: 'hello' }),
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // The sends claimed before the disk filled went out; their outcomes could not be written, so
      // the rows stay claimed (nobody sends them again) and the outcomes wait in memory.
      expect(statusCounts(runner).sending ?? 0).toBeGreaterThan(0);
      for (const r of RESIDENTS) expect(sends.get(r) ?? 0).toBeLessThanOrEqual(1);

      // Space comes back: every prompt goes out, once.
      rmSync(filler);
      await until(
        () => RESIDENTS.every((r) => sim.peekInbox(r).length > 0),
        40_000,
        () => runner.drainOutbox(),
      );
      await runner.drainOutbox();
      for (const r of RESIDENTS) expect(sends.get(r), r).toBe(1);
      expect(statusCounts(runner)).toEqual({ sent: RESIDENTS.length });
      expect((await simulate(runner, 'newcomer', 'hello')).status).toBe(200);
    },
  );

  it('the write lock held by another process for 20 s: 503 within seconds, health stays quick, nothing lost or doubled', async () => {
    const runner = await startTestRunner();
    cleanups.push(() => runner.dispose());
    for (const who of RESIDENTS) for (const t of ['hi', 'yes', 'skip']) await simulate(runner, who, t);
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    const sends = countSends(sim, 300);
    expect(await runner.conversations.ask('new-idea')).toBe(RESIDENTS.length);
    const draining = runner.drainOutbox();

    // Another process takes the write lock and keeps it for 20 s.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('busy_timeout = 5000');
         db.exec('BEGIN IMMEDIATE'); console.log('locked');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 20000);`,
        runner.dbPath,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const lockedAt = Date.now();
    await draining;

    const hooks = await timed(() => simulate(runner, 'newcomer', 'hello'));
    expect(hooks.value.status).toBe(503);
    expect(hooks.ms).toBeLessThan(4000);
    let slowest = 0;
    while (Date.now() - lockedAt < 8000) {
      const health = await timed(() => fetch(`${runner.url}/healthz`));
      expect(health.value.status).toBe(200);
      slowest = Math.max(slowest, health.ms);
      await sleep(250);
    }
    expect(slowest).toBeLessThan(500);
    // Sends claimed before the lock finished; their outcomes wait in memory, nothing is re-sent.
    for (const r of RESIDENTS) expect(sends.get(r) ?? 0).toBeLessThanOrEqual(1);

    await new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    await until(
      () => RESIDENTS.every((r) => sim.peekInbox(r).length > 0),
      40_000,
      () => runner.drainOutbox(),
    );
    await until(
      () => (statusCounts(runner).sent ?? 0) === RESIDENTS.length,
      10_000,
      () => runner.drainOutbox(),
    );
    for (const r of RESIDENTS) expect(sends.get(r), r).toBe(1);
    expect(statusCounts(runner)).toEqual({ sent: RESIDENTS.length });
    expect((await simulate(runner, 'newcomer', 'hello')).status).toBe(200);
  }, 60_000);

  describe('through the Twilio API', () => {
    let api: FakeTwilioApi;
    let runner: TestRunner;
    const PUBLIC_URL = 'https://voices.example.org';
    const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+1514555${String(1000 + i)}`);

    async function start(env: Record<string, string> = {}) {
      api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      runner = await startTestRunner({
        ADAPTERS: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: BOT_NUMBER,
        PUBLIC_URL,
        TWILIO_API_URL: api.url,
        TWILIO_RATE_PER_SECOND: '100',
        ...env,
      });
      cleanups.push(async () => {
        await runner.dispose();
        await api.close();
      });
    }

    async function enrol(from: string) {
      for (const body of ['Hello', 'YES', '1']) {
        const res = await postSigned(`${runner.url}/sms/twilio`, inboundSms(from, body), {
          signedUrl: `${PUBLIC_URL}/sms/twilio`,
        });
        expect(res.status).toBe(200);
      }
    }

    it('a storm of 429s with Retry-After: 0 loses no prompt and doubles none', async () => {
      await start();
      const residents = numbers(40);
      for (const r of residents) await enrol(r);
      api.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '0' }, 60);
      expect(await runner.conversations.ask('new-idea')).toBe(40);
      for (let i = 0; i < 200 && api.messages.length < 40; i++) {
        await runner.drainOutbox();
        runner.clock.advance(30_000);
      }
      await runner.drainOutbox();
      expect(api.attempts.filter((a) => a.status === 429)).toHaveLength(60);
      for (const r of residents) expect(api.inbox(r), r).toEqual([PROMPT]);
      expect(statusCounts(runner)).toEqual({ sent: 40 });
      expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    });

    it('a hung platform call stalls nobody else, times out, and is retried once', async () => {
      await start({ TWILIO_TIMEOUT_MS: '1500' });
      const residents = numbers(6);
      for (const r of residents) await enrol(r);
      api.stallNext(1);
      expect(await runner.conversations.ask('new-idea')).toBe(6);
      const draining = runner.drainOutbox();
      // The five others go out while the first call hangs.
      await until(() => api.messages.length >= 5, 1000);
      expect(api.attempts.filter((a) => a.status === 0)).toHaveLength(1);
      await draining;
      for (let i = 0; i < 20 && api.messages.length < 6; i++) {
        runner.clock.advance(10_000);
        await runner.drainOutbox();
      }
      for (const r of residents) expect(api.inbox(r), r).toEqual([PROMPT]);
      expect(statusCounts(runner)).toEqual({ sent: 6 });
    });
  });
});
