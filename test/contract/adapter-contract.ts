/**
 * The contract every adapter passes (in the manner of Hono's `runTest` and Vercel's contract
 * suites). Each adapter's `<platform>.contract.test.ts` supplies a harness that drives the real
 * runner through the platform's own protocol; a case the platform cannot support is listed in
 * `skip` with the reason, and the skip is reported, never silent.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/types.js';
import type { Channel } from '../../src/core/types.js';
import type { Runner } from '../../src/runner/runner.js';
import { inboundKeys, outbox, participants, replies } from '../../src/store/sqlite/schema.js';
import { direct, drizzleOf } from '../helpers/store.js';

export interface ContractEnv {
  runner: Runner;
  adapter: Adapter;
  channel: Channel;
  /** Sends a platform-native inbound message (signed as the platform signs it) to the runner. */
  deliver(message: { address: string; text: string; messageId: string }): Promise<void>;
  /** Every text the resident at `address` has received: inline replies and platform sends. */
  inbox(address: string): Promise<string[]>;
  /** Delivers a message authored by the bot itself (or another bot); it must be ignored. */
  deliverOwnMessage?(): Promise<void>;
  /** Delivers a correctly shaped request with a wrong signature. */
  deliverBadSignature?(): Promise<{ rejected: boolean }>;
  teardown(): Promise<void>;
}

export type ContractCase =
  | 'first-contact'
  | 'conversation'
  | 'duplicates'
  | 'own-messages'
  | 'bad-signature'
  | 'max-length'
  | 'stop';

export interface ContractHarness {
  /**
   * Starts the real runner with this adapter enabled. Start it with `QUIET_HOURS=off` (or a
   * daytime test clock): the max-length case sends a notice, which waits out quiet hours.
   */
  setup(): Promise<ContractEnv>;
  /** Cases this platform cannot support, each with the reason (printed in the test name). */
  skip?: Partial<Record<ContractCase, string>>;
  /** Turns a unique seed into an address the platform accepts (an E.164 number for SMS); default: the seed. */
  address?(seed: string): string;
}

function tableCounts(runner: Runner) {
  const db = drizzleOf(runner.store);
  return {
    participants: db.select({ n: count() }).from(participants).get()?.n ?? 0,
    replies: db.select({ n: count() }).from(replies).get()?.n ?? 0,
    outbox: db.select({ n: count() }).from(outbox).get()?.n ?? 0,
    inbound: db.select({ n: count() }).from(inboundKeys).get()?.n ?? 0,
  };
}

let seq = 0;
const nextId = (prefix: string) => {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
};

async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    value = await probe();
  }
  return value;
}

