/** Starts the real runner on loopback with a temporary SQLite file and a controllable clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Runner, type RunnerOptions, startRunner } from '../../src/runner/runner.js';

export interface TestClock {
  now: () => Date;
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-11-16T15:00:00Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface TestRunner extends Runner {
  dir: string;
  dbPath: string;
  clock: TestClock;
  /** Closes the runner and removes its files. */
  dispose(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export async function startTestRunner(
  env: Record<string, string> = {},
  clock: TestClock = testClock(),
  options: Pick<RunnerOptions, 'logger' | 'themeWorker'> = {},
): Promise<TestRunner> {
  const dir = mkdtempSync(join(tmpdir(), 'voices-test-'));
  const dbPath = join(dir, 'voices.db');
  const runner = await startRunner({
    env: {
      VOICES_DB: dbPath,
      VOICES_SECRET: TEST_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADAPTERS: 'simulator',
      ORG_NAME: 'Riverside Community Centre',
      TIMEZONE: 'America/Toronto',
      QUIET_HOURS: '21:00-08:00',
      SCHEDULER_INTERVAL_MS: '3600000',
      ...env,
    },
    now: clock.now,
    ...options,
  });
  let disposed = false;
  return Object.assign(runner, {
    dir,
    dbPath,
    clock,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** POST /simulator/messages as a resident. */
export async function simulate(
  runner: Runner,
  from: string,
  text: string,
  id?: string,
): Promise<{
  status: number;
  replies: string[];
  duplicate?: boolean;
  error?: { code: string; message: string };
}> {
  const res = await fetch(`${runner.url}/simulator/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(id ? { from, text, id } : { from, text }),
  });
  const body = (await res.json()) as {
    replies?: string[];
    duplicate?: boolean;
    error?: { code: string; message: string };
  };
  return { status: res.status, replies: body.replies ?? [], ...body };
}
