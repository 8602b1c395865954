/**
 * Bolt for real, on the runner's server, against a local fake Slack Web API; Events API and
 * slash-command requests signed with the signing secret as Slack signs them.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import createSlackAdapter, { type SlackAdapter } from '../../../adapters/slack/index.js';
import type { AdapterContext } from '../../../adapters/types.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { ErrorCode, isVoicesError, type VoicesError } from '../../../src/core/errors.js';
import { loadPromptFile } from '../../../src/core/prompts/load.js';
import { createLogger } from '../../../src/runner/logger.js';
import { digests } from '../../../src/store/sqlite/schema.js';
import { direct, drizzleOf } from '../../helpers/store.js';
import { BOT_ID, BOT_USER_ID, FakeSlack } from './fake-slack.js';
import {
  capturingLogger,
  DIGEST_CHANNEL,
  ORGANIZER,
  ORGANIZER_CHANNEL,
  type SlackHarness,
  startSlackHarness,
} from './harness.js';
import {
  commandBody,
  dmEvent,
  postSigned,
  SIGNING_SECRET,
  sendCommand,
  sendEvent,
  signature,
} from './slack-requests.js';

let h: SlackHarness;
const logLines: string[] = [];

beforeAll(async () => {
  h = await startSlackHarness({}, capturingLogger(logLines));
  // Five members, two to a page: membership checks must follow the cursor.
  h.fake.members.set(ORGANIZER_CHANNEL, [
    'UORGCHAN01',
    'UORGCHAN02',
    'UORGCHAN03',
    'UORGCHAN04',
    'UORGCHAN05',
  ]);
});
afterAll(async () => {
  await h?.close();
});

async function dm(user: string, text: string, clientMsgId?: string) {
  const res = await sendEvent(h.runner.url, dmEvent({ user, text, clientMsgId }));
  expect(res.status).toBe(200);
  await h.runner.drainOutbox();
  return res;
}

describe('Slack adapter over HTTP', () => {
  it('called auth.test at start, with the bot token, on the fake API', () => {
    const auth = h.fake.callsOf('auth.test');
    // Once: Bolt is handed the bot ids instead of asking again.
    expect(auth).toHaveLength(1);
    expect(auth[0]!.token).toBe('xoxb-test-token');
  });

  it('answers url_verification with the challenge, only when signed', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    const ok = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ challenge: 'chal-123' });
    const bad = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json', {
      secret: 'wrong-secret',
    });
    expect(bad.status).toBe(401);
  });

  it('runs a DM conversation end to end: welcome, consent, group, prompt, stored reply', async () => {
    const user = 'URES000001';
    await dm(user, 'hello');
    expect(h.fake.callsOf('conversations.open').some((c) => c.args.users === user)).toBe(true);
    const afterHello = h.fake.dmTexts(user);
    expect(afterHello.at(-1)).toMatch(/YES/);

    await dm(user, 'YES');
    expect(h.fake.dmTexts(user).at(-1)).toMatch(/Which best describes you/);

    await dm(user, '1');
    const firstPrompt = loadPromptFile(resolve(h.runner.config.PROMPTS_FILE)).prompts[0]!;
    expect(h.fake.dmTexts(user).at(-1)).toContain(firstPrompt.text.en);
    const before = await direct(h.runner.store).countReplies();

    await dm(user, 'More buses on the weekend & safer crossings near the school');
    expect(await direct(h.runner.store).countReplies()).toBe(before + 1);
    expect(h.fake.dmTexts(user).at(-1)).toMatch(/Thank you/);
    // Every DM went to the channel conversations.open returned, as plain escaped text.
    for (const call of h.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === FakeSlack.dmOf(user))) {
      expect(call.token).toBe('xoxb-test-token');
      expect(String(call.args.text)).not.toMatch(/[<>]/);
    }
  });

  it('stores a retried event once (same event_id and client_msg_id, X-Slack-Retry-Num)', async () => {
    const user = 'URES000002';
    await dm(user, 'hi');
    await dm(user, 'YES');
    await dm(user, 'SKIP');
    const before = await direct(h.runner.store).countReplies();
    const posts = h.fake.callsOf('chat.postMessage').length;
    const event = dmEvent({
      user,
      text: 'A library open late',
      clientMsgId: 'c0ffee00-0000-4000-8000-000000000001',
    });
    const first = await sendEvent(h.runner.url, event);
    const retry1 = await sendEvent(h.runner.url, event, { retryNum: 1 });
    const retry2 = await sendEvent(h.runner.url, event, { retryNum: 2 });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    // A retry with a fresh event_id (Slack re-sent the message) is still deduplicated by client_msg_id.
    const again = await sendEvent(h.runner.url, { ...event, event_id: 'EvDIFFERENT1' }, { retryNum: 1 });
    expect(again.status).toBe(200);
    await h.runner.drainOutbox();
    expect(await direct(h.runner.store).countReplies()).toBe(before + 1);
    // One thank-you, not four.
    expect(h.fake.callsOf('chat.postMessage').length).toBe(posts + 1);
  });

  it('rejects a bad signature, a 6-minute-old and a 10-minute-future timestamp, storing nothing', async () => {
    const user = 'URES000003';
    const body = JSON.stringify(dmEvent({ user, text: 'hello' }));
    const now = Math.floor(Date.now() / 1000);
    const badSig = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json', {
      signature: `v0=${'0'.repeat(64)}`,
    });
    const wrongSecret = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json', {
      secret: 'not-the-secret',
    });
    const stale = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json', {
      timestamp: now - 6 * 60,
    });
    const future = await postSigned(`${h.runner.url}/slack/events`, body, 'application/json', {
      timestamp: now + 10 * 60,
    });
    // Correctly signed for the stale timestamp: rejected for age, not for the signature.
    expect(signature(SIGNING_SECRET, now - 360, body)).toMatch(/^v0=[0-9a-f]{64}$/);
    expect([badSig.status, wrongSecret.status, stale.status, future.status]).toEqual([401, 401, 401, 401]);
    const command = await sendCommand(
      h.runner.url,
      { user, text: 'join', responseUrl: h.fake.responseUrl() },
      { timestamp: now - 6 * 60 },
    );
    expect(command.status).toBe(401);
    await h.runner.drainOutbox();
    expect(h.fake.dmTexts(user)).toEqual([]);
    // A slightly fast clock (30 s) is tolerated.
    const skewed = await sendEvent(h.runner.url, dmEvent({ user, text: 'hello' }), { timestamp: now + 30 });
    expect(skewed.status).toBe(200);
  });

  it('ignores bots, our own messages, edits, deletions and other subtypes', async () => {
    const user = 'URES000004';
    const noise = [
      dmEvent({ user, text: 'bot says hi', event: { bot_id: 'BOTHER0001' } }),
      dmEvent({ user: BOT_USER_ID, text: 'our own message', event: { bot_id: BOT_ID } }),
      dmEvent({ user, text: 'a bot_message', event: { subtype: 'bot_message' } }),
      dmEvent({ user, text: '', event: { subtype: 'message_changed', message: { text: 'edited' } } }),
      dmEvent({ user, text: '', event: { subtype: 'message_deleted' } }),
      dmEvent({ user, text: 'joined', event: { subtype: 'channel_join' } }),
      dmEvent({ user, text: 'in a channel', event: { channel_type: 'channel', channel: 'C0PUBLIC01' } }),
    ];
    for (const body of noise) expect((await sendEvent(h.runner.url, body)).status).toBe(200);
    await h.runner.drainOutbox();
    expect(h.fake.dmTexts(user)).toEqual([]);
    expect(h.fake.dmTexts(BOT_USER_ID)).toEqual([]);
  });

  it('acks a DM well within 3 seconds', async () => {
    const res = await sendEvent(h.runner.url, dmEvent({ user: 'URES000005', text: 'hello' }));
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3000);
  });

  it('/voices join sends one consent DM, once', async () => {
    const user = 'URES000006';
    const first = await sendCommand(h.runner.url, { user, text: 'join', responseUrl: h.fake.responseUrl() });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.parse(first.text).text).toMatch(/direct message/);
    await h.runner.drainOutbox();
    expect(h.fake.dmTexts(user)).toHaveLength(1);
    expect(h.fake.dmTexts(user)[0]).toMatch(/YES/);

    const second = await sendCommand(h.runner.url, { user, text: 'join', responseUrl: h.fake.responseUrl() });
    expect(JSON.parse(second.text).text).toMatch(/already/);
    await h.runner.drainOutbox();
    expect(h.fake.dmTexts(user)).toHaveLength(1);
  });

  it("refuses a resident's /voices digest politely, revealing nothing", async () => {
    const resident = 'URES000007';
    const responseId = 'refusal-1';
    const res = await sendCommand(h.runner.url, {
      user: resident,
      text: 'digest',
      responseUrl: h.fake.responseUrl(responseId),
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await h.adapter.idle();
    const answers = h.fake.responses.filter((r) => r.id === responseId);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toMatchObject({ response_type: 'ephemeral' });
    const refusal = String(answers[0]!.body.text);
    // The same text an unknown command gets: it does not say organizer commands exist.
    const unknown = await sendCommand(h.runner.url, {
      user: resident,
      text: 'frobnicate',
      responseUrl: h.fake.responseUrl(),
    });
    expect(JSON.parse(unknown.text).text).toBe(refusal);
    expect(refusal).not.toMatch(/digest|organi[sz]er|stats|permission/i);
    expect(answers[0]!.body.blocks).toBeUndefined();
  });

  it('treats an unreadable organizers channel as "not an organizer", with the same help text', async () => {
    // A separate runner: the main one has the membership cached.
    const other = await startSlackHarness();
    try {
      other.fake.failNext('conversations.members', { error: 'channel_not_found' });
      const responseId = 'unreadable-1';
      await sendCommand(other.runner.url, {
        user: 'UORGCHAN01',
        text: 'stats',
        responseUrl: other.fake.responseUrl(responseId),
      });
      await other.adapter.idle();
      const help = await sendCommand(other.runner.url, {
        user: 'UORGCHAN01',
        text: '',
        responseUrl: other.fake.responseUrl(),
      });
      expect(other.fake.responses.find((r) => r.id === responseId)?.body.text).toBe(
        JSON.parse(help.text).text,
      );
    } finally {
      await other.close();
    }
  });

  it('lets members of the organizers channel run commands (paginated membership)', async () => {
    const responseId = 'stats-1';
    await sendCommand(h.runner.url, {
      user: 'UORGCHAN05',
      text: 'stats',
      responseUrl: h.fake.responseUrl(responseId),
    });
    await h.adapter.idle();
    const answer = h.fake.responses.find((r) => r.id === responseId);
    expect(String(answer?.body.text)).toMatch(/Participation/);
    // Small counts are never shown as numbers.
    expect(String(answer?.body.text)).not.toMatch(/Participants: [1-4]\b/);
  });

  it('/voices ask queues a prompt now; an unknown id lists the valid ones', async () => {
    const ids = loadPromptFile(resolve(h.runner.config.PROMPTS_FILE)).prompts.map((p) => p.id);
    expect(ids.length).toBeGreaterThan(1);
    const unknownId = 'ask-unknown';
    await sendCommand(h.runner.url, {
      user: ORGANIZER,
      text: 'ask nope',
      responseUrl: h.fake.responseUrl(unknownId),
    });
    await h.adapter.idle();
    const unknown = String(h.fake.responses.find((r) => r.id === unknownId)?.body.text);
    expect(unknown).toMatch(/Unknown prompt id/);
    for (const id of ids) expect(unknown).toContain(id);

    const user = 'URES000001'; // consented in the end-to-end test
    const posts = h.fake.dmTexts(user).length;
    const askId = 'ask-ok';
    await sendCommand(h.runner.url, {
      user: ORGANIZER,
      text: `ask ${ids[1]}`,
      responseUrl: h.fake.responseUrl(askId),
    });
    await h.adapter.idle();
    await h.runner.drainOutbox();
    expect(String(h.fake.responses.find((r) => r.id === askId)?.body.text)).toMatch(/queued for/);
    expect(h.fake.dmTexts(user).length).toBeGreaterThan(posts);
  });

  it('/voices invite #channel DMs each human member once (paginated, bots skipped)', async () => {
    const channel = 'C0INVITE01';
    h.fake.members.set(channel, [
      'UINV000001',
      'UINV000002',
      'UBOTOTHER1',
      BOT_USER_ID,
      'UINV000003',
      'URES000006',
    ]);
    h.fake.bots.add('UBOTOTHER1');
    const responseId = 'invite-1';
    const res = await sendCommand(h.runner.url, {
      user: ORGANIZER,
      text: `invite <#${channel}|neighbours>`,
      responseUrl: h.fake.responseUrl(responseId),
    });
    expect(res.status).toBe(200);
    await h.adapter.idle();
    await h.runner.drainOutbox();
    const pages = h.fake.callsOf('conversations.members').filter((c) => c.args.channel === channel);
    expect(pages.length).toBe(3);
    for (const user of ['UINV000001', 'UINV000002', 'UINV000003']) {
      expect(h.fake.dmTexts(user)).toHaveLength(1);
      expect(h.fake.dmTexts(user)[0]).toMatch(/YES/);
    }
    expect(h.fake.dmTexts('UBOTOTHER1')).toEqual([]);
    expect(h.fake.callsOf('conversations.open').some((c) => c.args.users === BOT_USER_ID)).toBe(false);
    // URES000006 joined earlier: not DMed again.
    expect(h.fake.dmTexts('URES000006')).toHaveLength(1);
    expect(String(h.fake.responses.find((r) => r.id === responseId)?.body.text)).toMatch(
      /Invited 3 members.*1 were already.*2 bots/,
    );
    // Nobody is enrolled without consenting: the invitees have no replies and no prompts yet.
    const prompts = loadPromptFile(resolve(h.runner.config.PROMPTS_FILE)).prompts;
    for (const prompt of prompts) expect(h.fake.dmTexts('UINV000001').join()).not.toContain(prompt.text.en);
  });

  it('/voices digest shows an organizer the latest digest, ephemeral, within Block Kit limits', async () => {
    const emptyId = 'digest-none';
    await sendCommand(h.runner.url, {
      user: ORGANIZER,
      text: 'digest',
      responseUrl: h.fake.responseUrl(emptyId),
    });
    await h.adapter.idle();
    expect(String(h.fake.responses.find((r) => r.id === emptyId)?.body.text)).toMatch(/no digest yet/);

    drizzleOf(h.runner.store)
      .insert(digests)
      .values({
        id: 'd1',
        periodFrom: new Date('2026-11-16T00:00:00Z'),
        periodTo: new Date('2026-11-23T00:00:00Z'),
        body: bigDigest(60),
        createdAt: new Date(),
      })
      .run();
    const responseId = 'digest-1';
    await sendCommand(h.runner.url, {
      user: ORGANIZER,
      text: 'digest',
      responseUrl: h.fake.responseUrl(responseId),
    });
    await h.adapter.idle();
    const answers = h.fake.responses.filter((r) => r.id === responseId);
    // Slack takes at most five responses per response_url.
    expect(answers.length).toBeGreaterThan(1);
    expect(answers.length).toBeLessThanOrEqual(5);
    for (const answer of answers) {
      expect(answer.body.response_type).toBe('ephemeral');
      expect((answer.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    }
    expect(JSON.stringify(answers[0]!.body.blocks)).toContain('Theme 0');
  });

  it('publishes a digest of 60 themes to the digest channel, overflowing into its thread', async () => {
    const digest = bigDigest(60);
    await h.adapter.publishDigest(digest);
    const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === DIGEST_CHANNEL);
    expect(posts.length).toBeGreaterThan(1);
    const [main, ...thread] = posts;
    expect(main!.args.thread_ts).toBeUndefined();
    const mainTs = '1700000000'; // the fake's ts counter starts here
    for (const reply of thread) {
      expect(String(reply.args.thread_ts)).toMatch(/^\d+\.\d+$/);
      expect(Number(reply.args.thread_ts)).toBeGreaterThan(Number(mainTs));
      expect(reply.args.thread_ts).toBe(thread[0]!.args.thread_ts);
    }
    let themes = 0;
    for (const post of posts) {
      const blocks = post.args.blocks as Array<{ type: string; text?: { text: string } }>;
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) {
        if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
        if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
        if (block.type === 'section' && block.text!.text.startsWith('*Theme ')) themes += 1;
      }
    }
    expect(themes).toBe(60);
  });

  it('maps Slack send errors to outbox results', async () => {
    const send = (address: string) => h.adapter.send({ channel: 'slack', address, text: 'hi' });
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await send('URES000001')).toMatchObject({ ok: false, reason: 'rate_limited', retryAfterMs: 7000 });
    h.fake.failNext('chat.postMessage', { error: 'ratelimited' });
    expect(await send('URES000001')).toMatchObject({ ok: false, reason: 'rate_limited' });
    h.fake.failNext('conversations.open', { error: 'user_not_found' });
    expect(await send('UGONE00001')).toMatchObject({
      ok: false,
      reason: 'unreachable',
      code: 'user_not_found',
    });
    h.fake.failNext('conversations.open', { error: 'account_inactive' });
    expect(await send('UGONE00002')).toMatchObject({ ok: false, reason: 'unreachable' });
    h.fake.bots.add('UBOTDM0001');
    expect(await send('UBOTDM0001')).toMatchObject({
      ok: false,
      reason: 'unreachable',
      code: 'cannot_dm_bot',
    });
    h.fake.failNext('chat.postMessage', { status: 503 });
    expect(await send('URES000001')).toMatchObject({ ok: false, reason: 'transient', code: 503 });
    h.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    expect(await send('URES000001')).toMatchObject({ ok: false, reason: 'permanent' });
    expect(await send('URES000001')).toMatchObject({
      ok: true,
      providerMessageId: expect.stringMatching(/^\d+\.\d+$/),
    });
  });

  it('acknowledges signed interactions on /slack/interactions and refuses unsigned ones', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: ORGANIZER },
      team: { id: 'T0TEAM0001' },
      api_app_id: 'A0FAKE0001',
      token: 'legacy',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: '1700000001.000100' },
      channel: { id: DIGEST_CHANNEL },
      response_url: h.fake.responseUrl(),
      actions: [{ action_id: 'noop', block_id: 'b1', type: 'button', value: 'x', action_ts: '1700000002.1' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const url = `${h.runner.url}/slack/interactions`;
    const ok = await postSigned(url, body, 'application/x-www-form-urlencoded');
    expect(ok.status).toBe(200);
    expect(ok.elapsedMs).toBeLessThan(3000);
    const bad = await postSigned(url, body, 'application/x-www-form-urlencoded', { secret: 'nope-nope' });
    expect(bad.status).toBe(401);
  });

  it('spaces sends to one DM after a burst of three, without slowing other DMs', async () => {
    const send = (address: string, i: number) =>
      h.adapter.send({ channel: 'slack', address, text: `part ${i}` });
    const started = Date.now();
    const results = await Promise.all([
      ...[1, 2, 3, 4, 5].map((i) => send('URATE00001', i)),
      send('URATE00002', 1),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const posts = h.fake.callsOf('chat.postMessage').filter((c) => c.at >= started);
    const at = (channel: string) =>
      posts.filter((c) => c.args.channel === channel).map((c) => c.at - started);
    const burst = at(FakeSlack.dmOf('URATE00001'));
    expect(burst).toHaveLength(5);
    expect(burst[2]!).toBeLessThan(500);
    // One a second after the burst; arrival at the fake jitters under load (871 ms seen at load 8, and a late
    // fourth send left 676 ms to the fifth), and unspaced sends arrive within a few ms of each other, so 700 ms
    // from the start and 500 ms between them still prove the spacing.
    expect(burst[3]!).toBeGreaterThanOrEqual(700);
    expect(burst[4]! - burst[3]!).toBeGreaterThanOrEqual(500);
    expect(at(FakeSlack.dmOf('URATE00002'))[0]!).toBeLessThan(500);
  });

  it('logged no message text, Slack user or channel id, token or signing secret', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('\n');
    for (const secret of ['xoxb-test-token', SIGNING_SECRET]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/\b[UDC]0?[A-Z0-9]{8,}\b/);
    for (const text of ['More buses', 'A library open late', 'hello', 'bot says hi'])
      expect(log).not.toContain(text);
  });

  it('answers signed but malformed payloads with 400, never 500, and stores nothing', async () => {
    const before = await direct(h.runner.store).countReplies();
    const nullEvent = { ...dmEvent({ user: 'URES000077', text: 'hi' }), event: null };
    expect((await sendEvent(h.runner.url, nullEvent)).status).toBe(400);
    const numericChannel = dmEvent({ user: 'URES000077', text: 'hi', event: { channel: 5 } });
    expect((await sendEvent(h.runner.url, numericChannel)).status).toBe(400);
    const noUser = commandBody({ user: '', text: 'join', responseUrl: h.fake.responseUrl() }).replace(
      /(^|&)user_id=[^&]*/,
      '',
    );
    const command = await postSigned(
      `${h.runner.url}/slack/commands`,
      noUser,
      'application/x-www-form-urlencoded',
    );
    expect(command.status).toBe(400);
    const noType = await postSigned(
      `${h.runner.url}/slack/events`,
      JSON.stringify({ event: {} }),
      'application/json',
    );
    expect(noType.status).toBe(400);
    expect(await direct(h.runner.store).countReplies()).toBe(before);
    // Still serving.
    expect((await sendEvent(h.runner.url, dmEvent({ user: 'URES000077', text: 'hello' }))).status).toBe(200);
  });

  it('answers 503 with Retry-After when the database cannot take the message (Slack retries)', async () => {
    const store = h.runner.store;
    const real = store.write.bind(store);
    store.write = (async () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }) as typeof store.write;
    try {
      const res = await postSigned(
        `${h.runner.url}/slack/events`,
        JSON.stringify(dmEvent({ user: 'URES000078', text: 'hello' })),
        'application/json',
      );
      expect(res.status).toBe(503);
    } finally {
      store.write = real;
    }
    expect((await sendEvent(h.runner.url, dmEvent({ user: 'URES000078', text: 'hello' }))).status).toBe(200);
  });

  // Last: it breaks the store on purpose.
  it('answers 500 (so Slack retries) when the commit fails: the ack never precedes the commit', async () => {
    await h.runner.store.close();
    const res = await sendEvent(h.runner.url, dmEvent({ user: 'URES000099', text: 'hello' }));
    expect(res.status).toBe(500);
  });
});

