import { describe, expect, it } from 'vitest';
import {
  type BuildDigestInput,
  buildDigest,
  type DigestReply,
  replyFingerprint,
  type Themer,
  trendOf,
} from '../../../src/core/digest/build.js';
import { renderDigestMarkdown } from '../../../src/core/digest/render/markdown.js';
import type { Digest } from '../../../src/core/digest/types.js';
import type { Theme, ThemeInput } from '../../../src/core/themes/types.js';
import {
  PROMPT_TEXTS,
  ruleThemer,
  twoGroups,
  WEEK1,
  WEEK2,
  WEEK3,
  week1,
  week2,
  week3,
  week3Input,
} from './fixtures.js';

async function digestOfWeek3(
  options: { imported?: boolean; seed?: Digest; previous?: Digest } = {},
): Promise<Digest> {
  return buildDigest({
    ...week3Input(week3(options)),
    generatedAt: new Date('2026-11-23T14:00:00Z'),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.previous ? { previous: options.previous } : {}),
  });
}

/** Week-3 SMS replies `prefix0`, `prefix1`, … with these texts, one person each, a minute apart. */
function smsReplies(prefix: string, texts: readonly string[]): DigestReply[] {
  return texts.map((text, i) => ({
    id: `${prefix}${i}`,
    promptId: 'noticed',
    text,
    group: null,
    channel: 'sms',
    participantId: `p${i}`,
    receivedAt: new Date(WEEK3.start.getTime() + i * 60_000),
    language: 'en',
  }));
}

function themeWith(digest: Digest, keyword: string) {
  const theme = digest.prompts[0]?.themes.find((t) =>
    t.quotes.some((q) => q.text.toLowerCase().includes(keyword)),
  );
  if (!theme) throw new Error(`no theme with ${keyword}`);
  return theme;
}

/** A themer that records its calls and themes with the rule themer. */
function spyThemer(): { themer: Themer; calls: Array<{ inputs: ThemeInput[]; options: unknown }> } {
  const calls: Array<{ inputs: ThemeInput[]; options: unknown }> = [];
  return {
    calls,
    themer: (inputs, options) => {
      calls.push({ inputs, options });
      return ruleThemer(inputs, options);
    },
  };
}

