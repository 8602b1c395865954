/**
 * Registers the `/voices` slash command through the REST API. It is a bulk overwrite (PUT), so
 * running it twice leaves exactly the same commands: Discord keeps ids stable by name.
 * Guild registration applies at once (good for testing); global registration reaches every server.
 */
import { REST, Routes } from 'discord.js';
import { ErrorCode, VoicesError } from '../../src/core/errors.js';
import { commandDefinitions } from './commands.js';
import type { DiscordConfig } from './config.js';

export interface RegisterResult {
  scope: 'guild' | 'global';
  /** Names of the commands Discord now holds for this scope. */
  names: string[];
}

export async function registerSlashCommands(
  config: Pick<DiscordConfig, 'token' | 'applicationId' | 'apiUrl'>,
  guildId: string | undefined,
): Promise<RegisterResult> {
  if (guildId !== undefined && !/^\d{15,21}$/.test(guildId)) {
    throw new VoicesError(ErrorCode.InputInvalid, '--guild must be a Discord server id (snowflake)');
  }
  const rest = new REST({ api: config.apiUrl, retries: 1 }).setToken(config.token);
  const route =
    guildId === undefined
      ? Routes.applicationCommands(config.applicationId)
      : Routes.applicationGuildCommands(config.applicationId, guildId);
  let saved: unknown;
  try {
    saved = await rest.put(route, { body: commandDefinitions() });
  } catch (err) {
    const status = (err as { status?: number }).status;
    const hint =
      status === 401
        ? ': check DISCORD_TOKEN'
        : status === 403 || status === 404
          ? ': check DISCORD_APPLICATION_ID and that the bot is in the server'
          : '';
    throw new VoicesError(
      ErrorCode.AdapterFailure,
      `registering the Discord commands failed${hint}`,
      { status },
      { cause: err },
    );
  }
  const names = Array.isArray(saved) ? saved.map((c) => String((c as { name?: unknown }).name)) : [];
  return { scope: guildId === undefined ? 'global' : 'guild', names };
}
