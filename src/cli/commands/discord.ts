/** `voices discord register [--guild ID]`: registers the `/voices` slash command (idempotent). */
import type { Command } from 'commander';
import { loadDotenv } from '../env-file.js';

export function registerDiscord(program: Command, env: NodeJS.ProcessEnv = process.env): void {
  const discord = program.command('discord').description('Discord: manage the bot’s slash commands');
  discord
    .command('register')
    .description(
      'register /voices join | digest | stats | ask (a bulk overwrite: running it again changes nothing)',
    )
    .option(
      '--guild <id>',
      'register in this server only (applies at once); default: DISCORD_GUILD_ID, else global',
    )
    .option(
      '--global',
      'register globally even when DISCORD_GUILD_ID is set (can take up to an hour to appear)',
    )
    .action(async (options: { guild?: string; global?: boolean }) => {
      if (env === process.env) loadDotenv();
      // discord.js is loaded only when this command runs.
      const { loadDiscordConfig } = await import('../../../adapters/discord/config.js');
      const { registerSlashCommands } = await import('../../../adapters/discord/register.js');
      const config = loadDiscordConfig(env);
      const guildId = options.global ? undefined : (options.guild ?? config.guildId);
      const result = await registerSlashCommands(config, guildId);
      const where = result.scope === 'guild' ? 'in the server' : 'globally';
      process.stdout.write(`Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\n`);
    });
}
