/**
 * The durable outbox: a restart neither loses nor repeats a send; platform answers drive retries,
 * opt-outs and unreachable participants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import type { SendResult } from '../../adapters/types.js';
import { startRunner } from '../../src/runner/runner.js';
import { simulate, TEST_SECRET, testClock } from '../helpers/test-runner.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function envFor(dir: string) {
  return {
    VOICES_DB: join(dir, 'v.db'),
    VOICES_SECRET: TEST_SECRET,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_MS: '3600000',
  };
}

describe('outbox', () => {
  it('a queued prompt survives a restart and is sent exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voices-outbox-'));
    dirs.push(dir);
    const clock = testClock('2026-11-16T15:00:00Z');
    let runner = await startRunner({ env: envFor(dir), now: clock.now });
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'fay', t);
    // 23:00 in Toronto: quiet hours hold the ask until 08:00.
    clock.set('2026-11-17T04:00:00Z');
    expect(runner.conversations.ask('new-idea')).toBe(1);
    await runner.drainOutbox();
    expect((runner.adapters.get('simulator') as SimulatorAdapter).peekInbox('fay')).toEqual([]);
    await runner.close();

    clock.set('2026-11-17T13:05:00Z');
    runner = await startRunner({ env: envFor(dir), now: clock.now });
    await runner.drainOutbox();
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    expect(sim.peekInbox('fay')).toEqual(['What is one new idea to make things better here?']);
    await runner.close();

    runner = await startRunner({ env: envFor(dir), now: clock.now });
    await runner.drainOutbox();
    expect((runner.adapters.get('simulator') as SimulatorAdapter).peekInbox('fay')).toEqual([]);
    await runner.close();
  });

  it('transient failures retry with backoff; opted_out and unreachable update the participant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voices-outbox-'));
    dirs.push(dir);
    const clock = testClock('2026-11-16T15:00:00Z');
    const runner = await startRunner({ env: envFor(dir), now: clock.now });
    try {
      const sim = runner.adapters.get('simulator') as SimulatorAdapter;
      for (const who of ['gus', 'hal', 'ivy'])
        for (const t of ['hi', 'yes', 'skip']) await simulate(runner, who, t);
      const script: Record<string, SendResult[]> = {
        gus: [
          { ok: false, reason: 'rate_limited', retryAfterMs: 5_000 },
          { ok: false, reason: 'transient' },
        ],
        hal: [{ ok: false, reason: 'opted_out', code: 21610 }],
        ivy: [{ ok: false, reason: 'unreachable', code: 50007 }],
      };
      const calls: string[] = [];
      const realSend = sim.send.bind(sim);
      sim.send = async (message) => {
        calls.push(message.address);
        const next = script[message.address]?.shift();
        return next ?? realSend(message);
      };
      expect(runner.conversations.ask('new-idea')).toBe(3);
      await runner.drainOutbox();
      expect(calls.sort()).toEqual(['gus', 'hal', 'ivy']);

      const status = (who: string) =>
        runner.store.getParticipant(runner.conversations.participantId('simulator', who))?.status;
      expect(status('hal')).toBe('opted_out');
      expect(status('ivy')).toBe('unreachable');
      expect(status('gus')).toBe('active');

      // Not due yet: the platform asked for 5 s.
      clock.advance(4_000);
      await runner.drainOutbox();
      expect(calls.filter((c) => c === 'gus')).toHaveLength(1);
      clock.advance(2_000);
      await runner.drainOutbox();
      expect(calls.filter((c) => c === 'gus')).toHaveLength(2);
      // Then backoff (4 s after the 2nd attempt), then success.
      clock.advance(5_000);
      await runner.drainOutbox();
      expect(sim.peekInbox('gus')).toEqual(['What is one new idea to make things better here?']);
      // Nothing more goes to the opted-out or unreachable participants, even on the next ask.
      expect(runner.conversations.ask('work-together')).toBe(1);
      await runner.drainOutbox();
      expect(calls.filter((c) => c !== 'gus')).toEqual(['hal', 'ivy']);
    } finally {
      await runner.close();
    }
  });
});
