/**
 * Parses a platform's environment variables with its zod schema: blank values count as unset,
 * and a failure names the variable (`TWILIO_AUTH_TOKEN is missing: …`) in a typed error.
 * Shared by every adapter's `config.ts` so they all report configuration mistakes alike.
 */
import type { z } from 'zod';
import { ErrorCode, VoicesError } from '../core/errors.js';

/** A comma-separated setting as its distinct, trimmed, non-empty entries (`" a, b,,a "` → `["a", "b"]`). */
export function commaList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function parseEnvVars<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  keys: readonly string[],
): z.output<S> {
  const raw = Object.fromEntries(keys.map((key) => [key, blankToUndefined(env[key])]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const variable = String(first?.path[0] ?? keys[0] ?? 'environment');
  const missing = raw[variable] === undefined;
  throw new VoicesError(
    ErrorCode.ConfigInvalid,
    `${variable} is ${missing ? 'missing' : 'invalid'}: ${first?.message ?? 'invalid value'}`,
    { variable },
    { cause: parsed.error },
  );
}
