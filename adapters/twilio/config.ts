/**
 * The Twilio adapter's settings, read from the environment and checked with zod: a wrong value
 * stops the start with `ConfigInvalid` naming the variable (never echoing a secret).
 */
import { z } from 'zod';
import { parseEnvVars } from '../../src/config/env-vars.js';

const e164 = /^\+[1-9]\d{6,14}$/;

const httpUrl = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
  // Signatures are computed over PUBLIC_URL + path, so a trailing slash would double up.
  .transform((u) => u.replace(/\/+$/, ''));

const schema = z
  .object({
    TWILIO_ACCOUNT_SID: z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
    TWILIO_AUTH_TOKEN: z.string().trim().min(16, 'must be the account auth token'),
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .trim()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'must be MG followed by 32 hex digits')
      .optional(),
    TWILIO_FROM: z
      .string()
      .trim()
      .transform((s) =>
        s
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
      )
      .refine(
        (list) => list.every((n) => e164.test(n)),
        'must be E.164 numbers (+15551234567), comma-separated',
      )
      .optional(),
    PUBLIC_URL: httpUrl,
    TWILIO_API_URL: httpUrl.optional(),
    TWILIO_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(1),
    TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  })
  .refine((c) => c.TWILIO_MESSAGING_SERVICE_SID !== undefined || (c.TWILIO_FROM?.length ?? 0) > 0, {
    message: 'set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM',
    path: ['TWILIO_FROM'],
  });

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Sends go through this Messaging Service when set (it picks the number, handles opt-outs). */
  messagingServiceSid: string | undefined;
  /** Sender numbers; a resident always hears from the same one (sticky by address). */
  fromNumbers: string[];
  /** The public origin (and path prefix) Twilio calls; webhook signatures are checked against it. */
  publicUrl: string;
  /** Replaces https://api.twilio.com (tests point it at a local fake). */
  apiUrl: string | undefined;
  /** Sends per second for each sender (a US long code takes 1/s). */
  ratePerSecond: number;
  /** Per-request timeout of a send; a timed-out send is retried. */
  timeoutMs: number;
}

/** Reads the adapter's variables from `env`; throws `ConfigInvalid` naming the first bad one. */
export function loadTwilioConfig(env: NodeJS.ProcessEnv): TwilioConfig {
  // Empty strings count as unset, as with dotenv templates that list every variable.
  const c = parseEnvVars(schema, env, [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_MESSAGING_SERVICE_SID',
    'TWILIO_FROM',
    'PUBLIC_URL',
    'TWILIO_API_URL',
    'TWILIO_RATE_PER_SECOND',
    'TWILIO_TIMEOUT_MS',
  ]);
  return {
    accountSid: c.TWILIO_ACCOUNT_SID,
    authToken: c.TWILIO_AUTH_TOKEN,
    messagingServiceSid: c.TWILIO_MESSAGING_SERVICE_SID,
    fromNumbers: c.TWILIO_FROM ?? [],
    publicUrl: c.PUBLIC_URL,
    apiUrl: c.TWILIO_API_URL,
    ratePerSecond: c.TWILIO_RATE_PER_SECOND,
    timeoutMs: c.TWILIO_TIMEOUT_MS,
  };
}