describe('buildDigest: one theming of the window', () => {
  it('themes the current week and the previous weeks in one run per prompt, with background words and the question', async () => {
    const spy = spyThemer();
    await buildDigest({ ...week3Input(), themer: spy.themer, backgroundWords: ['Maple Falls'] });
    expect(spy.calls).toHaveLength(1);
    const { inputs, options } = spy.calls[0]!;
    expect(inputs).toHaveLength(week1().length + week2().length + week3().length);
    expect(options).toMatchObject({
      backgroundWords: ['Maple Falls'],
      question: `${PROMPT_TEXTS.noticed.en}\n${PROMPT_TEXTS.noticed.fr}`,
    });
  });

  it('lists the period, the prompt and its themes with counts and quotes', async () => {
    const digest = await digestOfWeek3();
    expect(digest.id).toBe('2026-11-16_2026-11-23');
    expect(digest.period).toEqual({ from: '2026-11-16', to: '2026-11-22', timezone: 'America/Toronto' });
    expect(digest.prompts).toHaveLength(1);
    const prompt = digest.prompts[0]!;
    expect(prompt.promptText).toBe(PROMPT_TEXTS.noticed.en);
    expect(prompt.replies).toBe(27);
    expect(prompt.participants).toBe(27);
    expect(prompt.unthemed).toBe(2);
    expect(prompt.themes.map((t) => t.replies)).toEqual([10, 6, 6, 3]);
    const bus = themeWith(digest, 'bus');
    expect(bus.participants).toBe(10);
    expect(bus.quotes.length).toBeGreaterThanOrEqual(1);
    expect(bus.quotes[0]?.text).toContain('bus');
    // 3 participants: suppressed.
    expect(themeWith(digest, 'snow').participants).toBeNull();
    expect(digest.participation.unthemedReplies).toBe(2);
    expect(digest.weeks).toEqual([
      { label: '2026-11-02', replies: 10, participants: 10 },
      { label: '2026-11-09', replies: 19, participants: 19 },
    ]);
    // Members are this week's replies only.
    const thisWeek = new Set(digest.prompts[0]!.themes.flatMap((t) => t.replyIds ?? []));
    for (const theme of prompt.themes) expect(theme.replyIds).toHaveLength(theme.replies);
    expect(thisWeek.size).toBe(25);
  });

  it('counts each theme per week from the same run: a topic worded differently in week 3 is not new', async () => {
    const digest = await digestOfWeek3();
    const parks = themeWith(digest, 'benches');
    expect(parks.history).toEqual([6, 6]);
    expect(parks.trend).toBe('steady');
    const rent = themeWith(digest, 'rent');
    expect(rent.history).toEqual([0, 0]);
    expect(rent.trend).toBe('new');
    // The bus doubles (5 → 10), but so do the week's replies (10, 19, 27): its share held.
    const bus = themeWith(digest, 'bus');
    expect(bus.history).toEqual([4, 5]);
    expect(digest.prompts[0]!.history).toEqual([10, 19]);
    expect(bus.trend).toBe('steady');
    // Snow: 8 of 19 last week, 3 of 27 now.
    const snow = themeWith(digest, 'snow');
    expect(snow.history).toEqual([0, 8]);
    expect(snow.trend).toBe('fading');
  });

  it('keeps the word a revision printed while one reply more or fewer would still give it', async () => {
    const input = week3Input();
    const first = await buildDigest(input);
    expect(themeWith(first, 'snow').trend).toBe('fading');
    // One late reply on snow: 4 of 28 alone would be steady.
    const late: DigestReply = {
      ...smsReplies('late', ['Snow on the sidewalks again'])[0]!,
      participantId: 'late',
    };
    const replies = [...input.replies, late];
    const fresh = await buildDigest({ ...input, replies, seed: first });
    expect(themeWith(fresh, 'snow').replies).toBe(4);
    expect(themeWith(fresh, 'snow').trend).toBe('steady');
    const revised = await buildDigest({ ...input, replies, seed: first, revisionOf: first });
    expect(themeWith(revised, 'snow').trend).toBe('fading');
  });

  it('calls no theme new whose topic earlier replies raised, though earlier digests placed them elsewhere', async () => {
    const input = week3Input();
    const first = await buildDigest(input);
    const seed: Digest = structuredClone(first);
    const prompt = seed.prompts[0]!;
    const assignments = prompt.assignments!;
    const index = (key: string) => assignments.keys.indexOf(key);
    // An earlier build had placed week 1's park replies with the bus and week 2's with the snow.
    const parksBefore = input.history.flatMap((w) => w.replies).filter((r) => /park/i.test(r.text));
    for (const r of parksBefore) {
      assignments.replies[r.id] = [index(r.receivedAt < WEEK2.start ? 'noticed:bus' : 'noticed:snow')];
    }
    const again = await buildDigest({ ...input, seed });
    const parks = themeWith(again, 'benches');
    expect(parks.history).toEqual([0, 0]);
    expect(parks.replies).toBe(6);
    expect(parks.trend).toBeNull();
    // The rent was never raised before: new.
    expect(themeWith(again, 'rent').trend).toBe('new');
  });

  it('starts from the previous digest’s themes: keys and names carry over', async () => {
    const first = await digestOfWeek3();
    const renamed: Digest = structuredClone(first);
    const model = renamed.prompts[0]!.model!;
    const parks = model.themes.find((t) => t.key === 'parks')!;
    parks.key = 'kept-key';
    parks.label = 'Parks, as named before';
    const spy = spyThemer();
    const again = await buildDigest({ ...week3Input(), themer: spy.themer, seed: renamed });
    expect((spy.calls[0]!.options as { model: unknown }).model).toEqual(model);
    const theme = themeWith(again, 'benches');
    expect(theme.key).toBe('noticed:kept-key');
    expect(theme.label).toBe('Parks, as named before');
    const keys = again.prompts[0]!.themes.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The model travels with the digest for the next build.
    expect(again.prompts[0]!.model?.themes.map((t) => t.key)).toContain('kept-key');
  });

  it('says under which name the previous digest showed a theme the engine has named otherwise since', async () => {
    const previous = await digestOfWeek3();
    const before: Digest = structuredClone(previous);
    const parks = before.prompts[0]!.themes.find((t) => t.key === themeWith(previous, 'benches').key)!;
    parks.label = 'Benches and shade';
    parks.labels = { en: 'Benches and shade' };
    const digest = await buildDigest({ ...week3Input(), previous: before });
    const themes = digest.prompts[0]!.themes;
    expect(themes.find((t) => t.key === parks.key)?.renamedFrom).toBe('Benches and shade');
    // The others kept their names: nothing to say.
    expect(themes.filter((t) => t.renamedFrom !== undefined).map((t) => t.key)).toEqual([parks.key]);
    expect(renderDigestMarkdown(digest)).toContain('- Named in the previous digest: Benches and shade');
  });

  it('reports a theme nobody raised this week as gone, with its weeks', async () => {
    // Week 3 without any snow reply: snow had 8 replies in week 2.
    const replies = week3().filter((r) => !/snow/i.test(r.text));
    const digest = await buildDigest({ ...week3Input(replies) });
    const prompt = digest.prompts[0]!;
    expect(prompt.themes.some((t) => t.key === 'noticed:snow')).toBe(false);
    expect(prompt.gone).toEqual([
      expect.objectContaining({ key: 'noticed:snow', history: [0, 8], labels: expect.any(Object) }),
    ]);
  });

  it('names a theme a few replies raised before and none this week as quiet, without counts', async () => {
    // Snow: 3 replies in week 2 (too few for a trend, so never "gone"), none in week 3.
    let snow = 0;
    const fewSnow = week2().filter((r) => !/snow/i.test(r.text) || ++snow <= 3);
    const replies = week3().filter((r) => !/snow/i.test(r.text));
    const input = week3Input(replies);
    const digest = await buildDigest({
      ...input,
      history: [input.history[0]!, { period: WEEK2, replies: fewSnow }],
    });
    const prompt = digest.prompts[0]!;
    expect(prompt.themes.some((t) => t.key === 'noticed:snow')).toBe(false);
    expect(prompt.gone ?? []).toEqual([]);
    expect(prompt.quiet).toEqual([
      expect.objectContaining({ key: 'noticed:snow', label: expect.any(String) }),
    ]);
    expect(Object.keys(prompt.quiet![0]!)).not.toContain('history');
  });

  /**
   * The prompt of the week after week 3 (history: weeks 2 and 3), whose previous digest also had `themes` (7 and 8
   * replies before, 9 then) and which no reply raises now.
   */
  async function weekAfter(themes: ReadonlyArray<readonly [key: string, label: string]>) {
    const previous = structuredClone(await digestOfWeek3());
    for (const [key, label] of themes)
      previous.prompts[0]!.themes.push({
        ...previous.prompts[0]!.themes[0]!,
        key,
        label,
        labels: { en: label },
        replies: 9,
        history: [7, 8],
      });
    const week4 = {
      ...week3Input(),
      period: { ...WEEK3, id: 'w4', fromDate: '2026-11-23', toDate: '2026-11-29' },
      history: [
        { period: WEEK2, replies: week2() },
        { period: WEEK3, replies: week3() },
      ],
      previous,
    } satisfies BuildDigestInput;
    return (await buildDigest(week4)).prompts[0]!;
  }

  it('reports a theme of the previous digest that the run no longer finds as gone', async () => {
    const prompt = await weekAfter([['noticed:vanished', 'Vanished topic']]);
    expect(prompt.gone).toContainEqual(
      expect.objectContaining({ key: 'noticed:vanished', label: 'Vanished topic', history: [8, 9] }),
    );
  });

  it('never calls the theme of who the writers are gone or quiet: nobody raises it', async () => {
    const prompt = await weekAfter([
      ['noticed:participants', 'About the participants'],
      ['noticed:vanished', 'Vanished topic'],
    ]);
    const keys = [...(prompt.gone ?? []), ...(prompt.quiet ?? [])].map((t) => t.key);
    expect(keys).not.toContain('noticed:participants');
    expect(keys).toContain('noticed:vanished');
  });
});

