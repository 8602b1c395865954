/**
 * Several runners on one PostgreSQL database with the Discord adapter: one runner at a time holds
 * the gateway connection (every runner sends through REST); when its holder stops, or loses the
 * database connection that holds the role, another runner takes the gateway over.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordAdapter } from '../../../adapters/discord/adapter.js';
import { type Runner, startRunner } from '../../../src/runner/runner.js';
import { freshPostgresUrl, skipPostgresTests } from '../../helpers/postgres.js';
import { APPLICATION_ID, FAKE_TOKEN, FakeDiscord } from './fake-discord.js';

const skip = skipPostgresTests('test/adapters/discord/gateway-owner.test.ts');

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip)('the Discord gateway across runners on PostgreSQL', () => {
  let fake: FakeDiscord;
  let url: string;
  let sql: postgres.Sql;
  const runners: Runner[] = [];

  const start = async () => {
    const runner = await startRunner({
      env: {
        VOICES_DB: url,
        VOICES_SECRET: 'discord-gateway-secret-0123456789-0123456789',
        PORT: '0',
        HOST: '127.0.0.1',
        ADAPTERS: 'discord',
        LOG_LEVEL: 'silent',
        QUIET_HOURS: 'off',
        SCHEDULER_INTERVAL_MS: '600000',
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: fake.url,
      },
    });
    runners.push(runner);
    return runner;
  };
  const adapter = (runner: Runner) => runner.adapters.get('discord') as DiscordAdapter;
  const connected = () => runners.filter((r) => adapter(r).client.isReady());

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    url = await freshPostgresUrl();
    sql = postgres(url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    for (const runner of runners) await runner.close().catch(() => undefined);
    await sql?.end({ timeout: 5 });
    await fake?.close();
  });

  it('one runner holds the gateway; DMs are answered; the gateway fails over', async () => {
    const [a, b] = [await start(), await start()];
    await until(() => fake.openSessions === 1 && connected().length === 1);
    expect(fake.identifies).toHaveLength(1);

    await fake.sendDm('300000000000000001', 'Hello');
    await until(() => (fake.dms.get('300000000000000001') ?? []).length > 0);

    // The holder's database connection drops (as if its network failed): it leaves the gateway,
    // and whichever runner tries first takes it (a new IDENTIFY), never two at once.
    await sql`
      SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND classid = ${0x766f_0003}::oid AND granted`;
    await until(() => fake.identifies.length === 2 && connected().length === 1);
    await until(() => fake.openSessions === 1);

    await fake.sendDm('300000000000000002', 'Hello');
    await until(() => (fake.dms.get('300000000000000002') ?? []).length > 0);

    // The holder stops cleanly: the other runner, still waiting, takes the gateway.
    const holder = connected()[0]!;
    const other = holder === a ? b! : a!;
    await holder.close();
    await until(() => adapter(other).client.isReady());
    await until(() => fake.openSessions === 1);
    expect(fake.identifies).toHaveLength(3);
    await fake.sendDm('300000000000000003', 'Hello');
    await until(() => (fake.dms.get('300000000000000003') ?? []).length > 0);
  }, 60_000);
});
