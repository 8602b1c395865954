/** Logs carry no message text, address, platform id or secret, even at debug level. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runner/logger.js';
import { startRunner } from '../../src/runner/runner.js';
import { simulate, TEST_SECRET } from '../helpers/test-runner.js';

describe('logs', () => {
  it('a whole conversation, a bad request and a shutdown log nothing personal', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'voices-logs-'));
    const runner = await startRunner({
      env: { VOICES_DB: join(dir, 'v.db'), VOICES_SECRET: TEST_SECRET, PORT: '0', LOG_LEVEL: 'debug' },
      logger: createLogger('trace', sink),
    });
    const resident = 'resident-4165550142';
    for (const t of [
      'hi',
      'yes',
      '1',
      'My name is Jean Roy, 416-555-0142, jean@example.org: the pool reopened',
    ]) {
      await simulate(runner, resident, t);
    }
    await fetch(`${runner.url}/simulator/messages`, { method: 'POST', body: '{"from": 1}' });
    await runner.close();
    rmSync(dir, { recursive: true, force: true });

    expect(out).toContain('gathering voices is listening');
    expect(out).toContain('stopped');
    for (const secret of [
      'Jean Roy',
      '416-555-0142',
      'jean@example.org',
      'pool reopened',
      resident,
      TEST_SECRET,
    ]) {
      expect(out).not.toContain(secret);
    }
  });

  it('redacts fields that could carry personal data if a caller passes them by mistake', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    createLogger('info', sink).info(
      { text: 'hello Jean', address: '+15145550100', nested: { token: 'xoxb-1' } },
      'x',
    );
    expect(out).not.toContain('hello Jean');
    expect(out).not.toContain('+15145550100');
    expect(out).not.toContain('xoxb-1');
    expect(out).toContain('[redacted]');
  });
});
