import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCORD_API_URL, loadDiscordConfig } from '../../../adapters/discord/config.js';
import { ErrorCode, isVoicesError } from '../../../src/core/errors.js';
import { APPLICATION_ID, FAKE_TOKEN } from './fake-discord.js';

const base = { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID };

function failure(env: Record<string, string>): { variable: unknown; message: string } {
  try {
    loadDiscordConfig(env);
  } catch (err) {
    if (isVoicesError(err, ErrorCode.ConfigInvalid))
      return { variable: err.detail?.variable, message: err.message };
    throw err;
  }
  throw new Error('expected a ConfigInvalid error');
}

describe('loadDiscordConfig', () => {
  it('reads the settings, with the default API URL and a "Bot " prefix removed', () => {
    const config = loadDiscordConfig({
      ...base,
      DISCORD_TOKEN: `Bot ${FAKE_TOKEN}`,
      DISCORD_ORGANIZER_ROLE: ' Organizers ',
      DISCORD_GUILD_ID: '',
    });
    expect(config).toEqual({
      token: FAKE_TOKEN,
      applicationId: APPLICATION_ID,
      guildId: undefined,
      organizerRole: 'Organizers',
      digestChannel: undefined,
      apiUrl: DEFAULT_DISCORD_API_URL,
    });
  });

  it.each([
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://127.0.0.1:4000/api/', 'http://127.0.0.1:4000/api'],
    ['https://discord.com/api/v10', 'https://discord.com/api'],
  ])('DISCORD_API_URL %s → REST base %s (@discordjs/rest adds /v10)', (url, api) => {
    expect(loadDiscordConfig({ ...base, DISCORD_API_URL: url }).apiUrl).toBe(api);
  });

  it('names the missing or wrong variable, never echoing the token', () => {
    expect(failure({ DISCORD_APPLICATION_ID: APPLICATION_ID })).toMatchObject({ variable: 'DISCORD_TOKEN' });
    expect(failure({ DISCORD_APPLICATION_ID: APPLICATION_ID }).message).toMatch(/^DISCORD_TOKEN is missing/);
    const bad = failure({ ...base, DISCORD_TOKEN: 'not a token secret-value' });
    expect(bad.variable).toBe('DISCORD_TOKEN');
    expect(bad.message).not.toContain('secret-value');
    expect(failure({ ...base, DISCORD_DIGEST_CHANNEL: '#general' }).variable).toBe('DISCORD_DIGEST_CHANNEL');
    expect(failure({ ...base, DISCORD_API_URL: 'ftp://x' }).variable).toBe('DISCORD_API_URL');
    expect(failure({ DISCORD_TOKEN: FAKE_TOKEN }).message).toMatch(/^DISCORD_APPLICATION_ID is missing/);
  });
});
