import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwilioAdapter } from '../../../adapters/twilio/adapter.js';
import { loadTwilioConfig, type TwilioConfig } from '../../../adapters/twilio/config.js';
import { type FakeTwilioApi, newSid, startFakeTwilioApi } from './fake-twilio-api.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BOT_NUMBER,
  BOT_NUMBER_2,
  inboundSms,
  postSigned,
  SERVICE_SID,
  twimlMessages,
} from './helpers.js';
import { type MemoryContext, startMemoryContext } from './memory-context.js';

const RESIDENT = '+15145551234';
const PUBLIC_URL = 'https://voices.example.org';

describe('TwilioAdapter over HTTP (in-memory context)', () => {
  let mem: MemoryContext;
  let api: FakeTwilioApi;
  let adapter: TwilioAdapter;

  async function setup(env: Record<string, string> = {}) {
    mem = await startMemoryContext();
    api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const config: TwilioConfig = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: BOT_NUMBER,
      PUBLIC_URL: mem.url,
      TWILIO_API_URL: api.url,
      TWILIO_RATE_PER_SECOND: '1000',
      ...env,
    });
    adapter = new TwilioAdapter(config);
    await adapter.start(mem.ctx);
  }

  afterEach(async () => {
    await adapter?.stop();
    await mem?.close();
    await api?.close();
  });

  describe('inbound', () => {
    beforeEach(() => setup());

    it('commits a signed SMS, then answers with TwiML carrying the replies', async () => {
      const params = inboundSms(RESIDENT, 'Hello “there”');
      const res = await postSigned(`${mem.url}/sms/twilio`, params);
      expect(res.status).toBe(200);
      expect(res.contentType).toContain('text/xml');
      // Normalized to GSM on the way out.
      expect(twimlMessages(res.body)).toEqual(['got: Hello "there"']);
      expect(mem.received).toHaveLength(1);
      expect(mem.received[0]).toMatchObject({
        channel: 'sms',
        address: RESIDENT,
        messageId: params.MessageSid,
      });
    });

    it('refuses a missing, tampered or wrong-URL signature with 403 and stores nothing', async () => {
      const url = `${mem.url}/sms/twilio`;
      const params = inboundSms(RESIDENT, 'hi');
      expect((await postSigned(url, params, { signature: null })).status).toBe(403);
      expect((await postSigned(url, params, { signature: 'AAAA' })).status).toBe(403);
      const tampered = new URLSearchParams({ ...params, Body: 'something else' }).toString();
      expect((await postSigned(url, params, { body: tampered })).status).toBe(403);
      expect((await postSigned(url, params, { signedUrl: `${mem.url}/sms/other` })).status).toBe(403);
      expect((await postSigned(url, params, { authToken: 'another-token-0123456789' })).status).toBe(403);
      expect(mem.received).toHaveLength(0);
      // The log says why without the number or the text.
      const log = mem.logLines.join('\n');
      expect(log).toContain('"reason":"signature"');
      expect(log).not.toContain(RESIDENT);
    });

    it('refuses a validly signed request for another account', async () => {
      const params = inboundSms(RESIDENT, 'hi', { AccountSid: `AC${'1'.repeat(32)}` });
      expect((await postSigned(`${mem.url}/sms/twilio`, params)).status).toBe(403);
      expect(mem.received).toHaveLength(0);
    });

    it('answers a retry of the same MessageSid with the same TwiML and commits once', async () => {
      const params = inboundSms(RESIDENT, 'once');
      const url = `${mem.url}/sms/twilio`;
      const all = await Promise.all([
        postSigned(url, params),
        postSigned(url, params),
        postSigned(url, params),
      ]);
      const again = await postSigned(url, params);
      for (const r of [...all, again]) {
        expect(r.status).toBe(200);
        expect(r.body).toBe(all[0]?.body);
      }
      expect(mem.received).toHaveLength(1);
    });

    it('passes an MMS without text as an attachment count', async () => {
      const params = inboundSms(RESIDENT, '', {
        MessageSid: newSid('MM'),
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/media/1',
        MediaContentType0: 'image/jpeg',
      });
      const res = await postSigned(`${mem.url}/sms/twilio`, params);
      expect(res.status).toBe(200);
      expect(mem.received[0]).toMatchObject({ text: '', attachmentCount: 2 });
      expect(twimlMessages(res.body)).toEqual(['photo?']);
    });

    it('hands the engine the canonical keyword Twilio recognised and leaves the answer to Twilio', async () => {
      const params = inboundSms(RESIDENT, 'Arret', { OptOutType: 'STOP' });
      const res = await postSigned(`${mem.url}/sms/twilio`, params);
      expect(res.status).toBe(200);
      expect(mem.received[0]?.text).toBe('STOP');
      expect(twimlMessages(res.body)).toEqual([]);
    });

    it('answers 400 to a signed payload without the fields Twilio always sends', async () => {
      const params = { AccountSid: ACCOUNT_SID, Body: 'hi' };
      expect((await postSigned(`${mem.url}/sms/twilio`, params)).status).toBe(400);
      expect(mem.received).toHaveLength(0);
    });

    it('refuses bodies far larger than any Twilio webhook with 413', async () => {
      const params = inboundSms(RESIDENT, 'x'.repeat(70_000));
      expect((await postSigned(`${mem.url}/sms/twilio`, params)).status).toBe(413);
      expect(mem.received).toHaveLength(0);
    });
  });

  it('answers 500 and acknowledges nothing when the commit fails', async () => {
    mem = await startMemoryContext({ failReceive: () => true });
    api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    adapter = new TwilioAdapter(
      loadTwilioConfig({
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: BOT_NUMBER,
        PUBLIC_URL: mem.url,
        TWILIO_API_URL: api.url,
      }),
    );
    await adapter.start(mem.ctx);
    const res = await postSigned(`${mem.url}/sms/twilio`, inboundSms(RESIDENT, 'hi'));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('<Message>');
  });

  describe('behind a TLS-terminating proxy', () => {
    beforeEach(() => setup({ PUBLIC_URL: `${PUBLIC_URL}/voices/` }));

    it('checks the signature against PUBLIC_URL, not the local listen address', async () => {
      const local = `${mem.url}/sms/twilio?src=twilio`;
      const params = inboundSms(RESIDENT, 'via proxy');
      const proxied = await postSigned(local, params, {
        signedUrl: `${PUBLIC_URL}/voices/sms/twilio?src=twilio`,
      });
      expect(proxied.status).toBe(200);
      const signedForLocal = await postSigned(local, inboundSms(RESIDENT, 'direct'));
      expect(signedForLocal.status).toBe(403);
      expect(mem.received.map((m) => m.text)).toEqual(['via proxy']);
    });
  });

  describe('status callbacks', () => {
    beforeEach(() => setup());

    it('records signed statuses and marks landlines unreachable', async () => {
      const url = `${mem.url}/sms/twilio/status`;
      const sid = newSid('SM');
      const base = {
        AccountSid: ACCOUNT_SID,
        MessageSid: sid,
        To: RESIDENT,
        From: BOT_NUMBER,
        ApiVersion: '2010-04-01',
      };
      expect((await postSigned(url, { ...base, MessageStatus: 'sent', SmsStatus: 'sent' })).status).toBe(204);
      expect((await postSigned(url, { ...base, MessageStatus: 'delivered' })).status).toBe(204);
      expect((await postSigned(url, { ...base, MessageStatus: 'receiving' })).status).toBe(204);
      const landline = {
        ...base,
        MessageSid: newSid('SM'),
        MessageStatus: 'undelivered',
        ErrorCode: '30006',
      };
      expect((await postSigned(url, landline)).status).toBe(204);
      expect(mem.statuses).toEqual([
        { id: sid, status: 'sent', errorCode: undefined },
        { id: sid, status: 'delivered', errorCode: undefined },
        { id: landline.MessageSid, status: 'undelivered', errorCode: 30006 },
      ]);
      expect(mem.unreachable).toEqual([RESIDENT]);
    });

    it('refuses unsigned status callbacks', async () => {
      const params = { AccountSid: ACCOUNT_SID, MessageSid: newSid('SM'), MessageStatus: 'failed' };
      const res = await postSigned(`${mem.url}/sms/twilio/status`, params, { signature: null });
      expect(res.status).toBe(403);
      expect(mem.statuses).toEqual([]);
    });
  });

  describe('outbound through the real SDK to the fake REST API', () => {
    it('sends from a sticky number of the pool, GSM-normalized, with the status callback URL', async () => {
      await setup({ TWILIO_FROM: `${BOT_NUMBER}, ${BOT_NUMBER_2}` });
      const first = await adapter.send({
        channel: 'sms',
        address: RESIDENT,
        text: 'What’s one thing… you’d change?',
      });
      const second = await adapter.send({ channel: 'sms', address: RESIDENT, text: 'Reminder' });
      expect(first).toEqual({ ok: true, providerMessageId: api.messages[0]?.sid });
      expect(second.ok).toBe(true);
      expect(api.messages[0]).toMatchObject({
        to: RESIDENT,
        body: "What's one thing... you'd change?",
        statusCallback: `${mem.url}/sms/twilio/status`,
        messagingServiceSid: undefined,
      });
      expect([BOT_NUMBER, BOT_NUMBER_2]).toContain(api.messages[0]?.from);
      expect(api.messages[1]?.from).toBe(api.messages[0]?.from);
      // Across many residents both numbers get used.
      for (let i = 0; i < 20; i++)
        await adapter.send({ channel: 'sms', address: `+1514555${2000 + i}`, text: 'x' });
      expect(new Set(api.messages.map((m) => m.from))).toEqual(new Set([BOT_NUMBER, BOT_NUMBER_2]));
    });

    it('sends through the Messaging Service when one is configured', async () => {
      await setup({ TWILIO_MESSAGING_SERVICE_SID: SERVICE_SID });
      expect((await adapter.send({ channel: 'sms', address: RESIDENT, text: 'hi' })).ok).toBe(true);
      expect(api.messages[0]).toMatchObject({ messagingServiceSid: SERVICE_SID, from: undefined });
    });

    it('maps Twilio refusals onto send results', async () => {
      await setup();
      const send = () => adapter.send({ channel: 'sms', address: RESIDENT, text: 'hi' });
      api.failNext({ status: 429, code: 20429, message: 'Too Many Requests', retryAfter: '3' });
      expect(await send()).toEqual({ ok: false, reason: 'rate_limited', code: 20429, retryAfterMs: 3000 });
      api.failNext({ status: 503 });
      expect(await send()).toMatchObject({ ok: false, reason: 'transient', code: 503 });
      api.hangUpNext();
      expect(await send()).toMatchObject({ ok: false, reason: 'transient' });
      api.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      expect(await send()).toEqual({ ok: false, reason: 'opted_out', code: 21610 });
      for (const code of [21211, 21614, 21217]) {
        api.failNext({ status: 400, code });
        expect(await send()).toEqual({ ok: false, reason: 'unreachable', code });
      }
      api.failNext({
        status: 400,
        code: 21606,
        message: "The 'From' phone number is not a valid SMS-capable number",
      });
      expect(await send()).toEqual({ ok: false, reason: 'permanent', code: 21606 });
      expect(await send()).toMatchObject({ ok: true });
      // A log line per refusal, with the code only.
      const log = mem.logLines.join('\n');
      expect(log).toContain('"code":21610');
      expect(log).not.toContain(RESIDENT);
    });

    it('reports a wrong auth token as a permanent refusal', async () => {
      await setup({ TWILIO_AUTH_TOKEN: 'not-the-right-token-0000' });
      expect(await adapter.send({ channel: 'sms', address: RESIDENT, text: 'hi' })).toEqual({
        ok: false,
        reason: 'permanent',
        code: 20003,
      });
    });

    it('on stop, leaves queued sends for the next start instead of failing them', async () => {
      await setup({ TWILIO_RATE_PER_SECOND: '2' });
      const sends = [1, 2, 3].map(() => adapter.send({ channel: 'sms', address: RESIDENT, text: 'x' }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await adapter.stop();
      const results = await Promise.all(sends);
      expect(results[0]).toMatchObject({ ok: true });
      expect(results.slice(1)).toEqual([
        { ok: false, reason: 'transient', code: 'stopping' },
        { ok: false, reason: 'transient', code: 'stopping' },
      ]);
      expect(await adapter.send({ channel: 'sms', address: RESIDENT, text: 'y' })).toMatchObject({
        reason: 'transient',
      });
      expect(api.messages).toHaveLength(1);
    });

    it('keeps each sender at its configured rate', async () => {
      await setup({ TWILIO_RATE_PER_SECOND: '20', TWILIO_FROM: `${BOT_NUMBER},${BOT_NUMBER_2}` });
      // Two residents who stick to different numbers.
      const residents: string[] = [];
      for (let i = 0; residents.length < 2 && i < 100; i++) {
        const address = `+1514555${3000 + i}`;
        await adapter.send({ channel: 'sms', address, text: 'probe' });
        const from = api.messages.at(-1)?.from;
        if (!residents.some((r) => api.messages.find((m) => m.to === r)?.from === from))
          residents.push(address);
      }
      api.messages.length = 0;
      await Promise.all(
        residents.flatMap((address) =>
          Array.from({ length: 6 }, () => adapter.send({ channel: 'sms', address, text: 'x' })),
        ),
      );
      const spans = [BOT_NUMBER, BOT_NUMBER_2].map((from) => {
        const times = api.messages.filter((m) => m.from === from).map((m) => m.at);
        expect(times).toHaveLength(6);
        // 6 sends at 20/s span 5 × 50 ms for one sender; arrival times at the fake jitter by a few ms under load,
        // and unpaced sends would all arrive within a few ms, so 200 ms still proves the pacing.
        expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(200);
        return { first: times[0]!, last: times.at(-1)! };
      });
      // The two senders run side by side, not one after the other.
      expect(spans[1]!.first).toBeLessThan(spans[0]!.last);
      expect(spans[0]!.first).toBeLessThan(spans[1]!.last);
    });
  });
});
