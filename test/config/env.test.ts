import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { envSchema, parseEnv } from '../../src/config/env.js';
import { parseEnvVars } from '../../src/config/env-vars.js';
import { isVoicesError } from '../../src/core/errors.js';

describe('configuration', () => {
  it('.env.example parses as it stands and lists every core variable', () => {
    const example = parse(readFileSync('.env.example'));
    const config = parseEnv(example);
    expect(config.ADAPTERS).toEqual(['simulator']);
    expect(config.DIGEST_CRON).toBe('0 9 * * 1');
    expect(config.VOICES_SECRET).toBeUndefined();
    for (const key of Object.keys(envSchema.shape)) {
      if (key === 'NODE_ENV' || key === 'VOICES_SECRET_FILE' || key === 'SCHEDULER_INTERVAL_MS') continue;
      expect(Object.keys(example), key).toContain(key);
    }
  });

  it('reads THEMES_BACKGROUND_WORDS as a list of distinct trimmed entries', () => {
    expect(parseEnv({}).THEMES_BACKGROUND_WORDS).toEqual([]);
    expect(parseEnv({ THEMES_BACKGROUND_WORDS: ' Bowling Green, BG,,BG ' }).THEMES_BACKGROUND_WORDS).toEqual([
      'Bowling Green',
      'BG',
    ]);
  });

  it('names the variable on a wrong value', () => {
    for (const [key, value] of [
      ['TIMEZONE', 'Mars/Olympus'],
      ['QUIET_HOURS', '9pm-8am'],
      ['ADAPTERS', 'simulator,telegram'],
      ['DEFAULT_LANGUAGE', 'de'],
      ['VOICES_SECRET', 'short'],
    ] as const) {
      try {
        parseEnv({ [key]: value });
        expect.unreachable(`${key}=${value} was accepted`);
      } catch (err) {
        expect(isVoicesError(err, 'config_invalid')).toBe(true);
        expect((err as Error).message).toContain(key);
      }
    }
  });

  it('an adapter variable left blank counts as missing and is named', async () => {
    const { z } = await import('zod');
    const schema = z.object({ X_TOKEN: z.string(), X_URL: z.url().optional() });
    expect(() => parseEnvVars(schema, { X_TOKEN: '  ' }, ['X_TOKEN', 'X_URL'])).toThrow(
      /^X_TOKEN is missing/,
    );
    expect(() => parseEnvVars(schema, { X_TOKEN: 't', X_URL: 'nope' }, ['X_TOKEN', 'X_URL'])).toThrow(
      /^X_URL is invalid/,
    );
    expect(parseEnvVars(schema, { X_TOKEN: ' t ' }, ['X_TOKEN', 'X_URL'])).toEqual({ X_TOKEN: 't' });
  });
});
