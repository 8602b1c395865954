/**
 * Reads every table, the database file and its WAL after replies containing a phone number, an
 * email and a name, and finds none of them, nor any resident's address, in plaintext.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { direct, sqliteOf } from '../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const RESIDENT = 'resident-5145550123';
const SECRETS = ['514-555-0199', '5145550199', 'marie.tremblay@example.org', 'Marie Tremblay', RESIDENT];

describe('privacy at rest', () => {
  let runner: TestRunner;
  beforeAll(async () => {
    runner = await startTestRunner();
    for (const t of [
      'hi',
      'yes',
      '1',
      'My name is Marie Tremblay and the food bank saved us. Call 514-555-0199',
      'Write to marie.tremblay@example.org about the garden',
    ]) {
      await simulate(runner, RESIDENT, t);
    }
  });
  afterAll(async () => {
    await runner.dispose();
  });

  it('stores the replies scrubbed, with typed placeholders', async () => {
    // Both replies carry the same time (the test clock stands still): find each by its words.
    const texts = (await direct(runner.store).listReplies()).map((r) => r.text);
    expect(texts).toHaveLength(2);
    const food = texts.find((t) => t.includes('the food bank saved us'));
    const garden = texts.find((t) => t.includes('about the garden'));
    expect(food).toContain('[phone]');
    expect(food).toContain('[name]');
    expect(garden).toContain('[email]');
  });

  it('no table holds a phone number, email, name or address in plaintext', () => {
    const sqlite = sqliteOf(runner.store);
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['participants', 'contacts', 'replies', 'outbox', 'inbound_keys']),
    );
    const dump = tables
      .map((t) => JSON.stringify(sqlite.prepare(`select * from "${t}"`).all()))
      .join('\n')
      .toLowerCase();
    for (const secret of SECRETS) expect(dump).not.toContain(secret.toLowerCase());
  });

  it('neither the database file nor its WAL holds them', () => {
    for (const file of [runner.dbPath, `${runner.dbPath}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      for (const secret of SECRETS) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${file} contains ${secret}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret.toLowerCase(), 'utf8'))).toBe(false);
      }
    }
    expect(existsSync(`${runner.dbPath}-wal`)).toBe(true);
  });

  it('the contact is encrypted and decrypts to the normalized address only with the key', async () => {
    const { decryptAddress, deriveKeys } = await import('../../src/core/privacy/keys.js');
    const id = runner.conversations.participantId('simulator', RESIDENT);
    const contact = await direct(runner.store).contact(id);
    expect(contact).toBeDefined();
    expect(contact?.addressCiphertext).not.toContain(RESIDENT);
    const { TEST_SECRET } = await import('../helpers/test-runner.js');
    expect(decryptAddress(deriveKeys(TEST_SECRET), contact?.addressCiphertext ?? '')).toBe(RESIDENT);
    expect(() =>
      decryptAddress(deriveKeys(`${TEST_SECRET}-other`), contact?.addressCiphertext ?? ''),
    ).toThrow();
  });
});
