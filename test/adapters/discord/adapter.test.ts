import { once } from 'node:events';
import { GatewayIntentBits, PermissionFlagsBits, SnowflakeUtil } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/adapter.js';
import { loadDiscordConfig } from '../../../adapters/discord/config.js';
import {
  DISCORD_EMBED_LIMITS,
  embedLength,
  renderDigestEmbeds,
} from '../../../src/core/digest/render/discord-embeds.js';
import { ErrorCode, isVoicesError } from '../../../src/core/errors.js';
import { digestWithThemes } from './digest-fixture.js';
import { APPLICATION_ID, FAKE_TOKEN, FakeDiscord } from './fake-discord.js';
import { MemoryContext } from './memory-context.js';

const RESIDENT = '555555555555555551';
const ORGANIZER = '555555555555555552';
const ORGANIZER_ROLE = '666666666666666666';
const DIGEST_CHANNEL = '777777777777777777';
const EPHEMERAL = 64;

let fake: FakeDiscord;
let ctx: MemoryContext;
let adapter: DiscordAdapter;

function makeAdapter(env: Record<string, string> = {}): DiscordAdapter {
  return new DiscordAdapter(
    loadDiscordConfig({
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_ORGANIZER_ROLE: ORGANIZER_ROLE,
      DISCORD_DIGEST_CHANNEL: DIGEST_CHANNEL,
      DISCORD_API_URL: fake.url,
      ...env,
    }),
  );
}

/** Waits for the adapter to finish handling the next gateway event. */
function nextSettled(): Promise<unknown[]> {
  return once(adapter.events, 'settled');
}

beforeEach(async () => {
  fake = await new FakeDiscord().start();
  ctx = new MemoryContext();
  adapter = makeAdapter();
  ctx.adapter = adapter;
});

afterEach(async () => {
  await adapter.stop();
  await fake.close();
});

describe('DiscordAdapter gateway login', () => {
  it('identifies with Guilds and DirectMessages only (no privileged MessageContent)', async () => {
    await adapter.start(ctx);
    expect(fake.identifies).toEqual([GatewayIntentBits.Guilds | GatewayIntentBits.DirectMessages]);
    expect(fake.identifies[0]! & GatewayIntentBits.MessageContent).toBe(0);
    expect(adapter.client.user?.id).toBe(APPLICATION_ID);
  });

  it.each([
    [4004, 'DISCORD_TOKEN'],
    [4014, 'Privileged Gateway Intents'],
  ])('gateway close %i: one fatal log naming the fix, AdapterFatal, no reconnect', async (code, fix) => {
    fake.closeOnIdentify = code;
    const error = await adapter.start(ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isVoicesError(error, ErrorCode.AdapterFatal)).toBe(true);
    expect((error as Error).message).toContain(fix);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.connections).toBe(1);
    const errors = ctx.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.fields).toMatchObject({ closeCode: code });
    expect(JSON.stringify(ctx.logs)).not.toContain(FAKE_TOKEN);
  });

  it('a 4004 after login (token reset while running): one fatal log and event, no reconnect', async () => {
    await adapter.start(ctx);
    const fatal = once(adapter.events, 'fatal');
    fake.closeGateway(4004);
    const [error] = await fatal;
    expect(isVoicesError(error, ErrorCode.AdapterFatal)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.connections).toBe(1);
    expect(ctx.logs.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('a token the REST API rejects (401 at /gateway/bot) is fatal without touching the gateway', async () => {
    fake.token = 'AAAA.BBBB.CCCC';
    const error = await adapter.start(ctx).catch((e: unknown) => e);
    expect(isVoicesError(error, ErrorCode.AdapterFatal)).toBe(true);
    expect((error as Error).message).toContain('DISCORD_TOKEN');
    expect(fake.connections).toBe(0);
    expect(ctx.logs.filter((l) => l.level === 'error')).toHaveLength(1);
  });
});

describe('DiscordAdapter DMs', () => {
  beforeEach(async () => {
    await adapter.start(ctx);
  });

  it('hands a resident DM to receive with the Discord message id, and sends the reply by DM', async () => {
    const settled = nextSettled();
    const id = await fake.sendDm(RESIDENT, 'The park lights are broken');
    expect(await settled).toEqual(['message', id, 'received']);
    await ctx.settled();

    expect(ctx.received).toHaveLength(1);
    expect(ctx.received[0]).toMatchObject({
      channel: 'discord',
      address: RESIDENT,
      messageId: id,
      text: 'The park lights are broken',
    });
    expect(ctx.received[0]!.receivedAt.getTime()).toBe(SnowflakeUtil.timestampFrom(id));
    expect(fake.dms.get(RESIDENT)).toEqual(['reply 1']);
    expect(ctx.sendResults[0]).toMatchObject({ ok: true });
    // Logs carry neither the text nor the user id.
    const logs = JSON.stringify(ctx.logs);
    expect(logs).not.toContain(RESIDENT);
    expect(logs).not.toContain('park lights');
  });

  it('ignores bots, its own messages, and commits one resident message once', async () => {
    let settled = nextSettled();
    await fake.sendDm('555555555555555559', 'I am a bot', { bot: true });
    expect((await settled)[2]).toBe('ignored');
    settled = nextSettled();
    await fake.sendDm(APPLICATION_ID, 'echo of my own prompt', { bot: true });
    expect((await settled)[2]).toBe('ignored');

    const id = SnowflakeUtil.generate().toString();
    settled = nextSettled();
    await fake.sendDm(RESIDENT, 'YES', { messageId: id });
    await settled;
    // A replayed dispatch with the same id (e.g. after a resume) is not committed twice.
    await fake.sendDm(RESIDENT, 'YES', { messageId: id });
    settled = nextSettled();
    await fake.sendDm(RESIDENT, 'second');
    await settled;
    await adapter.idle();
    expect(ctx.received.map((m) => m.text)).toEqual(['YES', 'second']);
  });

  it('keeps one resident’s messages in order even when they arrive back to back', async () => {
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) await fake.sendDm(RESIDENT, text);
    while (ctx.received.length < texts.length) await nextSettled();
    await adapter.idle();
    expect(ctx.received.map((m) => m.text)).toEqual(texts);
  });
});

