import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { registerDiscord } from '../../../src/cli/commands/discord.js';
import { isVoicesError } from '../../../src/core/errors.js';
import { APPLICATION_ID, FAKE_TOKEN, FakeDiscord, GUILD_ID } from '../../adapters/discord/fake-discord.js';

let fake: FakeDiscord;
let out: string[];

beforeEach(async () => {
  fake = await new FakeDiscord().start();
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await fake.close();
});

async function voices(args: string[], env: Record<string, string> = {}): Promise<void> {
  const program = new Command().exitOverride();
  registerDiscord(program, {
    DISCORD_TOKEN: FAKE_TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: fake.url,
    ...env,
  });
  await program.parseAsync(['node', 'voices', ...args]);
}

describe('voices discord register', () => {
  it('PUTs the /voices definitions to the guild, and a second run leaves the same single command', async () => {
    await voices(['discord', 'register', '--guild', GUILD_ID]);
    const first = fake.commands.get(GUILD_ID);
    await voices(['discord', 'register', '--guild', GUILD_ID]);
    const second = fake.commands.get(GUILD_ID);

    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).toEqual([
      `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
      `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
    ]);
    expect(puts[0]!.body).toEqual(commandDefinitions());
    expect(second).toHaveLength(1);
    expect(second![0]!.id).toBe(first![0]!.id);
    const voicesCommand = second![0] as { name: string; options: Array<{ name: string; type: number }> };
    expect(voicesCommand.name).toBe('voices');
    expect(voicesCommand.options.map((o) => o.name)).toEqual(['join', 'digest', 'stats', 'ask']);
    expect(fake.commands.has('global')).toBe(false);
    expect(out.join('')).toContain('Registered /voices in the server.');
  });

  it('registers globally without --guild, and uses DISCORD_GUILD_ID unless --global', async () => {
    await voices(['discord', 'register']);
    expect(fake.commands.get('global')).toHaveLength(1);
    await voices(['discord', 'register'], { DISCORD_GUILD_ID: GUILD_ID });
    expect(fake.commands.get(GUILD_ID)).toHaveLength(1);
    await voices(['discord', 'register', '--global'], { DISCORD_GUILD_ID: GUILD_ID });
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path.includes('/guilds/'))).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('names the variable to fix when the token is rejected or missing', async () => {
    fake.token = 'AAAA.BBBB.CCCC';
    const rejected = await voices(['discord', 'register']).catch((e: unknown) => e);
    expect(isVoicesError(rejected, 'adapter_failure')).toBe(true);
    expect((rejected as Error).message).toContain('check DISCORD_TOKEN');

    const program = new Command().exitOverride();
    registerDiscord(program, { DISCORD_APPLICATION_ID: APPLICATION_ID });
    const missing = await program
      .parseAsync(['node', 'voices', 'discord', 'register'])
      .catch((e: unknown) => e);
    expect(isVoicesError(missing, 'config_invalid')).toBe(true);
    expect((missing as Error).message).toMatch(/^DISCORD_TOKEN is missing/);
    expect(fake.commands.size).toBe(0);
  });

  it('rejects a --guild that is not a server id before calling Discord', async () => {
    const error = await voices(['discord', 'register', '--guild', 'my-server']).catch((e: unknown) => e);
    expect(isVoicesError(error, 'input_invalid')).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });
});
