/**
 * The Twilio adapter inside the real runner: signed webhooks over HTTP on 127.0.0.1, the real
 * engine and SQLite store, and outbound prompts through the real twilio SDK to a fake REST API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { direct } from '../../helpers/store.js';
import { startTestRunner, type TestRunner } from '../../helpers/test-runner.js';
import { type FakeTwilioApi, newSid, startFakeTwilioApi } from './fake-twilio-api.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BOT_NUMBER,
  BOT_NUMBER_2,
  inboundSms,
  type Params,
  postSigned,
  twimlMessages,
} from './helpers.js';

const PUBLIC_URL = 'https://voices.example.org';
const RESIDENT = '+15145551234';
const WEEK = 7 * 86_400_000;

let runner: TestRunner;
let api: FakeTwilioApi;

async function start(env: Record<string, string> = {}) {
  api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  runner = await startTestRunner({
    ADAPTERS: 'twilio',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: `${BOT_NUMBER},${BOT_NUMBER_2}`,
    // Twilio calls the public HTTPS address; a proxy forwards to the loopback listener.
    PUBLIC_URL,
    TWILIO_API_URL: api.url,
    TWILIO_RATE_PER_SECOND: '100',
    ...env,
  });
}

/** What Twilio would post after a resident texts `text`, through the proxy. */
async function text(from: string, body: string, overrides: Partial<Params> = {}) {
  const params = inboundSms(from, body, overrides);
  const res = await postSigned(`${runner.url}/sms/twilio`, params, { signedUrl: `${PUBLIC_URL}/sms/twilio` });
  return { ...res, replies: twimlMessages(res.body), sid: params.MessageSid! };
}

async function status(params: Params) {
  return postSigned(`${runner.url}/sms/twilio/status`, params, {
    signedUrl: `${PUBLIC_URL}/sms/twilio/status`,
  });
}

/** Consents and answers the group question, so the resident is active with the first prompt asked. */
async function enrol(from: string) {
  await text(from, 'Hello');
  await text(from, 'YES');
  const first = await text(from, '1');
  expect(first.replies).toHaveLength(1);
  return first.replies[0]!;
}

async function participant(address: string) {
  return await direct(runner.store).participant(runner.conversations.participantId('sms', address));
}

async function outbox(address: string) {
  return await direct(runner.store).outboxFor(runner.conversations.participantId('sms', address));
}

afterEach(async () => {
  await runner?.dispose();
  await api?.close();
});

