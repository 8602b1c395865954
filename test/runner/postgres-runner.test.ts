/**
 * The real runner on PostgreSQL (`VOICES_DB=postgres://…`): a whole conversation, duplicates
 * dropped, a scheduled prompt sent; /healthz reports the database; clear start-up errors when the
 * server cannot be reached or the shared secret is missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import { isVoicesError } from '../../src/core/errors.js';
import { startRunner } from '../../src/runner/runner.js';
import { freshPostgresUrl, skipPostgresTests } from '../helpers/postgres.js';
import { direct } from '../helpers/store.js';
import { simulate, startTestRunner, TEST_SECRET, type TestRunner } from '../helpers/test-runner.js';

const skip = skipPostgresTests('test/runner/postgres-runner.test.ts');
const HOUR = 3_600_000;

describe.skipIf(skip)('runner on PostgreSQL', () => {
  let runner: TestRunner | undefined;
  afterEach(async () => {
    await runner?.dispose();
    runner = undefined;
  });

  it('holds a conversation: replies stored once, duplicates answered from the store, prompts sent', async () => {
    runner = await startTestRunner({ VOICES_DB: await freshPostgresUrl() });
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    expect(runner.store.dialect).toBe('postgres');
    expect((await simulate(runner, 'ana', 'Hello')).replies[0]).toMatch(/Reply YES to join/);
    expect((await simulate(runner, 'ana', 'yes')).replies[0]).toMatch(/Which best describes you/);
    expect((await simulate(runner, 'ana', '1')).replies).toEqual([
      'What have you noticed in your community lately?',
    ]);
    const first = await simulate(runner, 'ana', 'More families at the splash pad', 'msg-1');
    expect(first.replies[0]).toMatch(/a bit more/);
    const retry = await simulate(runner, 'ana', 'More families at the splash pad', 'msg-1');
    expect(retry.replies).toEqual(first.replies);
    expect(retry.duplicate).toBe(true);

    const stored = await direct(runner.store).listReplies();
    expect(stored.map((r) => [r.promptId, r.text, r.group, r.source])).toEqual([
      ['noticed', 'More families at the splash pad', 'parent', 'live'],
    ]);

    runner.clock.advance(7 * 24 * HOUR);
    await runner.tick();
    expect(sim.peekInbox('ana')).toEqual(['What is working well in our community right now?']);

    const health = await fetch(`${runner.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'postgres' });
  });

  it('says clearly at start when the server cannot be reached', async () => {
    const err = await startRunner({
      env: {
        VOICES_DB: 'postgres://voices:secret-pass@127.0.0.1:1/voices',
        VOICES_SECRET: TEST_SECRET,
        PORT: '0',
        LOG_LEVEL: 'silent',
        ADAPTERS: 'simulator',
      },
    }).catch((e: unknown) => e);
    expect(isVoicesError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/voices/);
    expect(String((err as Error).message)).not.toContain('secret-pass');
  });

  it('requires VOICES_SECRET with a PostgreSQL database (a generated secret would differ per runner)', async () => {
    const err = await startRunner({
      env: { VOICES_DB: await freshPostgresUrl(), PORT: '0', LOG_LEVEL: 'silent', ADAPTERS: 'simulator' },
    }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/VOICES_SECRET: required with a PostgreSQL VOICES_DB/);
  });
});
