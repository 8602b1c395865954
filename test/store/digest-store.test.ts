/** Reading a period's replies in pages (so a large week never holds the event loop); a digest's revisions and posts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/core/digest/period.js';
import type { Digest } from '../../src/core/digest/types.js';
import type { ReplyCursor } from '../../src/core/ports/store.js';
import { digestRevisions } from '../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { direct, drizzleOf } from '../helpers/store.js';

let dir: string;
let store: SqliteStore;
const START = new Date('2026-11-16T05:00:00Z');
const END = new Date('2026-11-23T05:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-digest-store-'));
  store = new SqliteStore(join(dir, 'v.db'));
  // Several replies share a time (an import gives a whole file one date), and some fall outside the period.
  const times = [-1, 0, 0, 0, 5, 5, 9, 9, 9, 9, 20, 7 * 24];
  await store.insertImported(
    times.map((hours, i) => ({
      participantId: null,
      promptId: 'noticed',
      isFollowUp: false,
      text: `reply ${i}`,
      channel: 'offline',
      language: 'en',
      group: null,
      receivedAt: new Date(START.getTime() + hours * 3_600_000),
      source: 'imported' as const,
      importKey: `k${i}`,
    })),
  );
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('repliesBetween in pages', () => {
  it.each([1, 2, 3, 4, 100])('pages of %i give the whole period once, in order', async (limit) => {
    const whole = await direct(store).repliesBetween(START, END);
    expect(whole.map((r) => r.text).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `reply ${i + 1}`).sort(),
    );
    const paged = [];
    let after: ReplyCursor | undefined;
    for (;;) {
      const page = await direct(store).repliesBetween(START, END, { after, limit });
      expect(page.length).toBeLessThanOrEqual(limit);
      paged.push(...page);
      if (page.length < limit) break;
      after = page[page.length - 1];
    }
    expect(paged).toEqual(whole);
  });
});

describe('revisions', () => {
  const period = periodOf('2026-11-16', '2026-11-22', 'America/Toronto');
  const digest = (replies: number, revision?: number): Digest => ({
    id: period.id,
    organization: 'Org',
    language: 'en',
    period: { from: '2026-11-16', to: '2026-11-22', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T14:00:00.000Z',
    participation: {
      participants: null,
      newParticipants: null,
      replies,
      unthemedReplies: 0,
      byChannel: [],
      byGroup: [],
    },
    prompts: [],
    commonGround: [],
    weeks: [],
    ...(revision
      ? {
          revision: {
            number: revision,
            revisedAt: '2026-11-30T14:00:00.000Z',
            addedReplies: 2,
            firstBuiltAt: '2026-11-23T14:00:00.000Z',
          },
        }
      : {}),
  });

  it('keeps every version, the latest as the stored digest, and each post per revision', async () => {
    const now = new Date('2026-11-23T14:00:00Z');
    const db = direct(store);
    await db.saveDigestOnce(period, digest(10), now);
    // Of the 12 replies, one is before the period and one after it.
    expect((await db.periodSource(START, END)).replies).toBe(10);
    await db.saveRevision(digest(12, 2), new Date('2026-11-30T14:00:00Z'));
    expect((await db.getDigest(period.id))?.participation.replies).toBe(12);
    expect((await db.digestRevisions(period.id)).map((d) => d.participation.replies)).toEqual([10, 12]);
    expect(await db.claimPost(period.id, 'slack', now)).toBe(true);
    expect(await db.claimPost(period.id, 'slack', now)).toBe(false);
    expect(await db.claimPost(period.id, 'slack', now, 2)).toBe(true);
    expect(await db.postedRevisions(period.id)).toEqual(new Map([['slack', 2]]));
    expect(await db.postedDestinations(period.id)).toEqual(['slack']);
    expect((await db.listDigests())[0]?.postedTo).toEqual(['slack']);
    await expect(db.saveRevision(digest(12), now)).rejects.toThrow(/not a revision/);
  });

  it('keeps the first version of a digest stored before revisions were kept', async () => {
    const now = new Date('2026-11-23T14:00:00Z');
    const db = direct(store);
    await db.saveDigestOnce(period, digest(10), now);
    // As a digest stored by an earlier version of the bot: no row for its first version.
    drizzleOf(store).delete(digestRevisions).run();
    await db.saveRevision(digest(13, 2), new Date('2026-11-30T14:00:00Z'));
    expect((await db.digestRevisions(period.id)).map((d) => d.participation.replies)).toEqual([10, 13]);
  });
});
