import { describe, expect, it } from 'vitest';
import { buildDigest, groupConsensus, trendOf } from '../../../src/core/digest/build.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { PROMPT_TEXTS, ruleThemer, week3, week3Input } from './fixtures.js';

async function digestOfWeek3(
  options: { imported?: boolean; previousDigests?: Digest[] } = {},
): Promise<Digest> {
  return buildDigest({
    ...week3Input(week3(options)),
    generatedAt: new Date('2026-11-23T14:00:00Z'),
    ...(options.previousDigests ? { previousDigests: options.previousDigests } : {}),
  });
}

function themeWith(digest: Digest, keyword: string) {
  const theme = digest.prompts[0]?.themes.find((t) =>
    t.quotes.some((q) => q.text.toLowerCase().includes(keyword)),
  );
  if (!theme) throw new Error(`no theme with ${keyword}`);
  return theme;
}

describe('buildDigest over three weeks', () => {
  it('passes the background words to every themer call, this week and previous ones', async () => {
    const calls: Array<readonly string[] | undefined> = [];
    const base = {
      ...week3Input(),
      historyThemer: ((inputs, options) => {
        calls.push(options?.backgroundWords);
        return ruleThemer(inputs, options);
      }) satisfies typeof ruleThemer,
    };
    await buildDigest({
      ...base,
      themer: (inputs, options) => {
        calls.push(options?.backgroundWords);
        return ruleThemer(inputs, options);
      },
      backgroundWords: ['Maple Falls'],
    });
    expect(calls).toEqual([['Maple Falls'], ['Maple Falls'], ['Maple Falls']]);
    calls.length = 0;
    await buildDigest(base);
    expect(calls).toEqual([undefined, undefined]);
  });

  it('lists the period, the prompt and its themes with counts and quotes', async () => {
    const digest = await digestOfWeek3();
    expect(digest.id).toBe('2026-11-16_2026-11-23');
    expect(digest.period).toEqual({ from: '2026-11-16', to: '2026-11-22', timezone: 'America/Toronto' });
    expect(digest.prompts).toHaveLength(1);
    const prompt = digest.prompts[0]!;
    expect(prompt.promptText).toBe(PROMPT_TEXTS.noticed);
    expect(prompt.replies).toBe(27);
    expect(prompt.participants).toBe(27);
    expect(prompt.unthemed).toBe(2);
    expect(prompt.themes.map((t) => t.replies)).toEqual([10, 6, 6, 3]);
    const bus = themeWith(digest, 'bus');
    expect(bus.participants).toBe(10);
    expect(bus.quotes.length).toBeGreaterThanOrEqual(1);
    expect(bus.quotes.length).toBeLessThanOrEqual(3);
    expect(bus.quotes[0]?.text).toContain('bus');
    // 3 participants: suppressed.
    expect(themeWith(digest, 'snow').participants).toBeNull();
    expect(digest.participation.unthemedReplies).toBe(2);
    expect(digest.weeks).toEqual([
      { label: '2026-11-02', replies: 10, participants: 10 },
      { label: '2026-11-09', replies: 19, participants: 19 },
    ]);
  });

  it('marks trends: new in week 3, doubled is growing, same is steady, dropped is fading', async () => {
    const digest = await digestOfWeek3();
    const rent = themeWith(digest, 'rent');
    expect(rent.trend).toBe('new');
    expect(rent.history).toEqual([0, 0]);
    const bus = themeWith(digest, 'bus');
    expect(bus.history).toEqual([4, 5]);
    expect(bus.trend).toBe('growing');
    const snow = themeWith(digest, 'snow');
    expect(snow.history).toEqual([0, 8]);
    expect(snow.trend).toBe('fading');
  });

  it('matches a theme across weeks by content when its label changes', async () => {
    const digest = await digestOfWeek3();
    const parks = themeWith(digest, 'benches');
    expect(parks.label).not.toContain('trails');
    expect(parks.history).toEqual([6, 6]);
    expect(parks.trend).toBe('steady');
    // The key comes from the theme's first appearance, not from this week's label.
    expect(parks.key).toContain('trail');
  });

  it('keeps the key of a stored digest whose theme matches, whatever the label', async () => {
    const stored = await digestOfWeek3();
    const renamed: Digest = structuredClone(stored);
    const parks = renamed.prompts[0]!.themes.find((t) => t.keywords.includes('parks'))!;
    parks.key = 'noticed:kept-key';
    parks.label = 'something else entirely';
    const again = await digestOfWeek3({ previousDigests: [renamed] });
    expect(themeWith(again, 'benches').key).toBe('noticed:kept-key');
    const keys = again.prompts[0]!.themes.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds common ground across groups with a group-aware consensus score', async () => {
    const digest = await digestOfWeek3();
    expect(digest.commonGround.length).toBeGreaterThan(0);
    const top = digest.commonGround[0]!;
    expect(top.themeKey).toBe(themeWith(digest, 'bus').key);
    expect(top.groups).toEqual(['parent', 'youth']);
    // parents: 5 of 10 raised it, youth: 3 of 8 → (5+1)/(10+2) × (3+1)/(8+2).
    expect(top.consensus).toBeCloseTo(Math.sqrt((6 / 12) * (4 / 10)), 10);
    const scores = digest.commonGround.map((c) => c.consensus);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('never names the group of 3, nor lets its count be computed from the numbers shown', async () => {
    for (const imported of [true, false]) {
      const digest = await digestOfWeek3({ imported });
      const json = JSON.stringify(digest);
      expect(json).not.toContain('senior');
      const p = digest.participation;
      expect(p.byGroup.map((g) => g.group)).not.toContain('senior');
      if (p.participants !== null) {
        const shown = p.byGroup.reduce((s, g) => s + (g.participants ?? 0), 0);
        const hidden = p.participants - shown;
        expect(hidden === 0 || hidden >= 5).toBe(true);
        expect(hidden).not.toBe(3);
        const shownReplies = p.byGroup.reduce((s, g) => s + (g.replies ?? 0), 0);
        expect(p.replies - shownReplies).not.toBe(3);
        // Channels: slack carries exactly the 3 seniors.
        const slack = p.byChannel.find((c) => c.channel === 'slack');
        expect(slack?.participants ?? null).toBeNull();
        const shownChannels = p.byChannel.reduce((s, c) => s + (c.participants ?? 0), 0);
        expect(p.participants - shownChannels).not.toBe(3);
        expect(p.participants - shownChannels).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it('hides a second group when the group of 3 would be the only hidden part', async () => {
    const digest = await digestOfWeek3({ imported: false });
    expect(digest.participation.participants).toBe(21);
    expect(digest.participation.byGroup).toEqual([
      { group: 'parent', participants: 10, replies: 10 },
      { group: 'youth', participants: null, replies: null },
    ]);
  });

  it('counts new participants against earlier weeks', async () => {
    const digest = await digestOfWeek3();
    // The 3 seniors and the 6 imported voices are new; parents and youth replied before.
    expect(digest.participation.newParticipants).toBe(9);
  });
});

describe('trendOf', () => {
  it.each([
    [6, [0, 0], 'new'],
    [10, [4, 5], 'growing'],
    [6, [6, 6], 'steady'],
    [3, [0, 8], 'fading'],
    [2, [0, 1], 'steady'],
    [10, [5, 0], 'growing'],
  ] as const)('%i after %j is %s', (current, history, trend) => {
    expect(trendOf(current, history)).toBe(trend);
  });
});

describe('groupConsensus', () => {
  it('is the geometric mean of smoothed mention rates (Polis product, rooted) and rewards agreement in every group', () => {
    const even = groupConsensus([
      { size: 10, mentions: 5 },
      { size: 10, mentions: 5 },
    ]);
    const lopsided = groupConsensus([
      { size: 10, mentions: 10 },
      { size: 10, mentions: 0 },
    ]);
    expect(even).toBeCloseTo(6 / 12, 12);
    expect(lopsided).toBeCloseTo(Math.sqrt((11 / 12) * (1 / 12)), 12);
    expect(even).toBeGreaterThan(lopsided);
    // Five groups where a fifth of each raised it reads as about a fifth, not as 0.00.
    const five = groupConsensus(Array.from({ length: 5 }, () => ({ size: 50, mentions: 10 })));
    expect(five).toBeCloseTo(11 / 52, 12);
  });
});
