/**
 * The durable outbox: a restart neither loses nor repeats a send; platform answers drive retries,
 * opt-outs and unreachable participants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import type { Logger, SendResult } from '../../adapters/types.js';
import { startRunner } from '../../src/runner/runner.js';
import { direct, sqliteTxOf } from '../helpers/store.js';
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
    expect(await runner.conversations.ask('new-idea')).toBe(1);
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
      expect(await runner.conversations.ask('new-idea')).toBe(3);
      await runner.drainOutbox();
      expect(calls.sort()).toEqual(['gus', 'hal', 'ivy']);

      const status = async (who: string) =>
        (await direct(runner.store).participant(runner.conversations.participantId('simulator', who)))
          ?.status;
      expect(await status('hal')).toBe('opted_out');
      expect(await status('ivy')).toBe('unreachable');
      expect(await status('gus')).toBe('active');

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
      expect(await runner.conversations.ask('work-together')).toBe(1);
      await runner.drainOutbox();
      expect(calls.filter((c) => c !== 'gus')).toEqual(['hal', 'ivy']);
    } finally {
      await runner.close();
    }
  });
});

/** A logger that keeps what it is given (the tests read the messages and fields). */
function memoryLogger(lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }>): Logger {
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string) => (fields: Record<string, unknown>, msg: string) =>
      lines.push({ level, msg, fields: { ...bindings, ...fields } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}

async function enrolled(who: string[], clock = testClock('2026-11-16T15:00:00Z'), logger?: Logger) {
  const dir = mkdtempSync(join(tmpdir(), 'voices-outbox-'));
  dirs.push(dir);
  const runner = await startRunner({ env: envFor(dir), now: clock.now, ...(logger ? { logger } : {}) });
  for (const name of who) for (const t of ['hi', 'yes', 'skip']) await simulate(runner, name, t);
  return { runner, dir, clock, sim: runner.adapters.get('simulator') as SimulatorAdapter };
}

describe('outbox: concurrency, recovery, errors', () => {
  it('sends side by side up to the channel limit, one at a time per resident, in queue order', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `res-${i}`);
    const { runner, sim } = await enrolled(names);
    try {
      let inFlight = 0;
      let most = 0;
      const perResident = new Map<string, number>();
      const order: string[] = [];
      const realSend = sim.send.bind(sim);
      sim.send = async (message) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        const mine = (perResident.get(message.address) ?? 0) + 1;
        perResident.set(message.address, mine);
        expect(mine).toBe(1);
        if (message.address === 'res-0') order.push(message.text);
        await new Promise((resolve) => setTimeout(resolve, 100));
        perResident.set(message.address, mine - 1);
        inFlight -= 1;
        return realSend(message);
      };
      expect(await runner.conversations.ask('new-idea')).toBe(30);
      expect(await runner.conversations.notice('simulator', 'res-0', 'The forum is on Thursday.')).toBe(true);
      const started = performance.now();
      await runner.drainOutbox();
      const ms = performance.now() - started;
      expect(most).toBeGreaterThan(10);
      expect(most).toBeLessThanOrEqual(50);
      // One at a time this would take 31 × 100 ms.
      expect(ms).toBeLessThan(2000);
      expect(order).toEqual([
        'What is one new idea to make things better here?',
        'The forum is on Thursday.',
      ]);
      for (const name of names) expect(sim.peekInbox(name).length).toBeGreaterThanOrEqual(1);
    } finally {
      await runner.close();
    }
  });

  it('an outcome the database refuses is kept and written when it can: no second send, even after a restart', async () => {
    const { runner, dir, clock, sim } = await enrolled(['kim']);
    const tx = sqliteTxOf(runner.store);
    const real = tx.completeOutbox.bind(tx);
    let refusals = 3;
    tx.completeOutbox = async (...args) => {
      if (refusals > 0) {
        refusals -= 1;
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return real(...args);
    };
    let sends = 0;
    const realSend = sim.send.bind(sim);
    sim.send = async (m) => {
      sends += 1;
      return realSend(m);
    };
    expect(await runner.conversations.ask('new-idea')).toBe(1);
    await runner.drainOutbox();
    expect(sends).toBe(1);
    const id = runner.conversations.participantId('simulator', 'kim');
    // Still `sending` in the database; the dispatcher holds the outcome and retries the write.
    expect((await direct(runner.store).outboxFor(id)).at(-1)?.status).toBe('sending');
    for (let i = 0; i < 100 && (await direct(runner.store).outboxFor(id)).at(-1)?.status !== 'sent'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await direct(runner.store).outboxFor(id)).at(-1)?.status).toBe('sent');
    expect(sends).toBe(1);
    await runner.close();

    const again = await startRunner({ env: envFor(dir), now: clock.now });
    try {
      await again.drainOutbox();
      expect((again.adapters.get('simulator') as SimulatorAdapter).peekInbox('kim')).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('a send left in flight by a killed process goes again at start, and the log says so once', async () => {
    const { runner, dir, clock } = await enrolled(['lou']);
    expect(await runner.conversations.ask('new-idea')).toBe(1);
    // What a process killed inside the platform call leaves behind: a claimed row.
    expect(await direct(runner.store).claimOutbox('simulator', clock.now(), 10, 60_000)).toHaveLength(1);
    await runner.close();

    const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
    const again = await startRunner({ env: envFor(dir), now: clock.now, logger: memoryLogger(lines) });
    try {
      await again.drainOutbox();
      const sim = again.adapters.get('simulator') as SimulatorAdapter;
      expect(sim.peekInbox('lou')).toEqual(['What is one new idea to make things better here?']);
      const said = lines.filter((l) => /interrupted inside the platform call/.test(l.msg));
      expect(said).toHaveLength(1);
      expect(said[0]?.fields.rows).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('a failing claim never escapes: the dispatcher backs off and carries on', async () => {
    const { runner, sim } = await enrolled(['max']);
    try {
      const tx = sqliteTxOf(runner.store);
      const real = tx.claimOutbox.bind(tx);
      let refusals = 2;
      tx.claimOutbox = async (...args) => {
        if (refusals > 0) {
          refusals -= 1;
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
        }
        return real(...args);
      };
      expect(await runner.conversations.ask('new-idea')).toBe(1);
      await runner.drainOutbox();
      for (let i = 0; i < 100 && sim.peekInbox('max').length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(sim.peekInbox('max')).toEqual(['What is one new idea to make things better here?']);
      expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    } finally {
      await runner.close();
    }
  });
});