export function runAdapterContract(name: string, harness: ContractHarness): void {
  describe(`adapter contract: ${name}`, () => {
    let env: ContractEnv;
    const sentLengths: number[] = [];

    beforeAll(async () => {
      env = await harness.setup();
    });
    afterAll(async () => {
      await env?.teardown();
    });

    const newAddress = (prefix: string) => {
      const seed = nextId(prefix);
      return harness.address ? harness.address(seed) : seed;
    };
    const caseIt = (id: ContractCase, title: string, fn: () => Promise<void>) => {
      const reason = harness.skip?.[id];
      if (reason) it.skip(`${title} (skipped: ${reason})`, fn);
      else it(title, fn);
    };

    caseIt(
      'first-contact',
      'a first message gets the welcome and creates a pseudonymous participant',
      async () => {
        const address = newAddress('first');
        await env.deliver({ address, text: 'hello', messageId: nextId('m') });
        const inbox = await waitFor(
          () => env.inbox(address),
          (m) => m.length >= 1,
        );
        expect(inbox.join('\n')).toMatch(/YES/);
        expect(inbox.join('\n')).toMatch(/STOP/);
        const ids = drizzleOf(env.runner.store).select({ id: participants.id }).from(participants).all();
        const id = env.runner.conversations.participantId(env.channel, address);
        expect(ids.map((r) => r.id)).toContain(id);
        expect(id).not.toContain(address);
      },
    );

    caseIt('conversation', 'consent, group and a reply are normalized and stored scrubbed', async () => {
      const address = newAddress('conv');
      const before = tableCounts(env.runner).replies;
      for (const text of ['hi', 'YES', 'SKIP', 'The library is busy, email me at jo@example.org']) {
        await env.deliver({ address, text, messageId: nextId('m') });
      }
      await waitFor(
        async () => tableCounts(env.runner).replies,
        (n) => n > before,
      );
      const stored = (await direct(env.runner.store).listReplies()).map((r) => r.text);
      expect(stored).toContain('The library is busy, email me at [email]');
      expect(stored.join(' ')).not.toContain('jo@example.org');
      const inbox = await waitFor(
        () => env.inbox(address),
        (m) => m.some((t) => /noticed/i.test(t)),
      );
      expect(inbox.some((t) => /noticed in your community/i.test(t))).toBe(true);
    });

    caseIt('duplicates', 'a platform retry of the same message id stores nothing twice', async () => {
      const address = newAddress('dup');
      await env.deliver({ address, text: 'hello', messageId: nextId('m') });
      await env.deliver({ address, text: 'YES', messageId: nextId('m') });
      await env.deliver({ address, text: 'SKIP', messageId: nextId('m') });
      const messageId = nextId('m');
      await env.deliver({ address, text: 'Our block party brought neighbours together', messageId });
      await env.runner.drainOutbox();
      const after = tableCounts(env.runner);
      await Promise.all([
        env.deliver({ address, text: 'Our block party brought neighbours together', messageId }),
        env.deliver({ address, text: 'Our block party brought neighbours together', messageId }),
      ]);
      await env.runner.drainOutbox();
      expect(tableCounts(env.runner)).toEqual(after);
    });

    caseIt('own-messages', "the bot's own messages are ignored", async () => {
      const before = tableCounts(env.runner);
      await env.deliverOwnMessage?.();
      await new Promise((r) => setTimeout(r, 100));
      const after = tableCounts(env.runner);
      expect(after.participants).toBe(before.participants);
      expect(after.replies).toBe(before.replies);
    });

    caseIt('bad-signature', 'a request with a wrong signature is refused and stores nothing', async () => {
      const before = tableCounts(env.runner);
      const result = await env.deliverBadSignature?.();
      expect(result?.rejected).toBe(true);
      expect(tableCounts(env.runner)).toEqual(before);
    });

    caseIt('max-length', 'texts longer than the declared maxLength arrive in parts within it', async () => {
      const { maxLength } = env.adapter.capabilities;
      expect(maxLength).toBeGreaterThan(0);
      const address = newAddress('long');
      await env.deliver({ address, text: 'hello', messageId: nextId('m') });
      await env.deliver({ address, text: 'YES', messageId: nextId('m') });
      await env.runner.drainOutbox();
      const before = (await env.inbox(address)).length;
      const sentence = 'Thank you for coming to the community forum next Thursday at the library. ';
      const notice = sentence.repeat(Math.ceil((maxLength * 2.5) / sentence.length));
      expect(await env.runner.conversations.notice(env.channel, address, notice)).toBe(true);
      await env.runner.drainOutbox();
      const received = await waitFor(
        () => env.inbox(address),
        (m) => m.length >= before + 3,
      );
      const parts = received.slice(before);
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const part of parts) {
        sentLengths.push(Array.from(part).length);
        expect(Array.from(part).length).toBeLessThanOrEqual(maxLength);
      }
      expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(notice.replace(/\s+/g, ' ').trim());
    });

    caseIt('stop', 'stop cleans up: the server closes and stop() can be called again', async () => {
      await env.runner.close();
      await expect(fetch(`${env.runner.url}/healthz`)).rejects.toThrow();
      await expect(env.adapter.stop()).resolves.toBeUndefined();
    });
  });
}
