/**
 * A start that fails after adapters are up (the port is taken) stops what it started: a Socket Mode
 * connection or a theme worker left open would keep the process alive instead of exiting with the error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isVoicesError } from '../../src/core/errors.js';
import { startRunner } from '../../src/runner/runner.js';
import { startThemeWorker } from '../../src/runner/theme-worker/index.js';
import { FakeSlack } from '../adapters/slack/fake-slack.js';

describe('a failed start', () => {
  it('closes the Slack socket and the theme worker it opened before the port was refused', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const fake = await FakeSlack.start();
    const dir = mkdtempSync(join(tmpdir(), 'voices-failed-start-'));
    const worker = startThemeWorker({});
    let workerClosed = false;
    const close = worker.close.bind(worker);
    worker.close = async () => {
      workerClosed = true;
      await close();
    };
    try {
      const err = await startRunner({
        themeWorker: worker,
        env: {
          VOICES_DB: join(dir, 'voices.db'),
          VOICES_SECRET: 'failed-start-secret-0123456789-0123456789',
          PORT: String(port),
          HOST: '127.0.0.1',
          ADAPTERS: 'slack',
          LOG_LEVEL: 'silent',
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_APP_TOKEN: 'xapp-1-test-app-token',
          SLACK_API_URL: fake.apiUrl,
        },
      }).catch((e: unknown) => e);
      expect(isVoicesError(err, 'config_invalid')).toBe(true);
      // Socket Mode had connected (the adapter started), and is closed again by the failed start.
      expect(fake.socketsOpened).toBeGreaterThan(0);
      const deadline = Date.now() + 5_000;
      while (fake.socketConnections > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(fake.socketConnections).toBe(0);
      expect(workerClosed).toBe(true);
    } finally {
      await worker.close();
      await fake.close();
      await new Promise((resolve) => busy.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
