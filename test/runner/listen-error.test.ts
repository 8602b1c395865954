/** A busy port stops the bot with a sentence naming PORT, not a raw EADDRINUSE. */

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isVoicesError } from '../../src/core/errors.js';
import { startTestRunner } from '../helpers/test-runner.js';

describe('listening', () => {
  it('a port in use is reported as "port N is in use; set PORT"', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const err = await startTestRunner({ PORT: String(port) }).catch((e: unknown) => e);
      expect(isVoicesError(err, 'config_invalid')).toBe(true);
      expect((err as Error).message).toMatch(new RegExp(`^port ${port} is in use; set PORT to a free port`));
      expect((err as { detail?: unknown }).detail).toEqual({ variable: 'PORT' });
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
