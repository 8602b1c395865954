/** `/voices stats`: small groups suppressed, and no hidden count derivable from the totals shown. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { participationStats } from '../../src/runner/organizer.js';
import { simulate, startTestRunner, type TestRunner } from '../helpers/test-runner.js';

async function enrol(runner: TestRunner, who: string, group: string) {
  for (const t of ['hi', 'yes', group]) await simulate(runner, who, t);
}

describe('participation stats', () => {
  let runner: TestRunner;
  beforeEach(async () => {
    runner = await startTestRunner();
  });
  afterEach(async () => {
    await runner.dispose();
  });

  it('hides a group of 3 and a second cell so it cannot be computed from the total', async () => {
    for (let i = 0; i < 6; i++) await enrol(runner, `p${i}`, '1'); // parent × 6
    for (let i = 0; i < 7; i++) await enrol(runner, `s${i}`, '3'); // senior × 7
    for (let i = 0; i < 3; i++) await enrol(runner, `y${i}`, '2'); // youth × 3
    const stats = await participationStats(runner.store);
    expect(stats.participants).toBe(16);
    const byGroup = Object.fromEntries(stats.byGroup.map((g) => [g.group, g.participants]));
    expect(byGroup.youth).toBeNull();
    // 16 − 6 − 7 = 3 would reveal the youth count: the smallest shown cell is hidden too.
    expect(byGroup.parent).toBeNull();
    expect(byGroup.senior).toBe(7);
    expect(stats.suppressed).toBeGreaterThanOrEqual(2);
  });

  it('reports nothing below five at all', async () => {
    for (let i = 0; i < 4; i++) await enrol(runner, `q${i}`, '1');
    const stats = await participationStats(runner.store);
    expect(stats.participants).toBeNull();
    expect(stats.active).toBeNull();
    expect(stats.byGroup.every((g) => g.participants === null)).toBe(true);
    expect(stats.byChannel.every((c) => c.participants === null)).toBe(true);
  });

  it('ask queues the prompt for active participants only, and the organizer API reports the count', async () => {
    for (let i = 0; i < 3; i++) await enrol(runner, `a${i}`, 'skip');
    await simulate(runner, 'a0', 'STOP');
    await simulate(runner, 'pending', 'hello');
    expect(await runner.conversations.ask('work-together')).toBe(2);
    expect(await runner.conversations.ask('no-such-prompt')).toBe(0);
  });
});
