import { describe, expect, it } from 'vitest';
import { loadTwilioConfig } from '../../../adapters/twilio/config.js';
import { isVoicesError } from '../../../src/core/errors.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, BOT_NUMBER_2, SERVICE_SID } from './helpers.js';

const base = {
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_FROM: BOT_NUMBER,
  PUBLIC_URL: 'https://voices.example.org/',
};

function failure(env: Record<string, string | undefined>): { variable: unknown; message: string } {
  try {
    loadTwilioConfig(env);
  } catch (err) {
    if (isVoicesError(err, 'config_invalid')) return { variable: err.detail?.variable, message: err.message };
    throw err;
  }
  throw new Error('expected a config error');
}

describe('loadTwilioConfig', () => {
  it('reads a minimal configuration with defaults', () => {
    expect(loadTwilioConfig(base)).toEqual({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      messagingServiceSid: undefined,
      fromNumbers: [BOT_NUMBER],
      publicUrl: 'https://voices.example.org',
      apiUrl: undefined,
      ratePerSecond: 1,
      timeoutMs: 15_000,
    });
  });

  it('accepts a pool of numbers, a Messaging Service, an API URL and a rate', () => {
    const config = loadTwilioConfig({
      ...base,
      TWILIO_FROM: ` ${BOT_NUMBER} ,${BOT_NUMBER_2},`,
      TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID,
      TWILIO_API_URL: 'http://127.0.0.1:9999/',
      TWILIO_RATE_PER_SECOND: '2.5',
    });
    expect(config).toMatchObject({
      fromNumbers: [BOT_NUMBER, BOT_NUMBER_2],
      messagingServiceSid: SERVICE_SID,
      apiUrl: 'http://127.0.0.1:9999',
      ratePerSecond: 2.5,
    });
  });

  it('names the variable that is wrong, never echoing secrets', () => {
    expect(failure({ ...base, TWILIO_ACCOUNT_SID: 'SK123' }).variable).toBe('TWILIO_ACCOUNT_SID');
    expect(failure({ ...base, TWILIO_AUTH_TOKEN: undefined }).message).toMatch(
      /^TWILIO_AUTH_TOKEN is missing/,
    );
    const short = failure({ ...base, TWILIO_AUTH_TOKEN: 'abc' });
    expect(short.variable).toBe('TWILIO_AUTH_TOKEN');
    expect(short.message).not.toContain('abc');
    expect(failure({ ...base, PUBLIC_URL: 'voices.example.org' }).variable).toBe('PUBLIC_URL');
    expect(failure({ ...base, PUBLIC_URL: 'ftp://voices.example.org' }).variable).toBe('PUBLIC_URL');
    expect(failure({ ...base, TWILIO_FROM: '514-555-0100' }).variable).toBe('TWILIO_FROM');
    expect(failure({ ...base, TWILIO_RATE_PER_SECOND: '0' }).variable).toBe('TWILIO_RATE_PER_SECOND');
    expect(failure({ ...base, TWILIO_MESSAGING_SERVICE_SID: 'MG1' }).variable).toBe(
      'TWILIO_MESSAGING_SERVICE_SID',
    );
  });

  it('needs a sender: a Messaging Service or at least one number', () => {
    const { message } = failure({ ...base, TWILIO_FROM: '' });
    expect(message).toContain('TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM');
    expect(
      loadTwilioConfig({ ...base, TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID }).fromNumbers,
    ).toEqual([]);
  });
});
