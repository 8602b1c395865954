/**
 * `voices import` of 100,000 rows into the database of a running bot, under 50-way webhook load:
 * the import commits in short chunks, and a webhook waiting for the write lock waits off the event
 * loop, so no webhook gets a 500 (or a 503) or waits more than a second in the server.
 *
 * The wait is read from the server's own access log (arrival to answer): on a shared two-core
 * machine the load generator, in the same process, also waits for the CPU, which says nothing
 * about the server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../adapters/types.js';
import { type Runner, startRunner } from '../../src/runner/runner.js';
import { TEST_SECRET } from '../helpers/test-runner.js';

const ROWS = 100_000;
const CONCURRENCY = 50;
const TEXTS = [
  'The community garden brings neighbours together every Saturday',
  'More benches and shade near the library would help seniors',
  'The youth drop-in needs longer hours in winter',
  'Le marché du samedi est un lieu de rencontre important',
];

/** Keeps the access log's status and duration of every webhook. */
function accessLog(into: Array<{ status: number; ms: number }>): Logger {
  const logger: Logger = {
    debug: (fields, msg) => {
      if (msg === 'request' && fields.path === '/simulator/messages') {
        into.push({ status: Number(fields.status), ms: Number(fields.ms) });
      }
    },
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return logger;
}

describe('voices import under webhook load', () => {
  let runner: Runner;
  let dir: string;
  const served: Array<{ status: number; ms: number }> = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-import-load-'));
    runner = await startRunner({
      env: {
        VOICES_DB: join(dir, 'voices.db'),
        VOICES_SECRET: TEST_SECRET,
        PORT: '0',
        LOG_LEVEL: 'debug',
        SCHEDULER_INTERVAL_MS: '3600000',
      },
      logger: accessLog(served),
    });
  });
  afterAll(async () => {
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 100,000 rows while 50 webhooks at a time all get a 200 within a second', async () => {
    const file = join(dir, 'notes.csv');
    const lines = ['id,text,prompt,group,date'];
    for (let i = 0; i < ROWS; i++)
      lines.push(`${i},${TEXTS[i % TEXTS.length]} ${i},new-idea,parent,2026-11-0${1 + (i % 9)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);

    const importer = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', file], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        VOICES_DB: join(dir, 'voices.db'),
        VOICES_SECRET: TEST_SECRET,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    importer.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    importer.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const finished = new Promise<number | null>((resolve) => importer.once('exit', (code) => resolve(code)));
    let running = true;
    void finished.then(() => {
      running = false;
    });

    const statuses = new Set<number>();
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        for (let n = 0; running; n++) {
          const res = await fetch(`${runner.url}/simulator/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ from: `load-${w}`, text: n % 3 === 0 ? 'hi' : `a reply ${n}` }),
          });
          await res.arrayBuffer();
          statuses.add(res.status);
          sent += 1;
          // Each of the 50 is a platform sending webhooks, not a closed loop saturating the CPU.
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }),
    );
    expect(await finished, output).toBe(0);
    expect(output).toMatch(new RegExp(`imported ${ROWS} rows`));
    expect(await runner.store.read((r) => r.countReplies())).toBeGreaterThanOrEqual(ROWS);
    expect(sent).toBeGreaterThan(500);
    expect([...statuses]).toEqual([200]);
    expect(served.length).toBe(sent);
    const slowest = Math.max(...served.map((s) => s.ms));
    const sorted = served.map((s) => s.ms).sort((a, b) => a - b);
    const p99 = sorted[Math.floor(sorted.length * 0.99)];
    console.info(
      `import under load: ${served.length} webhooks during the import, all 200; server time p99 ${p99} ms, slowest ${slowest} ms`,
    );
    // The bound, on every webhook: measured 46 ms slowest on a quiet machine, 1,009 ms only at load 14.
    expect(slowest, `p99 ${p99} ms over ${served.length} webhooks`).toBeLessThan(1000);
  }, 240_000);
});
