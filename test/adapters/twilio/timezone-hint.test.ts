/** Twilio's FromCountry / FromState as a timezone hint for quiet hours. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timezoneHint } from '../../../adapters/twilio/timezone-hint.js';
import { participants } from '../../../src/store/sqlite/schema.js';
import { drizzleOf } from '../../helpers/store.js';
import { startTestRunner, type TestRunner } from '../../helpers/test-runner.js';
import { type FakeTwilioApi, startFakeTwilioApi } from './fake-twilio-api.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER, inboundSms, type Params, postSigned } from './helpers.js';

const PUBLIC_URL = 'https://voices.example.org';

describe('timezoneHint', () => {
  it.each([
    ['CA', 'BC', 'America/Vancouver'],
    ['CA', 'QC', 'America/Toronto'],
    ['CA', 'nl', 'America/St_Johns'],
    ['CA', 'SK', 'America/Regina'],
    ['US', 'AZ', 'America/Phoenix'],
    ['US', 'TX', 'America/Chicago'],
    ['US', 'HI', 'Pacific/Honolulu'],
  ])('%s %s → %s', (country, state, zone) => {
    expect(timezoneHint(country, state)).toBe(zone);
  });

  it('gives no hint it cannot stand behind', () => {
    expect(timezoneHint('FR', '')).toBeUndefined();
    expect(timezoneHint('CA', '')).toBeUndefined();
    expect(timezoneHint('CA', 'XX')).toBeUndefined();
    expect(timezoneHint(undefined, 'BC')).toBeUndefined();
  });
});

describe('an SMS resident’s timezone from the webhook', () => {
  let runner: TestRunner;
  let api: FakeTwilioApi;
  beforeAll(async () => {
    api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    runner = await startTestRunner({
      ADAPTERS: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: BOT_NUMBER,
      PUBLIC_URL,
      TWILIO_API_URL: api.url,
    });
  });
  afterAll(async () => {
    await runner?.dispose();
    await api?.close();
  });

  const text = (from: string, body: string, overrides: Partial<Params>) =>
    postSigned(`${runner.url}/sms/twilio`, inboundSms(from, body, overrides), {
      signedUrl: `${PUBLIC_URL}/sms/twilio`,
    });
  const zoneOf = (from: string) =>
    drizzleOf(runner.store)
      .select({ timezone: participants.timezone })
      .from(participants)
      .where(eq(participants.id, runner.conversations.participantId('sms', from)))
      .get()?.timezone;

  it('a British Columbia number is taken to live in Vancouver; a French one gets no guess', async () => {
    expect((await text('+16045550142', 'Hello', { FromCountry: 'CA', FromState: 'BC' })).status).toBe(200);
    expect(zoneOf('+16045550142')).toBe('America/Vancouver');
    expect((await text('+33612345678', 'Bonjour', { FromCountry: 'FR', FromState: '' })).status).toBe(200);
    expect(zoneOf('+33612345678')).toBeNull();
  });
});
