/**
 * Erased means erased on disk: after a resident's DELETE, while the runner keeps running, neither
 * the database file nor its WAL holds any byte of theirs (reply text, encrypted contact,
 * participant id, address), and their dedupe keys keep nothing of theirs.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { direct, sqliteOf } from '../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const RESIDENT = 'erin-river-5145550177';
const MARKER = 'zqtulipsbytheriverzq';

function files(runner: TestRunner): Buffer[] {
  return [runner.dbPath, `${runner.dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
}

describe('erasure on disk', () => {
  let runner: TestRunner;
  let participantId: string;
  let ciphertext: string;
  let walBefore: number;

  beforeAll(async () => {
    runner = await startTestRunner();
    // Someone else stays, so the database is not simply empty afterwards.
    for (const t of ['hi', 'yes', 'skip', 'The library is our second home'])
      await simulate(runner, 'stays', t);
    for (const t of ['hi', 'yes', 'skip', `${MARKER} and the community garden`, 'more about the garden']) {
      await simulate(runner, RESIDENT, t, `${t}-id`);
    }
    participantId = runner.conversations.participantId('simulator', RESIDENT);
    ciphertext = (await direct(runner.store).contact(participantId))?.addressCiphertext ?? '';
    walBefore = statSync(`${runner.dbPath}-wal`).size;
  });
  afterAll(async () => {
    await runner.dispose();
  });

  it('before the DELETE their data is on disk (so the check below can fail)', () => {
    expect(ciphertext.length).toBeGreaterThan(20);
    expect(walBefore).toBeGreaterThan(0);
    const all = Buffer.concat(files(runner));
    expect(all.includes(MARKER)).toBe(true);
    expect(all.includes(ciphertext)).toBe(true);
    expect(all.includes(participantId)).toBe(true);
  });

  it('after the DELETE, with the runner running, no file holds any of it', async () => {
    const res = await simulate(runner, RESIDENT, 'DELETE', 'delete-id');
    expect(res.status).toBe(200);
    expect(await direct(runner.store).participant(participantId)).toBeUndefined();
    // The checkpoint runs off the request path, right after the commit.
    for (let i = 0; i < 100 && statSync(`${runner.dbPath}-wal`).size > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statSync(`${runner.dbPath}-wal`).size).toBe(0);
    for (const bytes of files(runner)) {
      expect(bytes.includes(MARKER)).toBe(false);
      expect(bytes.includes(ciphertext)).toBe(false);
      expect(bytes.includes(participantId)).toBe(false);
      expect(bytes.includes(RESIDENT)).toBe(false);
    }
    // The other resident is untouched.
    expect(Buffer.concat(files(runner)).includes('The library is our second home')).toBe(true);
  });

  it('their dedupe keys keep nothing of theirs, and a late retry is still dropped', async () => {
    const rows = sqliteOf(runner.store)
      .prepare('SELECT participant_id, response FROM inbound_keys WHERE participant_id IS NULL')
      .all() as Array<{ participant_id: null; response: string }>;
    // Five messages blanked, plus the DELETE's own key (kept with its confirmation, owner-less).
    expect(rows.length).toBe(6);
    expect(rows.filter((r) => r.response === '[]')).toHaveLength(5);
    const owned = sqliteOf(runner.store)
      .prepare('SELECT count(*) FROM inbound_keys WHERE participant_id = ?')
      .pluck()
      .get(participantId);
    expect(owned).toBe(0);
    const retry = await simulate(runner, RESIDENT, 'more about the garden', 'more about the garden-id');
    expect(retry.duplicate).toBe(true);
    expect(await direct(runner.store).participant(participantId)).toBeUndefined();
  });

  it('the WAL has a size limit', () => {
    expect(sqliteOf(runner.store).pragma('journal_size_limit', { simple: true })).toBe(16 * 1024 * 1024);
  });
});
