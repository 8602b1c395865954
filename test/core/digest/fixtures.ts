/**
 * Fixed replies across three weeks and a small rule-based themer standing in for the theme engine,
 * so the digest tests check the digest's own logic (weekly counts, trends, groups, suppression).
 */
import type { BuildDigestInput, DigestReply, Themer } from '../../../src/core/digest/build.js';
import { periodOf } from '../../../src/core/digest/period.js';
import type { Store } from '../../../src/core/ports/store.js';
import type { Theme } from '../../../src/core/themes/types.js';

export const TZ = 'America/Toronto';
export const WEEK1 = periodOf('2026-11-02', '2026-11-08', TZ);
export const WEEK2 = periodOf('2026-11-09', '2026-11-15', TZ);
export const WEEK3 = periodOf('2026-11-16', '2026-11-22', TZ);

/** Rules of the fake themer: a reply joins the first theme whose pattern it matches. */
const RULES: Array<{ pattern: RegExp }> = [
  { pattern: /\bbus\b/i },
  { pattern: /\bparks?\b/i },
  { pattern: /\brent\b/i },
  { pattern: /\bsnow\b/i },
];
const STOP = new Set(['the', 'are', 'and', 'is', 'on', 'in', 'a', 'of', 'too', 'keeps', 'again']);

/**
 * Keywords and label come from the members' own words; the key is the rule's, or the key of a model theme whose
 * label the rule's first keyword starts (so a seeded run keeps keys, as the engine does).
 */