describe('trendOf: words only with enough replies and evidence', () => {
  it.each([
    [6, [0, 0], 'new'],
    [2, [0, 0], null],
    [6, [6, 6], 'steady'],
    [2, [0, 1], null],
    [3, [2, 2], null],
    [4, [1, 1], null],
    [0, [6, 6], 'gone'],
    [0, [2, 3], null],
    [13, [19, 32, 30, 20], 'fading'],
    [20, [19, 32, 30], 'steady'],
    [20, [5, 6, 5], 'growing'],
    [1, [6, 6, 6], 'fading'],
    [5, [], null],
  ] as const)('%i after %j is %s', (current, history, trend) => {
    expect(trendOf(current, history)).toBe(trend);
  });

  it('needs more than chance would give: a few replies up or down is steady', () => {
    // Half again as many and 3 more, as the fixed ratios once asked: within what chance gives.
    expect(trendOf(8, [4, 5, 4])).toBe('steady');
    expect(trendOf(10, [5, 5, 5])).toBe('steady');
    expect(trendOf(11, [5, 5, 5])).toBe('growing');
    expect(trendOf(3, [6, 6, 6])).toBe('steady');
  });

  it('compares the theme’s share of each week’s replies: a busier week does not make every theme grow', () => {
    expect(trendOf(16, [5, 5])).toBe('growing');
    expect(trendOf(16, [5, 5], { totals: { current: 60, history: [30, 30] } })).toBe('steady');
    // The same count in a quieter week is a larger share.
    expect(trendOf(16, [5, 5], { totals: { current: 20, history: [30, 30] } })).toBe('growing');
  });

  it('calls gone only a silence chance would rarely give', () => {
    // Six replies one week, one or none before: a quiet week is no news.
    expect(trendOf(0, [1, 0, 6])).toBeNull();
    expect(trendOf(0, [6, 7, 6])).toBe('gone');
  });

  it('gives the theme of who the writers are no word', () => {
    expect(trendOf(0, [6, 7, 6], { aboutWriters: true })).toBeNull();
    expect(trendOf(16, [5, 5], { aboutWriters: true })).toBeNull();
    expect(trendOf(6, [0, 0], { aboutWriters: true })).toBeNull();
  });

  it('is new only when no earlier reply fits the theme', () => {
    expect(trendOf(6, [0, 0], { raisedBefore: 2 })).toBeNull();
    expect(trendOf(6, [0, 0], { raisedBefore: 0 })).toBe('new');
  });

  it('keeps a printed word within one reply, and never across zero', () => {
    expect(trendOf(4, [3, 3, 4])).toBeNull();
    expect(trendOf(4, [3, 3, 4], { printed: 'steady' })).toBe('steady');
    expect(trendOf(3, [3, 3, 4], { printed: 'steady' })).toBeNull();
    expect(trendOf(10, [5, 5, 5], { printed: 'growing' })).toBe('growing');
    expect(trendOf(9, [5, 5, 5], { printed: 'growing' })).toBe('steady');
    expect(trendOf(1, [6, 7, 6], { printed: 'gone' })).not.toBe('gone');
  });
});