describe('DiscordAdapter send', () => {
  beforeEach(async () => {
    await adapter.start(ctx);
  });

  it('opens a DM and returns the Discord message id', async () => {
    const result = await adapter.send({
      channel: 'discord',
      address: RESIDENT,
      text: 'What would you change?',
    });
    expect(result.ok).toBe(true);
    expect(result.ok && /^\d+$/.test(result.providerMessageId ?? '')).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toContain('POST /users/@me/channels');
    expect(fake.dms.get(RESIDENT)).toEqual(['What would you change?']);
  });

  it('waits out a 429 in the REST queue and then delivers, without failing the send', async () => {
    fake.rateLimitOnce.add(RESIDENT);
    const started = Date.now();
    const result = await adapter.send({ channel: 'discord', address: RESIDENT, text: 'Hello again' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    expect(posts).toHaveLength(2);
    expect(fake.dms.get(RESIDENT)).toEqual(['Hello again']);
  });

  it('50007 (cannot DM this user) marks the participant unreachable, with no retry', async () => {
    fake.dmFailures.set(RESIDENT, { status: 403, code: 50007, message: 'Cannot send messages to this user' });
    const settled = nextSettled();
    await fake.sendDm(RESIDENT, 'hello');
    await settled;
    await ctx.settled();

    expect(ctx.sendResults).toEqual([{ ok: false, reason: 'unreachable', code: 50007 }]);
    expect(ctx.unreachable).toEqual([RESIDENT]);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'));
    expect(posts).toHaveLength(1);
  });

  it('10013 (unknown user) is unreachable; 5xx is transient; other 4xx are permanent', async () => {
    fake.dmFailures.set(RESIDENT, { status: 404, code: 10013, message: 'Unknown User' });
    expect(await adapter.send({ channel: 'discord', address: RESIDENT, text: 'x' })).toEqual({
      ok: false,
      reason: 'unreachable',
      code: 10013,
    });
    fake.dmFailures.set(RESIDENT, { status: 502, code: 0, message: 'Bad Gateway' });
    expect(await adapter.send({ channel: 'discord', address: RESIDENT, text: 'x' })).toMatchObject({
      ok: false,
      reason: 'transient',
    });
    fake.dmFailures.set(RESIDENT, { status: 400, code: 50035, message: 'Invalid Form Body' });
    expect(await adapter.send({ channel: 'discord', address: RESIDENT, text: 'x' })).toEqual({
      ok: false,
      reason: 'permanent',
      code: 50035,
    });
  });
});

describe('DiscordAdapter slash commands', () => {
  beforeEach(async () => {
    await adapter.start(ctx);
  });

  async function run(opts: Parameters<FakeDiscord['slash']>[0]): Promise<string> {
    const settled = nextSettled();
    const id = await fake.slash(opts);
    await settled;
    return id;
  }

  it('/voices join invites the member and acknowledges ephemerally; the invitation arrives by DM', async () => {
    const id = await run({ userId: RESIDENT, subcommand: 'join' });
    await ctx.settled();
    expect(ctx.invited).toEqual([RESIDENT]);
    const [reply] = fake.repliesTo(id);
    expect(reply).toMatchObject({ kind: 'callback', type: 4, flags: EPHEMERAL });
    expect(reply?.content).toContain('direct message');
    expect(fake.dms.get(RESIDENT)).toEqual(['Welcome! Reply YES to take part.']);

    const again = await run({ userId: RESIDENT, subcommand: 'join' });
    expect(fake.repliesTo(again)[0]?.content).toContain('already invited');
    expect(ctx.invited).toEqual([RESIDENT]);
  });

  it("refuses a resident's /voices digest ephemerally, without reading the digest", async () => {
    for (const subcommand of ['digest', 'stats']) {
      const id = await run({ userId: RESIDENT, subcommand, roles: ['999999999999999999'] });
      expect(fake.repliesTo(id)).toEqual([
        expect.objectContaining({
          kind: 'callback',
          type: 4,
          flags: EPHEMERAL,
          content: expect.stringContaining('only organizers'),
        }),
      ]);
    }
    const ask = await run({
      userId: RESIDENT,
      subcommand: 'ask',
      options: [{ name: 'prompt-id', type: 3, value: 'parks' }],
    });
    expect(fake.repliesTo(ask)[0]?.content).toContain('only organizers');
    expect(ctx.digestCalls).toBe(0);
    expect(ctx.asked).toEqual([]);
  });

  it('gives an organizer (by role) the digest as ephemeral embeds split across follow-ups', async () => {
    ctx.digest = renderDigestEmbeds(digestWithThemes(60));
    const id = await run({ userId: ORGANIZER, subcommand: 'digest', roles: [ORGANIZER_ROLE] });
    const replies = fake.repliesTo(id);
    expect(replies[0]).toMatchObject({ kind: 'callback', type: 5, flags: EPHEMERAL });
    expect(replies[1]?.kind).toBe('edit');
    expect(replies.length).toBe(1 + (ctx.digest as unknown[]).length);
    for (const r of replies.slice(1)) {
      const embeds = r.embeds as Parameters<typeof embedLength>[0][];
      expect(embeds.length).toBeLessThanOrEqual(DISCORD_EMBED_LIMITS.embedsPerMessage);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    }
    for (const r of replies.slice(2)) expect(r).toMatchObject({ kind: 'followup', flags: EPHEMERAL });
  });

  it('lets Manage Server members read stats and ask a known prompt; rejects an unknown prompt id', async () => {
    const manage = PermissionFlagsBits.ManageGuild.toString();
    const stats = await run({ userId: ORGANIZER, subcommand: 'stats', permissions: manage });
    expect(fake.repliesTo(stats)[1]?.content).toContain(
      'Participants: 12 · active: 9 · opted out: fewer than 5',
    );

    const unknown = await run({
      userId: ORGANIZER,
      subcommand: 'ask',
      permissions: manage,
      options: [{ name: 'prompt-id', type: 3, value: 'nope' }],
    });
    expect(fake.repliesTo(unknown)[0]?.content).toBe('Unknown prompt id. Known ids: street-safety, parks');

    const ask = await run({
      userId: ORGANIZER,
      subcommand: 'ask',
      permissions: manage,
      options: [{ name: 'prompt-id', type: 3, value: 'parks' }],
    });
    expect(ctx.asked).toEqual(['parks']);
    expect(fake.repliesTo(ask)[1]?.content).toBe('Queued for 9 participants.');
  });

  it('answers "no digest yet" when none exists', async () => {
    const id = await run({ userId: ORGANIZER, subcommand: 'digest', roles: [ORGANIZER_ROLE] });
    expect(fake.repliesTo(id)[1]?.content).toContain('no digest yet');
  });

  it('asks to use the command in a server when run outside one', async () => {
    const id = await run({ userId: RESIDENT, subcommand: 'join', inGuild: false });
    expect(fake.repliesTo(id)[0]?.content).toContain('in a server');
    expect(ctx.invited).toEqual([]);
  });
});

describe('DiscordAdapter publishDigest', () => {
  it('posts a 60-theme digest to DISCORD_DIGEST_CHANNEL as several messages within limits', async () => {
    await adapter.start(ctx);
    await adapter.publishDigest(digestWithThemes(60));
    const posts = fake.channelPosts.get(DIGEST_CHANNEL) ?? [];
    expect(posts.length).toBeGreaterThan(1);
    const labels = new Set<string>();
    for (const post of posts) {
      const embeds = (post.embeds ?? []) as Parameters<typeof embedLength>[0][];
      expect(embeds.length).toBeGreaterThan(0);
      expect(embeds.length).toBeLessThanOrEqual(10);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
      for (const e of embeds) for (const f of e.fields ?? []) labels.add(f.name);
    }
    for (let i = 0; i < 60; i++) expect(labels).toContain(`Theme ${i}: street lighting and safety`);
  });
});
