/** The runner's weekly digest with its theme worker failing or cut short by a shutdown. */
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/core/digest/period.js';
import { createLogger } from '../../../src/runner/logger.js';
import { startThemeWorker } from '../../../src/runner/theme-worker/index.js';
import { replies } from '../../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../../src/store/sqlite/store.js';
import { direct, drizzleOf } from '../../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../../helpers/test-runner.js';

const FAKE = new URL('./fake-engine.ts', import.meta.url);
const WEEK = periodOf('2026-11-16', '2026-11-22', 'America/Toronto');
/** The Monday after WEEK, past DIGEST_CRON's 09:00. */
const DUE = new Date('2026-11-23T15:00:00Z');

let runner: TestRunner | undefined;
afterEach(async () => {
  await runner?.dispose();
  runner = undefined;
});

function logSink() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

/** Replies of WEEK; the fake engine acts on the first one's text. */
async function startWith(first: string) {
  const log = logSink();
  runner = await startTestRunner({}, undefined, {
    logger: log.logger,
    themeWorker: startThemeWorker({ engine: FAKE, logger: log.logger }),
  });
  await runner.store.insertImported(
    [first, 'my secret reply about the bus', 'another reply'].map((text, i) => ({
      participantId: null,
      promptId: 'noticed',
      isFollowUp: false,
      text,
      channel: 'offline',
      language: 'en',
      group: null,
      receivedAt: new Date(WEEK.start.getTime() + 3_600_000 * (i + 1)),
      source: 'imported' as const,
      importKey: `k${i}`,
    })),
  );
  return { live: runner, log };
}

describe('the digest when theming fails', () => {
  it('a worker that dies fails the run with themer_failed, logged without text; the runner serves on and retries', async () => {
    const { live, log } = await startWith('exit');
    await live.digests.runDue(DUE);
    expect(await direct(live.store).digestForPeriod(WEEK)).toBeUndefined();
    expect(log.text()).toContain('theme worker failed');
    expect(log.text()).toMatch(/"err":"VoicesError:themer_failed".*"msg":"weekly digest failed"/);
    expect(log.text()).not.toContain('secret');
    expect((await simulate(live, 'kim', 'hello')).status).toBe(200);

    // The period stays due; once theming works, the next run stores it.
    drizzleOf(live.store).update(replies).set({ text: 'fine now' }).where(eq(replies.text, 'exit')).run();
    await live.digests.runDue(DUE);
    expect((await direct(live.store).digestForPeriod(WEEK))?.prompts[0]?.themes[0]?.replies).toBe(3);
  });

  it('close() cancels a digest being themed, promptly; the period stays due for the next start', async () => {
    const { live, log } = await startWith('spin');
    const before = await direct(live.store).lastDigestRun();
    const run = live.digests.runDue(DUE);
    // Time for the thread to start and be stuck in the job.
    await new Promise((r) => setTimeout(r, 1_500));
    const started = performance.now();
    await live.close();
    await run;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(log.text()).toContain('weekly digest cancelled by shutdown');
    expect(log.text()).not.toContain('weekly digest failed');
    const reopened = new SqliteStore(live.dbPath);
    try {
      expect(await direct(reopened).lastDigestRun()).toEqual(before);
      expect(await direct(reopened).digestForPeriod(WEEK)).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });
});