export const ruleThemer: Themer = (inputs, options) => {
  const groups = RULES.map(() => [] as typeof inputs);
  const unthemed: string[] = [];
  for (const input of inputs) {
    const index = RULES.findIndex((r) => r.pattern.test(input.text));
    if (index < 0) unthemed.push(input.id);
    else groups[index]!.push(input);
  }
  const themes: Theme[] = groups
    .filter((members) => members.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((members, i) => {
      const counts = new Map<string, number>();
      for (const m of members) {
        for (const w of m.text.toLowerCase().match(/\p{L}+/gu) ?? []) {
          if (!STOP.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
        }
      }
      const keywords = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([w]) => w);
      const rule = RULES.findIndex((r) => r.pattern.test(members[0]!.text));
      const ruleKey = RULES[rule]!.pattern.source.replace(/\\b|\?/g, '');
      const carried = options?.model?.themes.find((t) => t.terms.some(([term]) => term === ruleKey));
      const label = carried?.label ?? keywords.slice(0, 2).join(' ');
      return {
        id: `t${i + 1}`,
        key: carried?.key ?? ruleKey,
        label,
        labels: { en: label },
        keywords,
        replyIds: members.map((m) => m.id),
        claims: members.map((m) => ({ replyId: m.id, text: m.text })),
        quotes: members.slice(0, 3).map((m) => ({ replyId: m.id, text: m.text })),
        participants: new Set(members.map((m) => m.participantId ?? m.id)).size,
      };
    });
  return {
    themes,
    unthemed,
    model: {
      version: 1,
      themes: themes.map((t) => ({
        key: t.key,
        label: t.label,
        labels: t.labels,
        terms: [[t.key, 1] as [string, number]],
      })),
    },
  };
};

let seq = 0;
function reply(
  week: { start: Date },
  participantId: string | null,
  text: string,
  group: string | null,
  channel: string,
): DigestReply {
  seq += 1;
  return {
    id: `r${seq}`,
    promptId: 'noticed',
    text,
    group,
    channel,
    participantId,
    receivedAt: new Date(week.start.getTime() + 3_600_000 * (1 + (seq % 100))),
    language: 'en',
  };
}

const CHANNEL: Record<string, string> = { parent: 'sms', youth: 'discord', senior: 'slack' };
const GROUP: Record<string, string> = { p: 'parent', y: 'youth', s: 'senior' };

/** `who` is `p3` (parent 3), `y2` (youth 2), `s1` (senior 1) or `i` (an imported voice, no group). */
function by(week: { start: Date }, who: string, text: string): DigestReply {
  if (who === 'i') return reply(week, null, text, null, 'import');
  const group = GROUP[who[0]!]!;
  return reply(week, `pid-${who}`, text, group, CHANNEL[group]!);
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${from + k}`);

const BUS = 'The bus is late again on route five';
const PARK_OLD = 'The park trails are lovely';
const PARK_NEW = 'New benches in the parks';
const RENT = 'Rent keeps going up and up';
const SNOW = 'Snow removal on sidewalks is slow';

export function week1(): DigestReply[] {
  return [
    ...range('p', 1, 4).map((w) => by(WEEK1, w, BUS)),
    ...['p5', 'p6', 'p7', 'y1', 'y2', 'y3'].map((w) => by(WEEK1, w, PARK_OLD)),
  ];
}

export function week2(): DigestReply[] {
  return [
    ...range('p', 1, 5).map((w) => by(WEEK2, w, BUS)),
    ...range('y', 1, 6).map((w) => by(WEEK2, w, PARK_OLD)),
    ...[...range('p', 6, 10), 'y7', 'y8', 'i'].map((w) => by(WEEK2, w, SNOW)),
  ];
}

/**
 * Week 3: bus doubles (5 → 10), parks steady under a new wording, rent is new, snow fades (8 → 3).
 * Groups: 10 parents (sms), 8 youth (discord), 3 seniors (slack), 6 imported voices without a group.
 */
export function week3(options: { imported?: boolean } = {}): DigestReply[] {
  const imported = options.imported ?? true;
  return [
    ...[...range('p', 1, 5), ...range('y', 1, 3), 's1', 's2'].map((w) => by(WEEK3, w, BUS)),
    ...['p6', 'p7', 'y4', 'y5', ...(imported ? ['i', 'i'] : [])].map((w) => by(WEEK3, w, PARK_NEW)),
    ...['p8', 'p9', 'y6', 'y7', 's3', ...(imported ? ['i'] : [])].map((w) => by(WEEK3, w, RENT)),
    ...['p10', 'y8', ...(imported ? ['i'] : [])].map((w) => by(WEEK3, w, SNOW)),
    ...(imported ? [by(WEEK3, 'i', 'ok'), by(WEEK3, 'i', 'no idea really')] : []),
  ];
}

/** Two groups of 40 people each; themes raised by given numbers of each. */
export function twoGroups(
  raised: Record<string, { a: number; b: number; a_text?: string; b_text?: string }>,
): DigestReply[] {
  const out: DigestReply[] = [];
  let n = 0;
  const used = { a: 0, b: 0 };
  const add = (group: 'a' | 'b', text: string) => {
    n += 1;
    const person = used[group]++;
    out.push({
      id: `g${n}`,
      promptId: 'noticed',
      text,
      group: group === 'a' ? 'parent' : 'senior',
      channel: 'sms',
      participantId: `${group}${person}`,
      receivedAt: new Date(WEEK3.start.getTime() + n * 60_000),
      language: 'en',
    });
  };
  for (const [, r] of Object.entries(raised)) {
    for (let i = 0; i < r.a; i++) add('a', `${r.a_text ?? 'a'} number ${i}`);
    for (let i = 0; i < r.b; i++) add('b', `${r.b_text ?? 'b'} number ${i}`);
  }
  while (used.a < 40) add('a', 'nothing much to say');
  while (used.b < 40) add('b', 'nothing much to say');
  return out;
}

export const PROMPT_TEXTS = {
  noticed: {
    en: 'What have you noticed in your community lately?',
    fr: 'Qu’avez-vous remarqué dans votre communauté ces derniers temps?',
  },
};
export const GROUP_NAMES = {
  parent: { en: 'Parent or caregiver', fr: 'Parent ou proche aidant' },
  youth: { en: 'Youth (under 25)', fr: 'Jeune (moins de 25 ans)' },
  senior: { en: 'Senior', fr: 'Aîné' },
};

/** buildDigest's input for week 3 with weeks 1 and 2 as history, themed by `ruleThemer`. */
export function week3Input(replies: DigestReply[] = week3()): BuildDigestInput {
  return {
    period: WEEK3,
    replies,
    history: [
      { period: WEEK1, replies: week1() },
      { period: WEEK2, replies: week2() },
    ],
    promptTexts: PROMPT_TEXTS,
    groupNames: GROUP_NAMES,
    organization: 'Test org',
    language: 'en',
    themer: ruleThemer,
  };
}

/** Stores fixture replies as imported voices (no participant row), as `voices import` would. */
export function importReplies(
  store: Pick<Store, 'insertImported'>,
  replies: DigestReply[],
  channel?: string,
  keyPrefix = 'k',
): Promise<number> {
  return store.insertImported(
    replies.map((r, n) => ({
      participantId: null,
      promptId: r.promptId,
      isFollowUp: false,
      text: r.text,
      channel: channel ?? r.channel,
      language: r.language,
      group: r.group,
      receivedAt: r.receivedAt,
      source: 'imported' as const,
      importKey: `${keyPrefix}${n}`,
      authorId: r.authorId ?? null,
    })),
  );
}
