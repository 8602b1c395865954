/**
 * Starts the real runner with the Discord adapter logged in to a local fake Discord (REST and
 * gateway on 127.0.0.1), in a temp dir. `dm` sends a resident's DM through the gateway and
 * resolves once the adapter has committed it (or ignored it as a replay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events, SnowflakeUtil } from 'discord.js';
import type { DiscordAdapter } from '../../../adapters/discord/adapter.js';
import { type Runner, startRunner } from '../../../src/runner/runner.js';
import { APPLICATION_ID, FAKE_TOKEN, FakeDiscord } from './fake-discord.js';

export const ORGANIZER_ROLE = '666666666666666666';
export const DIGEST_CHANNEL = '777777777777777777';

export interface DiscordHarness {
  fake: FakeDiscord;
  runner: Runner;
  adapter: DiscordAdapter;
  /** Dispatches a DM and waits until the adapter has handled it. */
  dm(userId: string, text: string, opts?: { messageId?: string; bot?: boolean }): Promise<string>;
  /** Dispatches a `/voices` interaction and waits until the adapter has answered it. */
  slash(opts: Parameters<FakeDiscord['slash']>[0]): Promise<string>;
  close(): Promise<void>;
}

/** Resolves after discord.js has processed the gateway dispatch whose payload id is `id`. */
function processed(adapter: DiscordAdapter, id: string): Promise<void> {
  return new Promise((resolve) => {
    const onRaw = (packet: { d?: { id?: string } }) => {
      if (packet.d?.id !== id) return;
      adapter.client.off(Events.Raw, onRaw);
      // The packet handler runs right after the raw event; the adapter tracks its work from there.
      setImmediate(() => void adapter.idle().then(resolve));
    };
    adapter.client.on(Events.Raw, onRaw);
  });
}

export async function startDiscordHarness(env: Record<string, string> = {}): Promise<DiscordHarness> {
  const fake = await new FakeDiscord().start();
  const dir = mkdtempSync(join(tmpdir(), 'voices-discord-'));
  let runner: Runner;
  try {
    runner = await startRunner({
      env: {
        VOICES_DB: join(dir, 'voices.db'),
        VOICES_SECRET: 'discord-test-secret-0123456789-0123456789',
        PORT: '0',
        HOST: '127.0.0.1',
        ADAPTERS: 'discord',
        LOG_LEVEL: 'silent',
        QUIET_HOURS: 'off',
        SCHEDULER_INTERVAL_MS: '600000',
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_ORGANIZER_ROLE: ORGANIZER_ROLE,
        DISCORD_DIGEST_CHANNEL: DIGEST_CHANNEL,
        DISCORD_API_URL: fake.url,
        ...env,
      },
    });
  } catch (err) {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const adapter = runner.adapters.get('discord') as DiscordAdapter;
  return {
    fake,
    runner,
    adapter,
    async dm(userId, text, opts = {}) {
      const id = opts.messageId ?? SnowflakeUtil.generate().toString();
      const done = processed(adapter, id);
      await fake.sendDm(userId, text, { ...opts, messageId: id });
      await done;
      return id;
    },
    async slash(opts) {
      const id = opts.id ?? SnowflakeUtil.generate().toString();
      const done = processed(adapter, id);
      await fake.slash({ ...opts, id });
      await done;
      return id;
    },
    async close() {
      await runner.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