function bigDigest(themeCount: number): Digest {
  return {
    id: '2026-11-16_2026-11-23',
    organization: 'Riverside',
    language: 'en',
    period: { from: '2026-11-16', to: '2026-11-23', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T09:00:00Z',
    participation: {
      participants: 80,
      newParticipants: 12,
      replies: 400,
      unthemedReplies: 20,
      byChannel: [],
      byGroup: [],
    },
    prompts: [
      {
        promptId: 'p1',
        promptText: 'What matters most?',
        replies: 400,
        participants: 80,
        unthemed: 20,
        themes: Array.from({ length: themeCount }, (_, i) => ({
          key: `k${i}`,
          label: `Theme ${i}`,
          keywords: ['a', 'b'],
          replies: 6,
          participants: null,
          quotes: [{ text: `quote ${i} `.repeat(30) }, { text: `another ${i} `.repeat(30) }],
          groups: [],
          trend: 'new' as const,
          history: [],
        })),
      },
    ],
    commonGround: [],
    weeks: [],
  };
}

describe('Slack adapter start', () => {
  it('fails fast with AdapterFatal when the token is refused, naming no secret', async () => {
    const fake = await FakeSlack.start();
    try {
      fake.failNext('auth.test', { error: 'invalid_auth' });
      const adapter = createSlackAdapter({
        SLACK_BOT_TOKEN: 'xoxb-revoked-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      }) as SlackAdapter;
      const routes: string[] = [];
      const silent = createLogger('silent');
      const ctx = {
        http: {
          route: (_m: string, path: string) => routes.push(path),
          routePrefix: (_m: string, prefix: string) => routes.push(`${prefix}*`),
        },
        logger: silent,
      } as unknown as AdapterContext;
      const error = await adapter.start(ctx).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isVoicesError(error, ErrorCode.AdapterFatal)).toBe(true);
      expect((error as VoicesError).detail).toEqual({ code: 'invalid_auth' });
      expect((error as Error).message).not.toContain('xoxb-revoked-token');
      expect(routes).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
