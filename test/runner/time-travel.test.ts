/** The simulator's time travel: an organizer sees the cadence, the reminder and quiet hours in minutes. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorAdapter } from '../../adapters/simulator/index.js';
import { direct } from '../helpers/store.js';
import { simulate, startTestRunner, type TestRunner } from '../helpers/test-runner.js';

const HOUR = 3_600_000;

async function travel(runner: TestRunner, body: unknown) {
  const res = await fetch(`${runner.url}/simulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('time travel in the simulator', () => {
  let runner: TestRunner;
  afterEach(async () => runner?.dispose());

  it('"one week later" brings the next question, and replies are dated a week ahead', async () => {
    runner = await startTestRunner();
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    for (const t of ['hi', 'yes', 'skip', 'The new benches', 'People sit and talk'])
      await simulate(runner, 'ann', t);
    const before = (await (await fetch(`${runner.url}/simulator/clock`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ enabled: true, offsetMs: 0, timezone: 'America/Toronto' });

    const week = await travel(runner, { advance: '1w' });
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({ enabled: true, offsetMs: 7 * 24 * HOUR });
    expect(Date.parse(String(week.body.now)) - Date.parse(String(before.now))).toBe(7 * 24 * HOUR);
    expect(sim.peekInbox('ann')).toEqual(['What is working well in our community right now?']);

    // Replies are dated a week ahead too (real time plus the offset).
    await simulate(runner, 'ann', 'The library');
    const library = (await direct(runner.store).listReplies()).find((r) => r.text === 'The library');
    const ahead = (library?.receivedAt.getTime() ?? 0) - Date.now();
    expect(ahead).toBeGreaterThan(7 * 24 * HOUR - 60_000);
    expect(ahead).toBeLessThanOrEqual(7 * 24 * HOUR);

    await travel(runner, { advance: '1d' });
    await travel(runner, { advanceMs: 12 * HOUR });
    expect(sim.peekInbox('ann').slice(1)).toEqual([]); // answered: no reminder
  });

  it('quiet hours hold a question due at night until 08:00', async () => {
    runner = await startTestRunner();
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    for (const t of ['hi', 'yes', 'skip', 'The rink']) await simulate(runner, 'bo', t);
    // 10:00 + 12 h = 22:00 in Toronto; a week and 12 h later the next question is due, in quiet hours.
    await travel(runner, { advance: '12h' });
    await travel(runner, { advance: '1w' });
    expect(sim.peekInbox('bo').filter((m) => /working well/.test(m))).toEqual([]);
    await travel(runner, { advance: '10h' }); // 08:00
    expect(sim.peekInbox('bo').filter((m) => /working well/.test(m))).toHaveLength(1);
  });

  it('a reminder comes 48 hours after an unanswered question', async () => {
    runner = await startTestRunner();
    const sim = runner.adapters.get('simulator') as SimulatorAdapter;
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'cy', t);
    await travel(runner, { advance: '1d' });
    expect(sim.peekInbox('cy')).toEqual([]);
    await travel(runner, { advance: '1d' });
    expect(sim.peekInbox('cy')[0]).toMatch(/^A gentle reminder from Riverside Community Centre/);
  });

  it('refuses to go back, and nonsense steps', async () => {
    runner = await startTestRunner();
    expect((await travel(runner, { advanceMs: -5 })).status).toBe(400);
    expect((await travel(runner, { advance: 'next week' })).status).toBe(400);
    expect((await travel(runner, { advance: '9999w' })).status).toBe(400);
    expect((await travel(runner, { advance: '1w', extra: true })).status).toBe(400);
  });

  it('is not offered beside a real platform: it would move real residents too', async () => {
    runner = await startTestRunner({
      ADAPTERS: 'simulator,twilio',
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
      TWILIO_FROM: '+16135550100',
      PUBLIC_URL: 'https://voices.example.org',
      TWILIO_API_URL: 'http://127.0.0.1:9',
    });
    const refused = await travel(runner, { advance: '1w' });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('ADAPTERS=simulator alone');
    const clock = (await (await fetch(`${runner.url}/simulator/clock`)).json()) as Record<string, unknown>;
    expect(clock).toMatchObject({ enabled: false, offsetMs: 0 });
  });
});