describe('people', () => {
  it('counts an imported participant once across rows, and each row without one as a person, and says how many', async () => {
    const base = week3({ imported: false });
    const at = base[0]!.receivedAt;
    const imported: DigestReply[] = [
      ...['The bus is late', 'The bus again', 'Buses are full'].map((text, i) => ({
        id: `imp-a${i}`,
        promptId: 'noticed',
        text,
        group: null,
        channel: 'offline',
        participantId: null,
        authorId: 'author-a',
        receivedAt: at,
        language: 'en' as const,
      })),
      ...['Rent is high', 'Parks are nice'].map((text, i) => ({
        id: `imp-n${i}`,
        promptId: 'noticed',
        text,
        group: null,
        channel: 'offline',
        participantId: null,
        receivedAt: at,
        language: 'en' as const,
      })),
    ];
    const digest = await buildDigest({ ...week3Input([...base, ...imported]) });
    // 21 live participants + author-a once + 2 rows without a participant.
    expect(digest.participation.participants).toBe(24);
    expect(digest.participation.replies).toBe(26);
    expect(digest.participation.anonymousReplies).toBe(2);
  });
});

describe('groups and privacy', () => {
  it('shows the group of 3 as hidden, never its count, nor lets it be computed from what is shown', async () => {
    for (const imported of [true, false]) {
      const digest = await digestOfWeek3({ imported });
      const p = digest.participation;
      expect(p.byGroup.find((g) => g.group === 'senior')).toEqual({
        group: 'senior',
        participants: null,
        replies: null,
      });
      if (p.participants !== null) {
        const shown = p.byGroup.reduce((s, g) => s + (g.participants ?? 0), 0);
        const hidden = p.participants - shown;
        expect(hidden === 0 || hidden >= 5).toBe(true);
        const shownChannels = p.byChannel.reduce((s, c) => s + (c.participants ?? 0), 0);
        expect(p.participants - shownChannels).toBeGreaterThanOrEqual(5);
      }
      expect(digest.prompts[0]!.groups).toContainEqual({ group: 'senior', people: null });
    }
  });

  it('hides a second group when the group of 3 would be the only hidden part', async () => {
    const digest = await digestOfWeek3({ imported: false });
    expect(digest.participation.participants).toBe(21);
    expect(digest.participation.byGroup).toEqual([
      { group: 'parent', participants: 10, replies: 10 },
      { group: 'youth', participants: null, replies: null },
      { group: 'senior', participants: null, replies: null },
    ]);
  });

  it('gives each theme a row of the theme × group table: shares of each shown group, small cells hidden', async () => {
    const digest = await digestOfWeek3();
    const bus = themeWith(digest, 'bus');
    // Parents: 5 of 10; youth: 3 of 8 (hidden); seniors are not a column (3 people).
    expect(bus.byGroup).toEqual([
      { group: 'parent', people: 5, share: 0.5 },
      { group: 'youth', people: null, share: null },
    ]);
    expect(bus.groups).toEqual(['parent']);
    expect(digest.groupNames?.parent?.fr).toBe('Parent ou proche aidant');
  });

  it('counts new participants against earlier weeks', async () => {
    const digest = await digestOfWeek3();
    // The 3 seniors and the 6 imported voices are new; parents and youth replied before.
    expect(digest.participation.newParticipants).toBe(9);
  });
});

