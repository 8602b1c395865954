/** Reading a period's replies in pages (what the digest does so a large week never holds the event loop). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplyCursor } from '../../src/core/ports/store.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { direct } from '../helpers/store.js';

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
