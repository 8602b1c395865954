/**
 * Configuration from the environment (and an optional `.env`), validated with zod. A wrong value
 * fails at start with the variable's name and the reason. Platform adapters validate their own
 * variables in `adapters/<platform>/config.ts`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Cron } from 'croner';
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { isValidTimeZone, parseQuietHours } from '../core/engine/quiet-hours.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import { DEFAULT_ORGANIZATION } from '../core/prompts/render.js';
import { commaList } from './env-vars.js';

const ADAPTER_NAMES = ['simulator', 'twilio', 'slack', 'discord'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const envSchema = z.object({
  VOICES_DB: z.string().min(1).default('./data/voices.db'),
  /** PostgreSQL: connections each runner may hold. */
  VOICES_DB_POOL: z.coerce.number().int().min(2).max(200).default(10),
  /** PostgreSQL: a statement running longer is cancelled (and its write retried or refused with 503). */
  VOICES_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  VOICES_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  VOICES_SECRET_FILE: z.string().min(1).default('./data/secret'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  ADAPTERS: z
    .string()
    .default('simulator')
    .transform(commaList)
    .pipe(z.array(z.enum(ADAPTER_NAMES))),
  ORG_NAME: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(80).optional()),
  /** Words or phrases every reply may mention that make no theme, e.g. the town's name (comma-separated). */
  THEMES_BACKGROUND_WORDS: z.string().max(1000).default('').transform(commaList),
  DEFAULT_LANGUAGE: z.enum(['en', 'fr']).default('en'),
  TIMEZONE: z
    .string()
    .default('America/Toronto')
    .refine(isValidTimeZone, 'not an IANA timezone (e.g. America/Toronto)'),
  QUIET_HOURS: z
    .string()
    .default('21:00-08:00')
    .refine((v) => v === 'off' || parseQuietHours(v) !== null, 'use HH:MM-HH:MM, or off'),
  PHONE_REGION: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z]{2}$/.test(v) && isSupportedCountry(v), 'not a country code')
    .default('CA'),
  PROMPTS_FILE: z.string().min(1).default('prompts/community-conversation.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Slow-loris guards of the HTTP server: time for a request's headers, and for the whole request. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(200).max(300_000).default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(200).max(600_000).default(30_000),
  DIGEST_CRON: z.string().min(1).default('0 9 * * 1').refine(isCron, 'not a cron expression'),
  /** Hours a built digest waits for organizers' review before it is posted (0: posted at once). */
  DIGEST_REVIEW_HOURS: z.coerce.number().min(0).max(168).default(0),
  DIGEST_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** The language digests are written in (default: DEFAULT_LANGUAGE). */
  DIGEST_LANGUAGE: z.preprocess(emptyAsUndefined, z.enum(['en', 'fr']).optional()),
  /** Per destination: `slack=fr,discord=en,files=fr`. */
  DIGEST_LANGUAGES: z
    .string()
    .default('')
    .transform(commaList)
    .pipe(z.array(z.string().regex(/^[a-z]+=(en|fr)$/)))
    .transform((pairs) => Object.fromEntries(pairs.map((p) => p.split('='))) as Record<string, 'en' | 'fr'>),
  DASHBOARD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  NODE_ENV: z.string().optional(),
});

export type AppConfig = z.infer<typeof envSchema>;

function isCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** What each variable takes, for error messages a newcomer can act on. */
const EXPECTED: Partial<Record<keyof AppConfig, string>> = {
  VOICES_DB: 'a file path (./data/voices.db) or a PostgreSQL URL (postgres://user:password@host:5432/voices)',
  VOICES_DB_POOL: 'a whole number of connections from 2 to 200, e.g. 10',
  VOICES_DB_STATEMENT_TIMEOUT_MS: 'milliseconds from 100 to 600000, e.g. 5000',
  VOICES_SECRET: 'at least 32 random characters, e.g. the output of `openssl rand -base64 32`',
  VOICES_SECRET_FILE: 'a file path, e.g. ./data/secret',
  HOST: 'a host name or IP address to listen on, e.g. 127.0.0.1',
  PORT: 'a whole number from 0 to 65535, e.g. 3000',
  PUBLIC_URL: 'a full URL, e.g. https://voices.example.org',
  ADAPTERS: `a comma-separated list of ${ADAPTER_NAMES.join(', ')}`,
  ORG_NAME: 'a name of 1 to 80 characters',
  THEMES_BACKGROUND_WORDS: 'comma-separated words, at most 1,000 characters in all',
  DEFAULT_LANGUAGE: 'en or fr',
  TIMEZONE: 'an IANA timezone, e.g. America/Toronto',
  QUIET_HOURS: 'HH:MM-HH:MM, e.g. 21:00-08:00, or off',
  PHONE_REGION: 'a two-letter country code, e.g. CA, US or FR',
  PROMPTS_FILE: 'a path to a prompt file, e.g. prompts/community-conversation.yaml',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  SCHEDULER_INTERVAL_MS: 'a whole number of milliseconds, at least 100, e.g. 30000',
  DIGEST_CRON: 'a cron expression, e.g. 0 9 * * 1 (Mondays at 09:00)',
  DASHBOARD_TOKEN: 'at least 16 characters',
  DIGEST_REVIEW_HOURS: 'a number of hours from 0 to 168, e.g. 24',
  DIGEST_LANGUAGE: 'en or fr',
  DIGEST_LANGUAGES: 'destination=language pairs separated by commas, e.g. slack=fr,discord=en,files=fr',
};
/** Never echoed in messages: they end up in terminals and CI logs. */
const SECRETS = new Set(['VOICES_SECRET', 'DASHBOARD_TOKEN']);

/** `PORT is "abc": expected a whole number from 0 to 65535, e.g. 3000`. */
function describeIssue(variable: string, value: string | undefined, zodMessage: string): string {
  const shown =
    value === undefined
      ? 'missing'
      : SECRETS.has(variable)
        ? `set but ${value.length} characters long`
        : JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  const expected = EXPECTED[variable as keyof AppConfig] ?? zodMessage;
  return `${variable} is ${shown}: expected ${expected}`;
}

/** The language digests are written in: DIGEST_LANGUAGE, else DEFAULT_LANGUAGE. */
export function digestLanguage(config: AppConfig): 'en' | 'fr' {
  return config.DIGEST_LANGUAGE ?? config.DEFAULT_LANGUAGE;
}

/** The organization's name for texts in `language`: ORG_NAME, or a neutral default in that language. */
export function organizationName(config: AppConfig, language: 'en' | 'fr' = config.DEFAULT_LANGUAGE): string {
  return config.ORG_NAME ?? DEFAULT_ORGANIZATION[language];
}

export function parseEnv(env: NodeJS.ProcessEnv): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const variables = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? 'environment')))];
    const reasons = variables.map((variable) => {
      const issue = result.error.issues.find((i) => String(i.path[0] ?? 'environment') === variable);
      return describeIssue(variable, env[variable], issue?.message ?? 'invalid value');
    });
    throw new VoicesError(ErrorCode.ConfigInvalid, `invalid configuration: ${reasons.join('; ')}`, {
      variables,
    });
  }
  return result.data;
}

/**
 * The prompt file: as given when it exists from the working directory, else the one shipped with
 * the package (so an installed `voices` works from any folder).
 */
export function resolvePromptsPath(file: string, packageRoot: string): string {
  if (isAbsolute(file) || existsSync(file)) return resolve(file);
  return join(packageRoot, file);
}