describe('common ground', () => {
  it('only for themes raised by at least 5 people in each group, in comparable shares, said in plain words', async () => {
    const replies = twoGroups({
      bus: { a: 10, b: 12, a_text: 'The bus should come more often', b_text: 'Bus drivers are kind to us' },
      park: { a: 20, b: 5, a_text: 'The park needs lights', b_text: 'The park is too far' },
      rent: { a: 10, b: 2, a_text: 'Rent is too high', b_text: 'Rent help for seniors' },
    });
    const digest = await buildDigest({ ...week3Input(replies), history: [] });
    expect(digest.commonGround).toHaveLength(1);
    const ground = digest.commonGround[0]!;
    expect(ground.themeKey).toBe('noticed:bus');
    expect(ground.groups).toEqual(['senior', 'parent']);
    expect(ground.of).toBe(2);
    expect(ground.shares.map((s) => [s.group, s.people, s.share])).toEqual([
      ['senior', 12, 12 / 40],
      ['parent', 10, 10 / 40],
    ]);
    expect(JSON.stringify(digest.commonGround)).not.toContain('consensus');
  });

  it('quotes each group in its own words, so differing positions show', async () => {
    const replies = twoGroups({
      schools: {
        a: 8,
        b: 8,
        a_text: 'Put that school money into private school vouchers',
        b_text: 'Improve arts education in the public schools',
      },
    });
    const themer: Themer = (inputs) => {
      const members = inputs.filter((i) => /school/i.test(i.text));
      const theme: Theme = {
        id: 't1',
        key: 'schools',
        label: 'Schools',
        labels: { en: 'Schools' },
        keywords: ['school', 'schools'],
        replyIds: members.map((m) => m.id),
        claims: members.map((m) => ({ replyId: m.id, text: m.text })),
        // The engine's central quotes: both from one group.
        quotes: members
          .filter((m) => /private/.test(m.text))
          .slice(0, 2)
          .map((m) => ({ replyId: m.id, text: m.text })),
        participants: members.length,
      };
      return { themes: [theme], unthemed: inputs.filter((i) => !members.includes(i)).map((i) => i.id) };
    };
    const digest = await buildDigest({ ...week3Input(replies), history: [], themer });
    const ground = digest.commonGround[0]!;
    const quote = (group: string) => ground.shares.find((s) => s.group === group)?.quote ?? '';
    expect(quote('parent')).toMatch(/private school/);
    expect(quote('senior')).toMatch(/public schools/);
  });

  it('shows quotes about the theme, not the engine’s central ones about something else', async () => {
    const texts = [
      'Restrict vape shops near schools',
      'The library hours are too short',
      'More crosswalks downtown please',
      'Ban vape ads on buses',
      'Vape sales to teens must stop',
    ];
    const replies = smsReplies('v', texts);
    const themer: Themer = (inputs) => ({
      themes: [
        {
          id: 't1',
          key: 'vape',
          label: 'Restrict vape',
          labels: { en: 'Restrict vape' },
          keywords: ['vape', 'restrict'],
          replyIds: inputs.map((i) => i.id),
          claims: inputs.map((i) => ({ replyId: i.id, text: i.text })),
          quotes: inputs.slice(1, 3).map((i) => ({ replyId: i.id, text: i.text })),
          participants: inputs.length,
        },
      ],
      unthemed: [],
    });
    const digest = await buildDigest({ ...week3Input(replies), history: [], themer });
    const quotes = digest.prompts[0]!.themes[0]!.quotes.map((q) => q.text);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q.toLowerCase()).toContain('vape');
  });
});

