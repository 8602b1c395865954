import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoreWriter } from '../../src/core/ports/store.js';
import type { InboundMessage } from '../../src/core/types.js';
import { InboundBatcher } from '../../src/runner/inbound-batcher.js';
import { inboundKeys, participants } from '../../src/store/sqlite/schema.js';
import { direct, drizzleOf } from '../helpers/store.js';
import { startTestRunner, type TestRunner } from '../helpers/test-runner.js';

describe('inbound group commit', () => {
  let runner: TestRunner;
  beforeEach(async () => {
    runner = await startTestRunner();
  });
  afterEach(async () => {
    await runner.dispose();
  });

  const msg = (address: string, messageId: string, text = 'hello') => ({
    channel: 'simulator' as const,
    address,
    messageId,
    text,
    receivedAt: new Date(),
  });

  it('messages submitted together commit in one transaction and each gets its own answer', async () => {
    const batcher = new InboundBatcher(runner.conversations);
    const spy = vi.spyOn(runner.conversations, 'receiveBatch');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => batcher.submit(msg(`res-${i}`, `m-${i}`))),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toHaveLength(20);
    expect(results.every((r) => !r.duplicate && /Reply YES/.test(r.replies[0] ?? ''))).toBe(true);
    expect(await drizzleOf(runner.store).$count(participants)).toBe(20);
  });

  it('one failing message rolls back alone; the rest of its batch is committed', async () => {
    const batcher = new InboundBatcher(runner.conversations);
    type ReceiveIn = (tx: StoreWriter, p: { message: InboundMessage }) => Promise<unknown>;
    const conversations = runner.conversations as unknown as { receiveIn: ReceiveIn };
    const real = conversations.receiveIn.bind(conversations);
    vi.spyOn(conversations, 'receiveIn').mockImplementation(async (tx, p) => {
      if (p.message.address === 'bad') {
        await real(tx, p); // writes, then fails: its savepoint must roll the writes back
        throw new Error('boom');
      }
      return real(tx, p);
    });
    const outcomes = await Promise.allSettled([
      batcher.submit(msg('a', 'x1')),
      batcher.submit(msg('bad', 'x2')),
      batcher.submit(msg('b', 'x3')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await drizzleOf(runner.store).$count(participants)).toBe(2);
    expect(await drizzleOf(runner.store).$count(inboundKeys)).toBe(2);
    expect(
      await direct(runner.store).participant(runner.conversations.participantId('simulator', 'bad')),
    ).toBeUndefined();
  });

  it('a retry inside the same batch is recognized as a duplicate', async () => {
    const batcher = new InboundBatcher(runner.conversations);
    const [first, retry] = await Promise.all([
      batcher.submit(msg('c', 'same')),
      batcher.submit(msg('c', 'same')),
    ]);
    expect(first.duplicate).toBe(false);
    expect(retry.duplicate).toBe(true);
    expect(retry.replies).toEqual(first.replies);
  });
});
