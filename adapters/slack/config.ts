/**
 * The Slack adapter's settings, read from the environment and validated with zod. A wrong value
 * throws `VoicesError(ConfigInvalid)` naming the variable (never its value: tokens are secrets).
 */
import { z } from 'zod';
import { parseEnvVars } from '../../src/config/env-vars.js';

/** Slack ids: users `U…`/`W…`, channels `C…`/`G…`. */
const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U012ABCDEF');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as C012ABCDEF');

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((url) => (url === undefined || url.endsWith('/') ? url : `${url}/`)),
    SLACK_ORGANIZERS: z
      .string()
      .optional()
      .transform((list) => (list ?? '').split(',').map((id) => id.trim()))
      .transform((ids) => ids.filter((id) => id !== ''))
      .pipe(z.array(userId)),
    SLACK_ORGANIZER_CHANNEL: channelId.optional(),
    SLACK_DIGEST_CHANNEL: channelId.optional(),
  })
  .superRefine((env, issue) => {
    // HTTP mode needs the signing secret to verify requests; Socket Mode does not receive HTTP.
    if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      issue.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required unless SLACK_APP_TOKEN selects Socket Mode',
      });
    }
  });

export interface SlackConfig {
  botToken: string;
  signingSecret: string | undefined;
  /** Set: Socket Mode (outbound WebSocket). Unset: HTTP mode on the runner's server. */
  appToken: string | undefined;
  /** Web API base URL ending in `/` (GovSlack: `https://slack-gov.com/api/`). */
  apiUrl: string;
  organizers: ReadonlySet<string>;
  organizerChannel: string | undefined;
  digestChannel: string | undefined;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const keys = [
    'SLACK_BOT_TOKEN',
    'SLACK_SIGNING_SECRET',
    'SLACK_APP_TOKEN',
    'SLACK_API_URL',
    'SLACK_ORGANIZERS',
    'SLACK_ORGANIZER_CHANNEL',
    'SLACK_DIGEST_CHANNEL',
  ] as const;
  const env2 = parseEnvVars(envSchema, env, keys);
  return {
    botToken: env2.SLACK_BOT_TOKEN,
    signingSecret: env2.SLACK_SIGNING_SECRET,
    appToken: env2.SLACK_APP_TOKEN,
    apiUrl: env2.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
    organizers: new Set(env2.SLACK_ORGANIZERS),
    organizerChannel: env2.SLACK_ORGANIZER_CHANNEL,
    digestChannel: env2.SLACK_DIGEST_CHANNEL,
  };
}
