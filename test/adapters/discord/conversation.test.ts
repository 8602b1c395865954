/**
 * End to end through the real runner and engine: discord.js logs in to the fake gateway, residents
 * join with `/voices join` and talk in DMs, replies go out through the fake REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_EMBED_LIMITS, embedLength } from '../../../src/core/digest/render/discord-embeds.js';
import { direct } from '../../helpers/store.js';
import { digestWithThemes } from './digest-fixture.js';
import { type DiscordHarness, ORGANIZER_ROLE, startDiscordHarness } from './harness.js';

const EPHEMERAL = 64;
let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness();
});
afterAll(async () => {
  await h?.close();
});

const inbox = (userId: string): string[] => h.fake.dms.get(userId) ?? [];
const status = async (userId: string) =>
  (await direct(h.runner.store).participant(h.runner.conversations.participantId('discord', userId)))?.status;

describe('Discord end to end', () => {
  it('a resident joins with /voices join, consents in DMs, answers a prompt, and the reply is stored scrubbed', async () => {
    const resident = '880000000000000001';
    const join = await h.slash({ userId: resident, subcommand: 'join' });
    expect(h.fake.repliesTo(join)).toEqual([
      expect.objectContaining({ kind: 'callback', type: 4, flags: EPHEMERAL }),
    ]);
    await h.runner.drainOutbox();
    expect(inbox(resident)).toHaveLength(1);
    expect(inbox(resident)[0]).toMatch(/YES/);
    expect(await status(resident)).toBe('awaiting_consent');

    await h.dm(resident, 'YES');
    await h.runner.drainOutbox();
    expect(await status(resident)).toBe('active');
    await h.dm(resident, 'SKIP');
    await h.runner.drainOutbox();
    const beforeAnswer = inbox(resident).length;
    const repliesBefore = await direct(h.runner.store).countReplies();

    await h.dm(resident, 'The bus stop on Elm has no shelter, call me at 613-555-0199');
    await h.runner.drainOutbox();
    expect(await direct(h.runner.store).countReplies()).toBe(repliesBefore + 1);
    const stored = (await direct(h.runner.store).listReplies()).map((r) => r.text);
    expect(stored.some((t) => t.startsWith('The bus stop on Elm has no shelter'))).toBe(true);
    expect(stored.join(' ')).not.toContain('613-555-0199');
    expect(inbox(resident).length).toBeGreaterThan(beforeAnswer);

    // A replayed gateway dispatch (same message id) stores nothing twice.
    const id = await h.dm(resident, 'Also the library closes too early');
    await h.dm(resident, 'Also the library closes too early', { messageId: id });
    await h.runner.drainOutbox();
    expect(await direct(h.runner.store).countReplies()).toBe(repliesBefore + 2);

    // STOP works in DMs like anywhere else.
    await h.dm(resident, 'STOP');
    await h.runner.drainOutbox();
    expect(await status(resident)).toBe('opted_out');
  });

  it('50007 on the invitation marks the participant unreachable, with no retry loop', async () => {
    const closed = '880000000000000002';
    h.fake.dmFailures.set(closed, { status: 403, code: 50007, message: 'Cannot send messages to this user' });
    await h.slash({ userId: closed, subcommand: 'join' });
    await h.runner.drainOutbox();
    await h.runner.tick();
    await h.runner.drainOutbox();

    expect(await status(closed)).toBe('unreachable');
    const channelId = h.fake.dmChannelFor(closed);
    const attempts = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
    );
    expect(attempts).toHaveLength(1);
    expect(inbox(closed)).toEqual([]);
  });

  it("refuses a resident's /voices digest and answers an organizer's /voices stats", async () => {
    const refused = await h.slash({ userId: '880000000000000003', subcommand: 'digest' });
    expect(h.fake.repliesTo(refused)).toEqual([
      expect.objectContaining({
        type: 4,
        flags: EPHEMERAL,
        content: expect.stringContaining('only organizers'),
      }),
    ]);

    const stats = await h.slash({
      userId: '880000000000000004',
      subcommand: 'stats',
      roles: [ORGANIZER_ROLE],
    });
    const [deferred, edit] = h.fake.repliesTo(stats);
    expect(deferred).toMatchObject({ type: 5, flags: EPHEMERAL });
    // One participant so far: counts under 5 are hidden, replies are a plain total.
    expect(edit?.content).toContain('Participants: fewer than 5');
    expect(edit?.content).toMatch(/Replies: 2/);

    const digest = await h.slash({
      userId: '880000000000000004',
      subcommand: 'digest',
      roles: [ORGANIZER_ROLE],
    });
    expect(h.fake.repliesTo(digest)[1]?.content).toContain('no digest yet');
  });

  it("gives an organizer the stored 60-theme digest as ephemeral embeds within Discord's limits", async () => {
    const digest = digestWithThemes(60);
    const period = {
      id: digest.id,
      fromDate: '2026-11-16',
      toDate: '2026-11-22',
      start: new Date('2026-11-16T05:00:00Z'),
      end: new Date('2026-11-23T05:00:00Z'),
      timezone: 'America/Toronto',
    };
    await direct(h.runner.store).saveDigestOnce(period, digest, new Date());
    const id = await h.slash({ userId: '880000000000000004', subcommand: 'digest', roles: [ORGANIZER_ROLE] });
    const [deferred, ...messages] = h.fake.repliesTo(id);
    expect(deferred).toMatchObject({ type: 5, flags: EPHEMERAL });
    expect(messages.length).toBeGreaterThan(1);
    const labels: string[] = [];
    for (const message of messages) {
      const embeds = (message.embeds ?? []) as Parameters<typeof embedLength>[0][];
      expect(embeds.length).toBeGreaterThan(0);
      expect(embeds.length).toBeLessThanOrEqual(DISCORD_EMBED_LIMITS.embedsPerMessage);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(
        DISCORD_EMBED_LIMITS.charsPerMessage,
      );
      for (const e of embeds) labels.push(...(e.fields ?? []).map((f) => f.name));
    }
    expect(labels.filter((l) => l.startsWith('Theme '))).toHaveLength(60);
  });
});
