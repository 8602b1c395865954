/** Review before posting in the digest schedule: held for DIGEST_REVIEW_HOURS, approved sooner, posted once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEdits, foldEdits } from '../../src/core/digest/edits.js';
import type { Digest } from '../../src/core/digest/types.js';
import { type DigestDestination, DigestScheduler } from '../../src/runner/digest-scheduler.js';
import { createLogger } from '../../src/runner/logger.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { importReplies, PROMPT_TEXTS, ruleThemer, week1, week2, week3 } from '../core/digest/fixtures.js';
import { direct, sqliteOf } from '../helpers/store.js';

let dir: string;
let store: SqliteStore;
let now: Date;
const posted: Array<{ destination: string; digest: Digest }> = [];

function destination(name: string): DigestDestination {
  return { name, publish: async (digest) => void posted.push({ destination: name, digest }) };
}

function scheduler(hours: number): DigestScheduler {
  return new DigestScheduler({
    store: store,
    organization: 'Test org',
    language: 'en',
    timezone: 'America/Toronto',
    promptTexts: PROMPT_TEXTS,
    themer: ruleThemer,
    destinations: [destination('slack'), destination('discord')],
    logger: createLogger('silent'),
    now: () => now,
    review: {
      hours,
      prepare: async (digest) =>
        applyEdits(digest, foldEdits((await direct(store).listThemeEdits()) as never)),
    },
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-review-'));
  store = new SqliteStore(join(dir, 'voices.db'));
  await importReplies(store, [...week1(), ...week2(), ...week3()]);
  posted.length = 0;
  // The last run was a week ago: Monday 23 November 09:00 (Toronto) is due.
  await direct(store).setLastDigestRun(new Date('2026-11-16T14:00:00Z'), new Date('2026-11-16T14:00:00Z'));
  now = new Date('2026-11-23T14:30:00Z');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ID = '2026-11-16_2026-11-23';

describe('review before posting', () => {
  it('holds the digest for the review window, then posts it once to each destination', async () => {
    const s = scheduler(24);
    await s.runDue();
    expect(posted).toEqual([]);
    expect((await direct(store).getReview(ID))?.reviewUntil).toEqual(new Date('2026-11-24T14:30:00Z'));
    // The run is done: the next pass does not build or open anything again.
    expect((await direct(store).lastDigestRun())?.toISOString()).toBe('2026-11-23T14:00:00.000Z');

    now = new Date('2026-11-24T14:00:00Z');
    await s.releaseReviewed();
    expect(posted).toEqual([]);

    now = new Date('2026-11-24T14:30:00Z');
    await Promise.all([s.releaseReviewed(), s.releaseReviewed()]);
    await s.releaseReviewed();
    expect(posted.map((p) => p.destination).sort()).toEqual(['discord', 'slack']);
    expect((await direct(store).getReview(ID))?.releasedAt).toEqual(now);
    await s.stop();
  });

  it('posts at once when an organizer approves, with their edits', async () => {
    const s = scheduler(48);
    await s.runDue();
    const key = getReviewDigestThemeKey();
    await direct(store).addThemeEdit(
      { themeKey: key, action: 'rename', value: 'Late buses', digestId: ID, actor: 'Amira' },
      now,
    );
    expect(await direct(store).approveReview(ID, 'Amira', now)).toBe(true);
    expect(await direct(store).approveReview(ID, 'Amira', now)).toBe(false);
    await s.releaseReviewed();
    expect(posted).toHaveLength(2);
    const labels = posted[0]!.digest.prompts.flatMap((p) => p.themes.map((t) => t.label));
    expect(labels).toContain('Late buses');
    // The window ending later posts nothing more.
    now = new Date('2026-11-26T00:00:00Z');
    await s.releaseReviewed();
    expect(posted).toHaveLength(2);
    expect((await direct(store).getReview(ID))?.approvedBy).toBe('Amira');
    await s.stop();
  });

  it('posts at once with DIGEST_REVIEW_HOURS=0, edits applied', async () => {
    const s = scheduler(0);
    await s.runDue();
    expect(posted).toHaveLength(2);
    expect(await direct(store).getReview(ID)).toBeUndefined();
    await s.stop();
  });

  it('a review window that ended while the bot was down is posted at the next start', async () => {
    const s = scheduler(2);
    await s.runDue();
    await s.stop();
    expect(posted).toEqual([]);
    now = new Date('2026-11-25T10:00:00Z');
    const again = scheduler(2);
    await again.start();
    expect(posted).toHaveLength(2);
    await again.stop();
  });
});

function getReviewDigestThemeKey(): string {
  const row = sqliteOf(store).prepare('SELECT body FROM digests WHERE id = ?').get(ID) as {
    body: string;
  };
  const digest = JSON.parse(row.body) as Digest;
  return digest.prompts[0]!.themes.find((t) => t.label.includes('bus'))!.key;
}
