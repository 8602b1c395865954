/**
 * The runner keeps answering webhooks while it builds a large digest: theming runs on a worker thread and the
 * rest of the build (reading replies, building, rendering, storing) never holds the event loop for long.
 *
 * 5,000 replies this week (and 250 in each of the four weeks before, so the previous weeks are themed too) from
 * the shared community, Polis and banking77 sets; meanwhile residents text the bot through Twilio-signed
 * webhooks and the simulator, over loopback, from a client thread. `startStallMonitor` measures the CPU time the
 * loop spends between two 5 ms ticks (what the loop itself does, whatever else loads the machine; see there): it
 * must never reach 50 ms. Wall-clock lateness and `monitorEventLoopDelay` are printed beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/digest/period.js';
import type { NewReply } from '../../src/core/ports/store.js';
import { type FakeTwilioApi, startFakeTwilioApi } from '../adapters/twilio/fake-twilio-api.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from '../adapters/twilio/helpers.js';
import { startStallMonitor } from '../helpers/stall-monitor.js';
import { direct } from '../helpers/store.js';
import { startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const DATASETS = join(import.meta.dirname, '../../../shared/datasets');
const TZ = 'America/Toronto';
const WEEK = periodOf('2026-11-16', '2026-11-22', TZ);
const PUBLIC_URL = 'https://voices.example.org';
const PROMPTS = ['noticed', 'working-well', 'new-idea'];
const GROUPS = ['parent', 'youth', 'senior', null];
const MAX_STALL_MS = 50;

function texts(): string[] {
  const out: string[] = [];
  for (const [file, column] of [
    ['community-bg2050-volunteers-topics.csv', 'text'],
    ['community-fr-topics.csv', 'text'],
    ['polis-affordable-housing-comments.csv', 'comment-body'],
    ['banking77-train.csv', 'text'],
  ] as const) {
    const rows = parse(readFileSync(join(DATASETS, file)), { columns: true }) as Array<
      Record<string, string>
    >;
    for (const row of rows) if (row[column]?.trim()) out.push(row[column]!.trim());
  }
  return out;
}

function repliesOf(all: string[], count: number, from: Date, days: number, key: string): NewReply[] {
  return Array.from({ length: count }, (_, i) => ({
    participantId: null,
    promptId: PROMPTS[i % PROMPTS.length]!,
    isFollowUp: false,
    // A fixed stride through every set: each prompt mixes community statements, French answers and noise.
    text: all[(i * 7_919 + key.length * 31) % all.length]!,
    channel: 'offline',
    language: null,
    group: GROUPS[i % GROUPS.length]!,
    receivedAt: new Date(from.getTime() + ((i * 104_729) % (days * 86_400_000))),
    source: 'imported',
    importKey: `${key}-${i}`,
  }));
}

let runner: TestRunner | undefined;
let api: FakeTwilioApi | undefined;

afterEach(async () => {
  await runner?.dispose();
  await api?.close();
});

describe('building a digest', () => {
  it(`answers every webhook meanwhile; the event loop is never held > ${MAX_STALL_MS} ms`, async () => {
    api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    runner = await startTestRunner({
      ADAPTERS: 'twilio,simulator',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: BOT_NUMBER,
      PUBLIC_URL,
      TWILIO_API_URL: api.url,
      TWILIO_RATE_PER_SECOND: '100',
    });
    const all = texts();
    const rows = repliesOf(all, 5_000, WEEK.start, 7, 'week');
    for (let w = 1; w <= 4; w++) {
      rows.push(...repliesOf(all, 250, new Date(WEEK.start.getTime() - w * 7 * 86_400_000), 7, `w${w}`));
    }
    expect(await runner.store.insertImported(rows)).toBe(6_000);
    const live = runner;

    // The residents' clients run on their own thread; they warm the runner up first (one-time start-up costs such as
    // the scrubber's word lists are not the digest's), then text in until the digest is stored.
    const clients = new Worker(new URL('./fixtures/webhook-residents.mjs', import.meta.url), {
      workerData: {
        url: live.url,
        publicUrl: PUBLIC_URL,
        authToken: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        botNumber: BOT_NUMBER,
        residents: 6,
        pauseMs: 20,
      },
    });
    const next = () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        clients.once('message', resolve);
        clients.once('error', reject);
      });
    clients.postMessage('warm');
    expect((await next()).warm).toBe(24);

    const monitor = startStallMonitor();
    const answered = next();
    clients.postMessage('run');
    // The Monday after WEEK, past DIGEST_CRON's 09:00: WEEK's digest is due.
    const started = performance.now();
    await live.digests.runDue(new Date('2026-11-23T15:00:00Z'));
    const buildMs = performance.now() - started;
    // A few more webhooks after the build, then stop.
    await new Promise((r) => setTimeout(r, 200));
    clients.postMessage('stop');
    const { statuses, latencies } = (await answered) as { statuses: number[]; latencies: number[] };
    const report = monitor.stop();
    await clients.terminate();
    const digest = await direct(live.store).digestForPeriod(WEEK);
    expect(digest?.participation.replies).toBeGreaterThanOrEqual(5_000);
    expect(digest?.prompts.map((p) => p.promptId)).toEqual(PROMPTS);
    for (const p of digest?.prompts ?? []) expect(p.themes.length).toBeGreaterThan(1);
    // Previous weeks were themed too: some theme has a history.
    expect(digest?.prompts.some((p) => p.themes.some((t) => t.history.some((n) => n > 0)))).toBe(true);

    // Every webhook answered, and plenty of them during the build.
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(30);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    console.info(
      `digest-event-loop: digest built in ${(buildMs / 1000).toFixed(1)} s, ${statuses.length} webhooks answered ` +
        `meanwhile (slowest ${ms(Math.max(...latencies))}); ${report.ticks} ticks: loop busy at most ${ms(report.maxBusyMs)} ` +
        `between two (CPU time: ${report.schedstat}); latest tick ${ms(report.maxLatenessMs)}, ` +
        `${ms(report.maxHeldMs)} without run-queue wait; monitorEventLoopDelay max ${ms(report.eventLoopDelayMaxMs)}, ` +
        `p99 ${ms(report.eventLoopDelayP99Ms)}; busiest [at, busy, late, wait] ` +
        JSON.stringify(report.worst.map((t) => [t.atMs, t.busyMs, t.latenessMs, t.waitMs].map(Math.round))),
    );
    expect(report.maxBusyMs).toBeLessThan(MAX_STALL_MS);
    expect(report.ticks).toBeGreaterThan(100);
  }, 300_000);
});
