/**
 * Residents' timezones from Slack: the real Bolt web client asks the fake's users.info once, the
 * participant keeps the `tz`, and quiet hours follow it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, participants } from '../../../src/store/sqlite/schema.js';
import { drizzleOf } from '../../helpers/store.js';
import { type SlackHarness, startSlackHarness } from './harness.js';
import { dmEvent, sendEvent } from './slack-requests.js';

// 21:30 in Toronto, 18:30 in Vancouver.
let now = new Date('2026-11-17T02:30:00Z');
let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness(
    { QUIET_HOURS: '21:00-08:00', TIMEZONE: 'America/Toronto' },
    undefined,
    () => now,
  );
  h.fake.timezones.set('UTZVANCOUV', 'America/Vancouver');
});
afterAll(async () => h?.close());

async function dm(user: string, text: string) {
  expect((await sendEvent(h.runner.url, dmEvent({ user, text }))).status).toBe(200);
}
const zoneOf = (user: string) =>
  drizzleOf(h.runner.store)
    .select({ timezone: participants.timezone })
    .from(participants)
    .where(eq(participants.id, h.runner.conversations.participantId('slack', user)))
    .get()?.timezone;

describe('Slack residents’ timezones', () => {
  it('are learnt from users.info tz, asked once per resident, and absent when Slack has none', async () => {
    await dm('UTZVANCOUV', 'hi');
    await dm('UTZVANCOUV', 'yes');
    await dm('UTZNOZONE1', 'hi');
    await dm('UTZNOZONE1', 'yes');
    expect(zoneOf('UTZVANCOUV')).toBe('America/Vancouver');
    expect(zoneOf('UTZNOZONE1')).toBeNull();
    const lookups = h.fake.callsOf('users.info').map((c) => c.args.user);
    expect(lookups.filter((u) => u === 'UTZVANCOUV')).toHaveLength(1);
    expect(lookups.filter((u) => u === 'UTZNOZONE1')).toHaveLength(1);
  });

  it("quiet hours follow the resident's zone: 21:30 in Toronto is 18:30 in Vancouver", async () => {
    for (const user of ['UTZVANCOUV', 'UTZNOZONE1']) await dm(user, 'skip');
    await h.runner.drainOutbox();
    now = new Date('2026-11-24T02:30:00Z');
    await h.runner.tick();
    const waiting = (user: string) =>
      drizzleOf(h.runner.store)
        .select({ notBefore: outbox.notBefore, status: outbox.status })
        .from(outbox)
        .where(eq(outbox.participantId, h.runner.conversations.participantId('slack', user)))
        .all()
        .filter((r) => r.notBefore.getTime() > Date.parse('2026-11-24T00:00:00Z'));
    // Vancouver: the next question goes now. No zone known (the organizers' Toronto): it waits for 08:00.
    expect(waiting('UTZVANCOUV').map((r) => r.notBefore.toISOString())).toEqual(['2026-11-24T02:30:00.000Z']);
    expect(waiting('UTZNOZONE1')).toEqual([]);
    now = new Date('2026-11-24T13:00:00Z');
    await h.runner.tick();
    expect(waiting('UTZNOZONE1').map((r) => r.notBefore.toISOString())).toEqual(['2026-11-24T13:00:00.000Z']);
  });

  it('a failing users.info never holds the message up', async () => {
    h.fake.failNext('users.info', { status: 429, retryAfter: 30 });
    await dm('UTZFAILING', 'hi');
    expect(zoneOf('UTZFAILING')).toBeNull();
    expect(drizzleOf(h.runner.store).select().from(participants).all().length).toBe(3);
  });
});