describe('Twilio adapter in the runner', () => {
  beforeEach(() => start());

  it('holds a whole conversation: TwiML replies inline, the next prompt through the SDK', async () => {
    const welcome = await text(RESIDENT, 'Hello');
    expect(welcome.status).toBe(200);
    expect(welcome.contentType).toContain('text/xml');
    expect(welcome.replies[0]).toContain('Reply YES to join');
    expect((await text(RESIDENT, 'YES')).replies[0]).toContain('Which best describes you?');
    const firstPrompt = (await text(RESIDENT, '1')).replies[0];
    expect(firstPrompt).toBeTruthy();
    const followUp = await text(RESIDENT, 'More parks and safer streets near the school');
    expect(followUp.replies).toHaveLength(1);
    await text(RESIDENT, 'Because my kids walk there every day');
    expect(await direct(runner.store).countReplies()).toBe(2);
    expect(api.messages).toHaveLength(0);

    runner.clock.advance(WEEK + 60_000);
    await runner.tick();
    expect(api.messages).toHaveLength(1);
    const sent = api.messages[0]!;
    expect(sent.to).toBe(RESIDENT);
    expect([BOT_NUMBER, BOT_NUMBER_2]).toContain(sent.from);
    expect(sent.body).not.toBe(firstPrompt);
    expect(sent.statusCallback).toBe(`${PUBLIC_URL}/sms/twilio/status`);
    const row = (await outbox(RESIDENT)).find((r) => r.providerMessageId === sent.sid);
    expect(row?.status).toBe('sent');

    // Delivery receipts move the row forward, never back.
    const receipt = { AccountSid: ACCOUNT_SID, MessageSid: sent.sid, To: RESIDENT, From: sent.from! };
    expect((await status({ ...receipt, MessageStatus: 'delivered' })).status).toBe(204);
    expect((await status({ ...receipt, MessageStatus: 'sent' })).status).toBe(204);
    expect((await outbox(RESIDENT)).find((r) => r.id === row?.id)?.status).toBe('delivered');

    await text(RESIDENT, 'A bigger library');
    expect(await direct(runner.store).countReplies()).toBe(3);
    expect((await direct(runner.store).listReplies()).map((r) => r.channel)).toEqual(['sms', 'sms', 'sms']);
  });

  it('refuses tampered, unsigned and wrongly addressed webhooks with 403, storing nothing', async () => {
    const local = `${runner.url}/sms/twilio`;
    const params = inboundSms(RESIDENT, 'Hello');
    const signedUrl = `${PUBLIC_URL}/sms/twilio`;
    const tampered = new URLSearchParams({ ...params, From: '+15145559999' }).toString();
    const cases = [
      await postSigned(local, params, { signedUrl, body: tampered }),
      await postSigned(local, params, { signature: null }),
      await postSigned(local, params, { signedUrl: `${PUBLIC_URL}/sms/twilio/status` }),
      await postSigned(local, params, { signedUrl: 'https://elsewhere.example.org/sms/twilio' }),
      // Signed for the address the runner listens on, but Twilio was given PUBLIC_URL.
      await postSigned(local, params),
    ];
    expect(cases.map((c) => c.status)).toEqual([403, 403, 403, 403, 403]);
    for (const c of cases) expect(c.body).not.toContain('<Message>');
    expect(await participant(RESIDENT)).toBeUndefined();
    expect(await participant('+15145559999')).toBeUndefined();
    expect((await direct(runner.store).participantCounts()).byStatus).toEqual([]);
    // The same request signed for the public URL goes through.
    expect((await postSigned(local, params, { signedUrl })).status).toBe(200);
    expect(await participant(RESIDENT)).toBeDefined();
  });

  it('stores a MessageSid sent twice, even concurrently, once, and answers it the same', async () => {
    await enrol(RESIDENT);
    const params = inboundSms(RESIDENT, 'The bus is always late');
    const post = () =>
      postSigned(`${runner.url}/sms/twilio`, params, { signedUrl: `${PUBLIC_URL}/sms/twilio` });
    const concurrent = await Promise.all(Array.from({ length: 8 }, post));
    const later = await post();
    for (const r of [...concurrent, later]) {
      expect(r.status).toBe(200);
      expect(r.body).toBe(concurrent[0]!.body);
    }
    expect(twimlMessages(later.body)).toHaveLength(1);
    expect(await direct(runner.store).countReplies()).toBe(1);
  });

  it('refuses a signed webhook whose From is not a phone number with 400, storing nothing', async () => {
    for (const from of ['ALPHA-SENDER', 'whatsapp:+15145551234', '12']) {
      const res = await text(from, 'hello');
      expect(res.status, from).toBe(400);
    }
    expect((await direct(runner.store).participantCounts()).byStatus).toEqual([]);
    expect((await text(RESIDENT, 'hello')).status).toBe(200);
  });

  it('retries a 429 after Retry-After and then delivers', async () => {
    await enrol(RESIDENT);
    await text(RESIDENT, 'answer');
    await text(RESIDENT, 'more');
    api.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '30' });
    runner.clock.advance(WEEK + 60_000);
    await runner.tick();
    expect(api.messages).toHaveLength(0);
    const [row] = (await outbox(RESIDENT)).filter((r) => r.kind !== 'inline' && r.status !== 'inline');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, errorCode: '20429' });
    // Retry-After honoured, with up to 20 % jitter so rows refused together do not return together.
    const wait = row!.notBefore.getTime() - runner.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(30_000);
    expect(wait).toBeLessThanOrEqual(36_000);

    runner.clock.advance(wait);
    await runner.drainOutbox();
    expect(api.messages).toHaveLength(1);
    expect(api.attempts.map((a) => a.status)).toEqual([429, 201]);
    expect((await outbox(RESIDENT)).find((r) => r.id === row!.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('opts the participant out on 21610 and never retries', async () => {
    await enrol(RESIDENT);
    await text(RESIDENT, 'answer');
    await text(RESIDENT, 'more');
    api.optOut(RESIDENT); // STOP was handled on Twilio's side only.
    runner.clock.advance(WEEK + 60_000);
    await runner.tick();
    expect(api.attempts.map((a) => a.status)).toEqual([400]);
    expect((await participant(RESIDENT))?.status).toBe('opted_out');
    runner.clock.advance(3 * WEEK);
    await runner.tick();
    await runner.drainOutbox();
    expect(api.attempts).toHaveLength(1);
  });

  it('marks an invalid number unreachable', async () => {
    await enrol(RESIDENT);
    await text(RESIDENT, 'answer');
    await text(RESIDENT, 'more');
    api.failFor(RESIDENT, { status: 400, code: 21614, message: "'To' number is not a valid mobile number" });
    runner.clock.advance(WEEK + 60_000);
    await runner.tick();
    expect((await participant(RESIDENT))?.status).toBe('unreachable');
    runner.clock.advance(WEEK);
    await runner.tick();
    expect(api.attempts).toHaveLength(1);
  });

  it('marks a landline reported by a delivery receipt unreachable', async () => {
    await enrol(RESIDENT);
    await text(RESIDENT, 'answer');
    await text(RESIDENT, 'more');
    runner.clock.advance(WEEK + 60_000);
    await runner.tick();
    const sent = api.messages[0]!;
    const res = await status({
      AccountSid: ACCOUNT_SID,
      MessageSid: sent.sid,
      MessageStatus: 'undelivered',
      ErrorCode: '30006',
      To: RESIDENT,
    });
    expect(res.status).toBe(204);
    expect((await outbox(RESIDENT)).find((r) => r.providerMessageId === sent.sid)?.status).toBe(
      'undelivered',
    );
    expect((await participant(RESIDENT))?.status).toBe('unreachable');
  });

  it('takes STOP sent to one of the numbers as a stop from all of them', async () => {
    await enrol(RESIDENT);
    await text(RESIDENT, 'answer');
    await text(RESIDENT, 'more');
    const stop = await text(RESIDENT, 'STOP', { To: BOT_NUMBER_2 });
    expect(stop.status).toBe(200);
    expect((await participant(RESIDENT))?.status).toBe('opted_out');
    runner.clock.advance(2 * WEEK);
    await runner.tick();
    expect(api.attempts).toHaveLength(0);
  });

  it('records an Advanced Opt-Out keyword Twilio handled, without answering it twice', async () => {
    await enrol(RESIDENT);
    const res = await text(RESIDENT, 'Cancel', { OptOutType: 'STOP' });
    expect(res.status).toBe(200);
    expect(res.replies).toEqual([]);
    expect((await participant(RESIDENT))?.status).toBe('opted_out');
  });

  it('answers an MMS without text politely and stores no reply', async () => {
    await enrol(RESIDENT);
    const res = await text(RESIDENT, '', {
      MessageSid: newSid('MM'),
      NumMedia: '1',
      MediaContentType0: 'image/jpeg',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`,
    });
    expect(res.status).toBe(200);
    expect(res.replies).toHaveLength(1);
    expect(res.replies[0]!.length).toBeGreaterThan(10);
    expect(await direct(runner.store).countReplies()).toBe(0);
  });
});
