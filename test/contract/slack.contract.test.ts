/**
 * The shared adapter contract, driven through Slack's own protocol: signed Events API callbacks
 * into the real runner, replies read back from the fake Slack Web API's `chat.postMessage` log.
 */
import { BOT_ID, BOT_USER_ID } from '../adapters/slack/fake-slack.js';
import { startSlackHarness } from '../adapters/slack/harness.js';
import { dmEvent, sendEvent } from '../adapters/slack/slack-requests.js';
import { runAdapterContract } from './adapter-contract.js';

/** What the resident reads: Slack shows `&lt;` as `<`. */
const fromMrkdwn = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

runAdapterContract('slack', {
  async setup() {
    const h = await startSlackHarness();
    return {
      runner: h.runner,
      adapter: h.adapter,
      channel: 'slack',
      async deliver({ address, text, messageId }) {
        const res = await sendEvent(h.runner.url, dmEvent({ user: address, text, clientMsgId: messageId }));
        if (res.status !== 200) throw new Error(`slack events answered ${res.status}`);
      },
      async inbox(address) {
        return h.fake.dmTexts(address).map(fromMrkdwn);
      },
      async deliverOwnMessage() {
        const res = await sendEvent(
          h.runner.url,
          dmEvent({ user: BOT_USER_ID, text: 'Thanks, that helps!', event: { bot_id: BOT_ID } }),
        );
        if (res.status !== 200) throw new Error(`slack events answered ${res.status}`);
      },
      async deliverBadSignature() {
        const res = await sendEvent(h.runner.url, dmEvent({ user: 'UBADSIG001', text: 'hello' }), {
          secret: 'not-the-signing-secret',
        });
        return { rejected: res.status === 401 };
      },
      teardown: () => h.close(),
    };
  },
});
