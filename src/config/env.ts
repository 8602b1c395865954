/**
 * Configuration from the environment (and an optional `.env`), validated with zod. A wrong value
 * fails at start with the variable's name and the reason. Platform adapters validate their own
 * variables in `adapters/<platform>/config.ts`.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
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
    .regex(/^[A-Z]{2}$/, 'two-letter country code, e.g. CA')
    .default('CA'),
  PROMPTS_FILE: z.string().min(1).default('prompts/community-conversation.yaml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  DIGEST_CRON: z.string().min(1).default('0 9 * * 1'),
  /** Hours a built digest waits for organizers' review before it is posted (0: posted at once). */
  DIGEST_REVIEW_HOURS: z.coerce.number().min(0).max(168).default(0),
  DIGEST_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  DASHBOARD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  NODE_ENV: z.string().optional(),
});

export type AppConfig = z.infer<typeof envSchema>;

/** The organization's name for texts in `language`: ORG_NAME, or a neutral default in that language. */
export function organizationName(config: AppConfig, language: 'en' | 'fr' = config.DEFAULT_LANGUAGE): string {
  return config.ORG_NAME ?? DEFAULT_ORGANIZATION[language];
}

export function parseEnv(env: NodeJS.ProcessEnv): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const reasons = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new VoicesError(ErrorCode.ConfigInvalid, `invalid configuration: ${reasons.join('; ')}`, {
      variables: result.error.issues.map((i) => i.path.join('.')),
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
