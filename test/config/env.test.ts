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

  it('reads the digest languages: one for all, and one per destination', () => {
    const config = parseEnv({ DEFAULT_LANGUAGE: 'en', DIGEST_LANGUAGES: 'slack=fr, files=en' });
    expect(config.DIGEST_LANGUAGE).toBeUndefined();
    expect(config.DIGEST_LANGUAGES).toEqual({ slack: 'fr', files: 'en' });
    expect(parseEnv({ DIGEST_LANGUAGE: 'fr' }).DIGEST_LANGUAGE).toBe('fr');
    expect(() => parseEnv({ DIGEST_LANGUAGES: 'slack:fr' })).toThrow(
      /DIGEST_LANGUAGES is "slack:fr": expected/,
    );
  });

  it('names the variable on a wrong value', () => {
    for (const [key, value] of [
      ['TIMEZONE', 'Mars/Olympus'],
      ['QUIET_HOURS', '9pm-8am'],
      ['ADAPTERS', 'simulator,telegram'],
      ['DEFAULT_LANGUAGE', 'de'],
      ['DIGEST_LANGUAGE', 'de'],
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

  it('says what a wrong value is and what the variable expects, never echoing a secret', () => {
    const message = (env: NodeJS.ProcessEnv) => {
      try {
        parseEnv(env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message({ PORT: 'abc' })).toBe(
      'invalid configuration: PORT is "abc": expected a whole number from 0 to 65535, e.g. 3000',
    );
    expect(message({ PORT: '70000' })).toContain('PORT is "70000": expected a whole number from 0 to 65535');
    expect(message({ QUIET_HOURS: '9pm-8am' })).toContain(
      'QUIET_HOURS is "9pm-8am": expected HH:MM-HH:MM, e.g. 21:00-08:00, or off',
    );
    expect(message({ DIGEST_CRON: 'every monday' })).toContain(
      'DIGEST_CRON is "every monday": expected a cron',
    );
    const secret = message({ VOICES_SECRET: 'hunter2-hunter2' });
    expect(secret).toContain('VOICES_SECRET is set but 15 characters long: expected at least 32');
    expect(secret).not.toContain('hunter2');
    // Two wrong values: both named, each once.
    expect(message({ PORT: 'x', LOG_LEVEL: 'loud' })).toMatch(
      /PORT is "x".*; LOG_LEVEL is "loud": expected one of/,
    );
  });

  it('PHONE_REGION must be a country libphonenumber knows; lower case is fine', () => {
    expect(() => parseEnv({ PHONE_REGION: 'XX' })).toThrow(
      'PHONE_REGION is "XX": expected a two-letter country code, e.g. CA, US or FR',
    );
    expect(() => parseEnv({ PHONE_REGION: 'Canada' })).toThrow(/PHONE_REGION is "Canada"/);
    expect(parseEnv({ PHONE_REGION: 'fr' }).PHONE_REGION).toBe('FR');
    expect(parseEnv({}).PHONE_REGION).toBe('CA');
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
