import { createHash } from 'node:crypto';
import { startFakeTwilioApi } from '../adapters/twilio/fake-twilio-api.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BOT_NUMBER,
  inboundSms,
  postSigned,
  twimlMessages,
} from '../adapters/twilio/helpers.js';
import { startTestRunner } from '../helpers/test-runner.js';
import { runAdapterContract } from './adapter-contract.js';

const PUBLIC_URL = 'https://voices.example.org';
const digest = (s: string) => createHash('sha256').update(s).digest('hex');

runAdapterContract('twilio', {
  skip: {
    'own-messages': "Twilio never posts the bot's own outbound SMS to the incoming-message webhook",
  },
  // A distinct Montreal number per test resident.
  address: (seed) => `+1514${(Number.parseInt(digest(seed).slice(0, 12), 16) % 9_000_000) + 1_000_000}`,
  async setup() {
    const api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const runner = await startTestRunner({
      ADAPTERS: 'twilio',
      QUIET_HOURS: 'off',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: BOT_NUMBER,
      PUBLIC_URL,
      TWILIO_API_URL: api.url,
      TWILIO_RATE_PER_SECOND: '200',
    });
    const adapter = runner.adapters.get('sms')!;
    const inline = new Map<string, string[]>();
    const inboundUrl = `${runner.url}/sms/twilio`;
    const signedUrl = `${PUBLIC_URL}/sms/twilio`;
    return {
      runner,
      adapter,
      channel: 'sms',
      async deliver({ address, text, messageId }) {
        // The same contract id always maps to the same MessageSid, as a Twilio retry would carry.
        const params = inboundSms(address, text, { MessageSid: `SM${digest(messageId).slice(0, 32)}` });
        const res = await postSigned(inboundUrl, params, { signedUrl });
        if (res.status !== 200) throw new Error(`twilio webhook answered ${res.status}`);
        inline.set(address, [...(inline.get(address) ?? []), ...twimlMessages(res.body)]);
      },
      async inbox(address) {
        return [...(inline.get(address) ?? []), ...api.inbox(address)];
      },
      async deliverBadSignature() {
        const params = inboundSms('+15145550199', 'hello');
        const res = await postSigned(inboundUrl, params, {
          signedUrl,
          authToken: 'wrong-auth-token-0123456789',
        });
        return { rejected: res.status === 403 };
      },
      async teardown() {
        await runner.dispose();
        await api.close();
      },
    };
  },
});
