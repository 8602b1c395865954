/** A whole conversation through POST /simulator/messages against the real runner. */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import { contacts, inboundKeys, outbox, participants, replies } from '../../src/store/sqlite/schema.js';
import { direct, drizzleOf } from '../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const HOUR = 3_600_000;

describe('conversation through the simulator', () => {
  let runner: TestRunner;
  let sim: SimulatorAdapter;
  beforeEach(async () => {
    runner = await startTestRunner();
    sim = runner.adapters.get('simulator') as SimulatorAdapter;
  });
  afterEach(async () => {
    await runner.dispose();
  });

  it('consent, prompt, reply, follow-up, thanks, then the next prompt a week later', async () => {
    expect((await simulate(runner, 'ana', 'Hello')).replies[0]).toMatch(/Reply YES to join/);
    expect((await simulate(runner, 'ana', 'yes')).replies[0]).toMatch(/Which best describes you/);
    expect((await simulate(runner, 'ana', '1')).replies).toEqual([
      'What have you noticed in your community lately?',
    ]);
    expect((await simulate(runner, 'ana', 'More families at the splash pad')).replies[0]).toMatch(
      /a bit more/,
    );
    expect((await simulate(runner, 'ana', 'It is free and shaded')).replies[0]).toMatch(
      /Thank you, that helps/,
    );

    const stored = await direct(runner.store).listReplies();
    expect(stored.map((r) => [r.promptId, r.text, r.group, r.language, r.source])).toEqual([
      ['noticed', 'More families at the splash pad', 'parent', 'en', 'live'],
      ['noticed', 'It is free and shaded', 'parent', 'en', 'live'],
    ]);

    runner.clock.advance(7 * 24 * HOUR);
    await runner.tick();
    expect(sim.peekInbox('ana')).toEqual(['What is working well in our community right now?']);
  });

  it('a French participant gets French text throughout, including scheduled prompts', async () => {
    expect((await simulate(runner, 'luc', 'Bonjour')).replies[0]).toMatch(/^Bonjour!/);
    expect((await simulate(runner, 'luc', 'OUI')).replies[0]).toMatch(/Qu'est-ce qui vous décrit/);
    expect((await simulate(runner, 'luc', '3')).replies).toEqual([
      "Qu'avez-vous remarqué dans votre communauté dernièrement?",
    ]);
    runner.clock.advance(48 * HOUR);
    await runner.tick();
    expect(sim.peekInbox('luc')[0]).toMatch(/^Un petit rappel de Riverside Community Centre/);
  });

  it('STOP silences everything, scheduled prompts included, until START', async () => {
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'bo', t);
    const stop = await simulate(runner, 'bo', 'STOP');
    expect(stop.replies).toHaveLength(1);
    expect(stop.replies[0]).toMatch(/unsubscribed/);
    // Words sent after STOP are kept and the resident told once that no questions will come; then silence.
    expect((await simulate(runner, 'bo', 'The rink is open again')).replies).toEqual([
      'Thank you, we kept what you wrote.',
      'You are unsubscribed and will get no questions. Reply START to rejoin.',
    ]);
    expect((await simulate(runner, 'bo', 'And the pool too')).replies).toEqual([]);
    expect((await simulate(runner, 'bo', 'ok')).replies).toEqual([]);
    expect(await direct(runner.store).countReplies()).toBe(2);
    runner.clock.advance(8 * 24 * HOUR);
    await runner.tick();
    expect(sim.peekInbox('bo')).toEqual([]);

    expect((await simulate(runner, 'bo', 'START')).replies[0]).toMatch(/Welcome back/);
    runner.clock.advance(8 * 24 * HOUR);
    await runner.tick();
    expect(sim.peekInbox('bo').length).toBeGreaterThan(0);
  });

  it('queued prompts are cancelled by STOP', async () => {
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'cy', t);
    // 22:30 in Toronto: the ask is queued until quiet hours end.
    runner.clock.set('2026-11-17T03:30:00Z');
    await runner.conversations.ask('new-idea');
    await runner.drainOutbox();
    expect(sim.peekInbox('cy')).toEqual([]);
    await simulate(runner, 'cy', 'stop');
    runner.clock.set('2026-11-17T14:00:00Z');
    await runner.drainOutbox();
    expect(sim.peekInbox('cy')).toEqual([]);
  });

  it('DELETE leaves no row of that participant', async () => {
    for (const t of ['hi', 'yes', '2', 'The youth centre', 'Because of the coaches'])
      await simulate(runner, 'di', t);
    await simulate(runner, 'other', 'hello');
    const id = runner.conversations.participantId('simulator', 'di');
    expect(await direct(runner.store).participant(id)).toBeDefined();

    const del = await simulate(runner, 'di', 'DELETE');
    expect(del.replies).toEqual([
      'Your replies and contact details have been erased. Thank you for taking part.',
    ]);
    const db = drizzleOf(runner.store);
    expect(db.select().from(participants).where(eq(participants.id, id)).all()).toEqual([]);
    expect(db.select().from(contacts).where(eq(contacts.participantId, id)).all()).toEqual([]);
    expect(db.select().from(replies).where(eq(replies.participantId, id)).all()).toEqual([]);
    expect(db.select().from(outbox).where(eq(outbox.participantId, id)).all()).toEqual([]);
    expect(await direct(runner.store).countReplies()).toBe(0);
    // The other resident is untouched.
    expect(db.select().from(participants).all()).toHaveLength(1);
    // A message after DELETE starts over, as a stranger.
    expect((await simulate(runner, 'di', 'hi')).replies[0]).toMatch(/Reply YES to join/);
  });

  it('a retried message id is stored once and answered the same', async () => {
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'ed', t);
    const first = await simulate(runner, 'ed', 'Neighbours shovel for each other', 'msg-1');
    const [a, b] = await Promise.all([
      simulate(runner, 'ed', 'Neighbours shovel for each other', 'msg-1'),
      simulate(runner, 'ed', 'Neighbours shovel for each other', 'msg-1'),
    ]);
    expect(a.replies).toEqual(first.replies);
    expect(b.replies).toEqual(first.replies);
    expect(a.duplicate && b.duplicate).toBe(true);
    expect(await direct(runner.store).countReplies()).toBe(1);
    expect(drizzleOf(runner.store).select().from(inboundKeys).all().length).toBe(5 - 1);
  });
});