describe('quotes', () => {
  it('never shows near-duplicates, nor the same person twice in a theme', async () => {
    const texts: Array<[string, string]> = [
      ['p1', 'The bus is always late on route five'],
      ['p1', 'The bus is always late on route 5!'],
      ['p1', 'Bus drivers never wait for us at the stop'],
      ['p2', 'The bus is always late on route five.'],
      ['p3', 'A bus shelter at Elm would help in winter'],
    ];
    const replies: DigestReply[] = texts.map(([who, text], i) => ({
      id: `q${i}`,
      promptId: 'noticed',
      text,
      group: null,
      channel: 'sms',
      participantId: who,
      receivedAt: new Date(WEEK3.start.getTime() + i * 60_000),
      language: 'en',
    }));
    const digest = await buildDigest({ ...week3Input(replies), history: [] });
    const quotes = digest.prompts[0]!.themes[0]!.quotes.map((q) => q.text);
    expect(quotes).toHaveLength(2);
    expect(quotes.filter((q) => /late on route/.test(q))).toHaveLength(1);
    expect(quotes.some((q) => /shelter/.test(q))).toBe(true);
  });
});

describe('quotes of long replies', () => {
  it('quote the sentence holding the clause that placed a long reply, not the clause alone', async () => {
    const long =
      'We moved here ten years ago and the town has changed a lot since then, mostly for the better. ' +
      'The buses are late every morning, so please fix the schedule on route five. ' +
      'Also the library could open on Sundays, which would help students who work during the week.';
    const replies = smsReplies('l', [long, 'The bus to the hospital is always late']);
    const themer: Themer = (inputs) => ({
      themes: [
        {
          id: 't1',
          key: 'transit',
          label: 'Buses',
          labels: { en: 'Buses' },
          keywords: ['buses', 'bus', 'late'],
          replyIds: inputs.map((i) => i.id),
          // The engine placed the long reply here by one clause of its second sentence.
          claims: [
            { replyId: 'l0', text: 'so please fix the schedule on route five' },
            { replyId: 'l1', text: 'The bus to the hospital is always late' },
          ],
          quotes: [],
          participants: inputs.length,
        },
      ],
      unthemed: [],
    });
    const digest = await buildDigest({ ...week3Input(replies), history: [], themer });
    const quotes = digest.prompts[0]!.themes[0]!.quotes.map((q) => q.text);
    expect(quotes).toContain('The buses are late every morning, so please fix the schedule on route five.');
  });
  it('quote a clause of a sentence too long to show with the sentence’s opening, never as a fragment', async () => {
    const long =
      'I am ready to do more for my health, for my safety and that of others, to help people on the margins ' +
      'find their place again, to build human ties across the whole town by welcoming refugees and newcomers, if ' +
      'the tax system gives people a reason to. Taxes should let everyone take part.';
    const replies = smsReplies('s', [long, 'The police should patrol the park at night for our safety']);
    const themer: Themer = (inputs) => ({
      themes: [
        {
          id: 't1',
          key: 'safety',
          label: 'Public safety',
          labels: { en: 'Public safety' },
          keywords: ['safety', 'police'],
          replyIds: inputs.map((i) => i.id),
          // The engine placed the long reply here by a clause in the middle of its first sentence.
          claims: [
            { replyId: 's0', text: 'for my safety and that of others' },
            { replyId: 's1', text: 'The police should patrol the park at night for our safety' },
          ],
          quotes: [],
          participants: inputs.length,
        },
      ],
      unthemed: [],
    });
    const digest = await buildDigest({ ...week3Input(replies), history: [], themer });
    const quotes = digest.prompts[0]!.themes[0]!.quotes.map((q) => q.text);
    expect(long.indexOf('.')).toBeGreaterThan(240);
    expect(quotes).toContain('I am ready to do more for my health, for my safety and that of others…');
    expect(quotes).not.toContain('for my safety and that of others');
  });
});

