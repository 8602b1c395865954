/**
 * The Discord adapter's settings, read from the environment and validated with zod. A wrong value
 * throws `VoicesError(ConfigInvalid)` naming the variable (never its value: the token is a secret).
 */
import { z } from 'zod';
import { parseEnvVars } from '../../src/config/env-vars.js';

const snowflake = z.string().regex(/^\d{15,21}$/, 'a Discord id (snowflake) such as 123456789012345678');

const envSchema = z.object({
  // Bot tokens are three base64url parts joined by dots; a "Bot " prefix is tolerated and removed.
  DISCORD_TOKEN: z
    .string()
    .transform((token) => token.replace(/^Bot\s+/i, ''))
    .pipe(z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a bot token (Developer Portal → Bot → Reset Token)')),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  /** A role id, or a role name as shown in the server settings. */
  DISCORD_ORGANIZER_ROLE: z.string().min(1).max(100).optional(),
  DISCORD_DIGEST_CHANNEL: snowflake.optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    // @discordjs/rest appends `/v10` itself: accept a URL with or without the version segment.
    .transform((url) => url?.replace(/\/+$/, '').replace(/\/v\d+$/, '')),
});

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  organizerRole: string | undefined;
  digestChannel: string | undefined;
  /** REST base without the version segment (the `api` option of @discordjs/rest). */
  apiUrl: string;
}

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

const KEYS = [
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_ORGANIZER_ROLE',
  'DISCORD_DIGEST_CHANNEL',
  'DISCORD_API_URL',
] as const;

export function loadDiscordConfig(env: NodeJS.ProcessEnv): DiscordConfig {
  const e = parseEnvVars(envSchema, env, KEYS);
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    guildId: e.DISCORD_GUILD_ID,
    organizerRole: e.DISCORD_ORGANIZER_ROLE,
    digestChannel: e.DISCORD_DIGEST_CHANNEL,
    apiUrl: e.DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL,
  };
}
