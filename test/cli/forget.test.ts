/** `voices forget` finds a participant however their address is written. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCliContext } from '../../src/cli/context.js';
import { CHANNELS, type Channel } from '../../src/core/types.js';
import { TEST_SECRET } from '../helpers/test-runner.js';

const run = promisify(execFile);

describe('voices forget', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voices-forget-'));
    env = { ...process.env, VOICES_DB: join(dir, 'v.db'), VOICES_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A resident who wrote once, as the platform spells their address. */
  async function resident(channel: Channel, address: string): Promise<void> {
    const ctx = await openCliContext(env);
    try {
      await ctx.conversations.receive({
        channel,
        address,
        messageId: `${channel}-${address}`,
        text: 'hello',
        receivedAt: new Date(),
      });
    } finally {
      await ctx.close();
    }
  }
  const forget = async (...args: string[]) =>
    (await run(process.execPath, ['bin/voices.js', 'forget', ...args], { env })).stdout.trim();

  it.each([
    '613 555 0177',
    '(613) 555-0177',
    '613.555.0177',
    '+1 613 555 0177',
    '1-613-555-0177',
    '+16135550177',
  ])('erases the SMS resident +16135550177 given as "%s"', async (written) => {
    await resident('sms', '+16135550177');
    const ctx = await openCliContext(env);
    try {
      expect(await ctx.conversations.forget(written, CHANNELS)).toBe(1);
      expect(await ctx.conversations.forget(written, CHANNELS)).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('the command looks on the channel given only, or on every channel', async () => {
    await resident('sms', '+16135550177');
    await resident('slack', 'U024BE7LH');
    expect(await forget('613 555 0177', '--channel', 'slack')).toBe('no participant with that address');
    expect(await forget('<@u024be7lh>', '--channel', 'slack')).toBe('erased 1 participant(s)');
    expect(await forget('(613) 555-0177')).toBe('erased 1 participant(s)');
  });

  it('refuses an unknown channel, naming the choices', async () => {
    const failed = await run(process.execPath, ['bin/voices.js', 'forget', 'x', '--channel', 'fax'], {
      env,
    }).catch((e: { stderr: string }) => e);
    expect((failed as { stderr: string }).stderr).toContain(
      '--channel: use one of simulator, sms, slack, discord',
    );
  });
});
