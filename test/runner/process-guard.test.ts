/** What escapes every handler is logged without its text; a rejection keeps serving, an exception exits cleanly. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../adapters/types.js';
import { installProcessGuards, processGuards } from '../../src/runner/process-guard.js';

const lines: Array<{ msg: string; fields: Record<string, unknown> }> = [];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (fields, msg) => lines.push({ fields, msg }),
  child: () => logger,
};
afterEach(() => {
  lines.length = 0;
});

describe('process guards', () => {
  it('an unhandled rejection is logged by class and code only, and nothing closes', async () => {
    let closed = false;
    const guards = processGuards(logger, {
      close: async () => {
        closed = true;
      },
      exit: () => {},
    });
    const secret = 'text from +15145550123';
    guards.onRejection(Object.assign(new TypeError(secret), { code: 'E_X' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.fields).toEqual({ err: 'TypeError', code: 'E_X' });
    expect(JSON.stringify(lines)).not.toContain('5145550123');
    expect(closed).toBe(false);
  });

  it('an uncaught exception closes the runner, then exits 1, once', async () => {
    const exits: number[] = [];
    let closes = 0;
    const guards = processGuards(logger, {
      close: async () => {
        closes += 1;
      },
      exit: (code) => exits.push(code),
    });
    guards.onException(new RangeError('boom'));
    guards.onException(new RangeError('again'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closes).toBe(1);
    expect(exits).toEqual([1]);
    expect(lines.map((l) => l.fields.err)).toEqual(['RangeError', 'RangeError']);
  });
});

describe('installProcessGuards', () => {
  it('adds one listener of each kind and removes them', () => {
    const before = [process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')];
    const remove = installProcessGuards(logger, { close: async () => {}, exit: () => {} });
    expect(process.listenerCount('unhandledRejection')).toBe(before[0]! + 1);
    expect(process.listenerCount('uncaughtException')).toBe(before[1]! + 1);
    remove();
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual(
      before,
    );
  });
});