describe('late replies', () => {
  it('marks a rebuild as a revision with the replies added since the first version', async () => {
    const input = week3Input(week3({ imported: false }));
    const first = await buildDigest(input);
    expect(first.source).toEqual({
      replies: 21,
      fingerprint: replyFingerprint(input.replies.map((r) => r.id)),
    });
    const later = await buildDigest({
      ...week3Input(week3({ imported: true })),
      revisionOf: first,
      seed: first,
      generatedAt: new Date('2026-11-30T14:00:00Z'),
    });
    expect(later.revision).toEqual({
      number: 2,
      revisedAt: '2026-11-30T14:00:00.000Z',
      addedReplies: 6,
      firstBuiltAt: first.generatedAt,
    });
    const third = await buildDigest({ ...week3Input(), revisionOf: later, seed: later });
    expect(third.revision?.number).toBe(3);
    expect(third.revision?.firstBuiltAt).toBe(first.generatedAt);
  });

  it('fingerprints a set of reply ids whatever their order', () => {
    expect(replyFingerprint(['a', 'b', 'c'])).toBe(replyFingerprint(['c', 'a', 'b']));
    expect(replyFingerprint(['a', 'b'])).not.toBe(replyFingerprint(['a', 'b', 'c']));
  });
});

describe('weeks of the fixtures', () => {
  it('cover three consecutive periods', () => {
    expect([WEEK1.fromDate, WEEK2.fromDate, WEEK3.fromDate]).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
  });
});

