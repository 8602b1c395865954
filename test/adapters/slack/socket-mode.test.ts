/**
 * Socket Mode: with SLACK_APP_TOKEN set, Bolt opens `apps.connections.open` on the fake Web API
 * and connects to the fake's WebSocket; envelopes are acked after the commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { direct } from '../../helpers/store.js';
import { type SlackHarness, startSlackHarness } from './harness.js';
import { commandBody, dmEvent, sendEvent } from './slack-requests.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ SLACK_APP_TOKEN: 'xapp-1-test-app-token', SLACK_SIGNING_SECRET: '' });
  const deadline = Date.now() + 5000;
  while (h.fake.socketConnections === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await h?.close();
});

describe('Slack adapter over Socket Mode', () => {
  it('opens the connection with the app token through SLACK_API_URL', () => {
    const open = h.fake.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]!.token).toBe('xapp-1-test-app-token');
    expect(h.fake.socketConnections).toBe(1);
  });

  it('mounts no HTTP routes: nothing to sign, nothing to forge', async () => {
    const res = await sendEvent(h.runner.url, dmEvent({ user: 'USOCK00001', text: 'hello' }));
    expect(res.status).toBe(404);
  });

  it('acks a DM envelope after committing it, then replies in the DM', async () => {
    const user = 'USOCK00002';
    const before = await direct(h.runner.store).countReplies();
    const steps = ['hello', 'YES', 'SKIP', 'More benches along the river path'];
    for (const [i, text] of steps.entries()) {
      const { acked } = await h.fake.pushEnvelope(
        'events_api',
        dmEvent({ user, text, clientMsgId: `sock-${i}` }),
      );
      expect(acked).toBe(true);
      await h.runner.drainOutbox();
    }
    expect(await direct(h.runner.store).countReplies()).toBe(before + 1);
    expect(h.fake.dmTexts(user)[0]).toMatch(/YES/);
    // A redelivered envelope (retry_attempt 1) is stored once.
    const redelivered = await h.fake.pushEnvelope(
      'events_api',
      dmEvent({ user, text: 'More benches along the river path', clientMsgId: 'sock-3' }),
      { retryAttempt: 1 },
    );
    expect(redelivered.acked).toBe(true);
    expect(await direct(h.runner.store).countReplies()).toBe(before + 1);
  });

  it('answers /voices join in the envelope ack', async () => {
    const body = Object.fromEntries(
      new URLSearchParams(
        commandBody({ user: 'USOCK00003', text: 'join', responseUrl: h.fake.responseUrl() }),
      ),
    );
    const { acked, payload } = await h.fake.pushEnvelope('slash_commands', body);
    expect(acked).toBe(true);
    expect(payload).toMatchObject({ response_type: 'ephemeral' });
    await h.runner.drainOutbox();
    expect(h.fake.dmTexts('USOCK00003')).toHaveLength(1);
  });

  // Last: it breaks the store on purpose.
  it('leaves an envelope unacked when the commit fails, so Slack redelivers it', async () => {
    await h.runner.store.close();
    const { acked } = await h.fake.pushEnvelope(
      'events_api',
      dmEvent({ user: 'USOCK00004', text: 'hello', clientMsgId: 'sock-fail' }),
      { timeoutMs: 1000 },
    );
    expect(acked).toBe(false);
  });
});