describe('a reply stays in the theme an earlier digest placed it in', () => {
  /** A themer that places replies exactly as told: theme key → reply ids. */
  const fixedThemer =
    (placement: Record<string, string[]>): Themer =>
    (inputs) => {
      const known = new Set(inputs.map((i) => i.id));
      const themes: Theme[] = Object.entries(placement).map(([key, ids], i) => ({
        id: `t${i + 1}`,
        key,
        label: key,
        labels: { en: key },
        keywords: [key],
        replyIds: ids.filter((id) => known.has(id)),
        claims: [],
        quotes: [],
        participants: ids.length,
      }));
      const placed = new Set(themes.flatMap((t) => t.replyIds));
      return { themes, unthemed: inputs.filter((i) => !placed.has(i.id)).map((i) => i.id) };
    };
  const reply = (id: string): DigestReply => ({
    id,
    promptId: 'noticed',
    text: `reply ${id} about the neighbourhood`,
    group: null,
    channel: 'sms',
    participantId: `p-${id}`,
    receivedAt: new Date(WEEK3.start.getTime() + 3_600_000),
    language: 'en',
  });
  const input = (ids: string[], themer: Themer): BuildDigestInput => ({
    period: WEEK3,
    replies: ids.map(reply),
    history: [],
    promptTexts: PROMPT_TEXTS,
    organization: 'Test org',
    language: 'en',
    themer,
  });
  const members = (d: Digest) =>
    Object.fromEntries(
      d.prompts[0]!.themes.map((t) => [t.key.split(':')[1], [...(t.replyIds ?? [])].sort()]),
    );

  it('while its theme exists; an unthemed reply joins only a new theme; a vanished theme frees its replies', async () => {
    const first = await buildDigest(
      input(['r1', 'r2', 'r3', 'r5', 'r7'], fixedThemer({ bus: ['r1', 'r2'], park: ['r5'], rent: ['r7'] })),
    );
    expect(first.prompts[0]!.unthemed).toBe(1);
    // Late replies r4 and r6 arrive; this run would move r1 to park, r3 into bus and snow, r7 into bus.
    const again = await buildDigest({
      ...input(
        ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'],
        fixedThemer({ bus: ['r2', 'r3', 'r4', 'r7'], park: ['r1', 'r5'], snow: ['r6', 'r3'] }),
      ),
      seed: first,
      revisionOf: first,
    });
    expect(members(again)).toEqual({
      bus: ['r1', 'r2', 'r4', 'r7'],
      park: ['r5'],
      snow: ['r3', 'r6'],
    });
    expect(again.prompts[0]!.unthemed).toBe(0);
    // Without an earlier digest, the run's placement stands.
    const fresh = await buildDigest(
      input(
        ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'],
        fixedThemer({ bus: ['r2', 'r3', 'r4', 'r7'], park: ['r1', 'r5'], snow: ['r6', 'r3'] }),
      ),
    );
    expect(members(fresh)).toEqual({ bus: ['r2', 'r3', 'r4', 'r7'], park: ['r1', 'r5'], snow: ['r3', 'r6'] });
  });

  it('in any theme the run still has, however the run re-draws it', async () => {
    const first = await buildDigest(
      input(
        ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'],
        fixedThemer({ housing: ['r1', 'r2', 'r3'], fares: ['r4', 'r5', 'r6'] }),
      ),
    );
    // This run gives the housing topic other replies and the fares word only one of its three: "rent" and the
    // transit topic would take them. Earlier weeks' counts are what organizers have read: both themes keep theirs.
    const again = await buildDigest({
      ...input(
        ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'],
        fixedThemer({
          housing: ['r7', 'r8'],
          rent: ['r1', 'r2', 'r3'],
          fares: ['r4'],
          transit: ['r5', 'r6', 'r8'],
        }),
      ),
      seed: first,
      revisionOf: first,
    });
    expect(members(again)).toEqual({
      housing: ['r1', 'r2', 'r3', 'r7', 'r8'],
      fares: ['r4', 'r5', 'r6'],
      transit: ['r8'],
    });
  });

  it('is kept with the digest, and left out of its JSON', async () => {
    const d = await buildDigest(input(['r1', 'r2', 'r3'], fixedThemer({ bus: ['r1', 'r2'] })));
    expect(d.prompts[0]!.assignments).toEqual({
      keys: ['noticed:bus'],
      replies: { r1: [0], r2: [0], r3: [] },
    });
    const { renderDigestJson } = await import('../../../src/core/digest/render/json.js');
    expect(renderDigestJson(d)).not.toContain('assignments');
  });
});
