/**
 * The forum report as data: a campaign period (several weekly digests, as organizers edited them)
 * gathered by theme key, with each theme's weekly counts and trend, theme × group, common ground,
 * quotes and participation. Pure: the caller reads the digests and replies from the store.
 *
 * Privacy: a group with fewer than 5 people in the period is not shown (and the report says so);
 * a theme × group cell of 1–4 people is `null`; a count of people is a `CountCell`.
 */
import { trendOf } from '../digest/build.js';
import { quoteId } from '../digest/edits.js';
import { cell, DEFAULT_THRESHOLD, suppressTable } from '../digest/suppress.js';
import type { CountCell, Digest, Trend } from '../digest/types.js';

/** A stored reply as the report needs it (text already scrubbed). */
export interface ReportReply {
  id: string;
  text: string;
  group: string | null;
  channel: string;
  participantId: string | null;
}

export interface ReportInput {
  organization: string;
  language: 'en' | 'fr';
  timezone: string;
  /** Local dates (YYYY-MM-DD), first and last day. */
  from: string;
  to: string;
  /** Weekly digests in the period, as organizers edited them. */
  digests: Digest[];
  /** Every reply of the period. */
  replies: ReportReply[];
  /** Group names in the report's language, by group id (from the prompt file). */
  groupNames?: Record<string, string>;
  /** Quotes organizers hid (their ids): never printed, not even as a group's quote. */
  hiddenQuotes?: ReadonlySet<string>;
  generatedAt: Date;
  threshold?: number;
}

export interface ReportGroupCell {
  people: CountCell;
  /** Share of the group's people who raised the theme (0–1); null where `people` is. */
  share: number | null;
}

export interface ReportTheme {
  key: string;
  label: string;
  replies: number;
  people: CountCell;
  /** Replies per week, aligned with `ForumReport.weeks`. */
  perWeek: number[];
  /** Null: too few replies to call a trend. */
  trend: Trend | null;
  quotes: string[];
  /** By group id, for the groups shown. */
  byGroup: Record<string, ReportGroupCell>;
}

export interface ForumReport {
  organization: string;
  language: 'en' | 'fr';
  period: { from: string; to: string; timezone: string };
  generatedAt: string;
  weeks: Array<{ from: string; to: string; replies: number; people: CountCell }>;
  participation: {
    replies: number;
    people: CountCell;
    byGroup: Array<{ group: string; name: string; people: CountCell; replies: CountCell }>;
    byChannel: Array<{ channel: string; people: CountCell; replies: CountCell }>;
    /** Groups left out because fewer than the threshold took part. */
    hiddenGroups: number;
  };
  /** Groups shown in theme × group (at or above the threshold), in a stable order. */
  groups: Array<{ id: string; name: string; people: number }>;
  prompts: Array<{ promptId: string; promptText: string; themes: ReportTheme[] }>;
  commonGround: Array<{
    key: string;
    label: string;
    groups: Array<{ id: string; name: string; share: number; quote: string | undefined }>;
  }>;
}

const voice = (r: ReportReply) => r.participantId ?? `reply:${r.id}`;
/** A group's share must be at least this fraction of the largest share for "common" ground. */
const COMPARABLE = 1 / 3;
const QUOTE_MAX = 240;

export function buildForumReport(input: ReportInput): ForumReport {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const byId = new Map(input.replies.map((r) => [r.id, r]));
  const hidden = input.hiddenQuotes ?? new Set<string>();
  const name = (group: string) => input.groupNames?.[group] ?? group;
  const digests = [...input.digests].sort((a, b) => a.period.from.localeCompare(b.period.from));

  // People per group over the whole period.
  const groupVoices = new Map<string, Set<string>>();
  const groupReplies = new Map<string, number>();
  const channelVoices = new Map<string, Set<string>>();
  const channelReplies = new Map<string, number>();
  const everyone = new Set<string>();
  for (const r of input.replies) {
    everyone.add(voice(r));
    if (r.group) {
      const set = groupVoices.get(r.group) ?? new Set<string>();
      groupVoices.set(r.group, set.add(voice(r)));
      groupReplies.set(r.group, (groupReplies.get(r.group) ?? 0) + 1);
    }
    const set = channelVoices.get(r.channel) ?? new Set<string>();
    channelVoices.set(r.channel, set.add(voice(r)));
    channelReplies.set(r.channel, (channelReplies.get(r.channel) ?? 0) + 1);
  }
  const shownGroups = [...groupVoices.entries()]
    .filter(([, set]) => set.size >= threshold)
    .map(([id, set]) => ({ id, name: name(id), people: set.size }))
    .sort((a, b) => b.people - a.people || a.id.localeCompare(b.id));

  // Themes gathered by key across the weeks (a key keeps its identity from week to week).
  const prompts = new Map<
    string,
    { promptText: string; themes: Map<string, ReportTheme & { members: Set<string> }>; perWeek: number[] }
  >();
  digests.forEach((digest, w) => {
    for (const prompt of digest.prompts) {
      const entry = prompts.get(prompt.promptId) ?? {
        promptText: prompt.promptText,
        themes: new Map(),
        perWeek: digests.map(() => 0),
      };
      prompts.set(prompt.promptId, entry);
      entry.perWeek[w] = prompt.replies;
      for (const theme of prompt.themes) {
        let t = entry.themes.get(theme.key);
        if (!t) {
          t = {
            key: theme.key,
            label: theme.label,
            replies: 0,
            people: 0,
            perWeek: digests.map(() => 0),
            trend: 'new',
            quotes: [],
            byGroup: {},
            members: new Set(),
          };
          entry.themes.set(theme.key, t);
        }
        // The latest week's label (organizers' renames are already in every week).
        t.label = theme.label;
        t.perWeek[w] = (t.perWeek[w] ?? 0) + theme.replies;
        t.replies += theme.replies;
        for (const q of theme.quotes) if (!t.quotes.includes(q.text)) t.quotes.push(q.text);
        for (const id of theme.replyIds ?? []) t.members.add(id);
      }
    }
  });

  const commonGround: ForumReport['commonGround'] = [];
  const outPrompts: ForumReport['prompts'] = [...prompts.entries()].map(([promptId, entry]) => {
    const themes = [...entry.themes.values()].map(({ members, ...theme }) => {
      const memberReplies = [...members].map((id) => byId.get(id)).filter((r): r is ReportReply => !!r);
      const voices = new Set(memberReplies.map(voice));
      const byGroup: Record<string, ReportGroupCell> = {};
      for (const g of shownGroups) {
        const people = new Set(memberReplies.filter((r) => r.group === g.id).map(voice)).size;
        const c = cell(people, threshold);
        byGroup[g.id] = { people: c, share: c === null ? null : people / g.people };
      }
      const last = theme.perWeek.length - 1;
      const out: ReportTheme = {
        ...theme,
        // Without theme members (digests stored before they were kept) the weekly counts still hold.
        people: members.size > 0 ? cell(voices.size, threshold) : null,
        trend:
          last < 0
            ? null
            : trendOf(theme.perWeek[last] ?? 0, theme.perWeek.slice(0, last), {
                totals: { current: entry.perWeek[last] ?? 0, history: entry.perWeek.slice(0, last) },
              }),
        quotes: theme.quotes.filter((q) => !hidden.has(quoteId(q))).slice(0, 3),
        byGroup,
      };
      // Common ground: raised by at least two shown groups, by comparable shares of each.
      const raised = shownGroups
        .map((g) => ({ g, share: byGroup[g.id]?.share ?? 0 }))
        .filter((x) => x.share > 0 && (byGroup[x.g.id]?.people ?? null) !== null);
      const top = Math.max(0, ...raised.map((x) => x.share));
      if (raised.length >= 2 && raised.every((x) => x.share >= top * COMPARABLE)) {
        commonGround.push({
          key: theme.key,
          label: theme.label,
          groups: raised.map(({ g, share }) => ({
            id: g.id,
            name: g.name,
            share,
            // One quote per group, from that group's own replies: never one group's words as another's.
            quote: memberReplies
              .filter((r) => r.group === g.id && r.text.length <= QUOTE_MAX && !hidden.has(quoteId(r.text)))
              .map((r) => r.text)
              .sort((a, b) => b.length - a.length || a.localeCompare(b))[0],
          })),
        });
      }
      return out;
    });
    themes.sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key));
    return { promptId, promptText: entry.promptText, themes };
  });

  commonGround.sort(
    (a, b) =>
      b.groups.length - a.groups.length ||
      Math.min(...b.groups.map((g) => g.share)) - Math.min(...a.groups.map((g) => g.share)) ||
      a.key.localeCompare(b.key),
  );

  const total = everyone.size;
  const groupTable = suppressTable(
    [...groupVoices.entries()].map(([key, set]) => ({
      key,
      participants: set.size,
      replies: groupReplies.get(key) ?? 0,
    })),
    total,
    { threshold, dropSmall: true },
  );
  const channelTable = suppressTable(
    [...channelVoices.entries()].map(([key, set]) => ({
      key,
      participants: set.size,
      replies: channelReplies.get(key) ?? 0,
    })),
    total,
    { threshold },
  );

  return {
    organization: input.organization,
    language: input.language,
    period: { from: input.from, to: input.to, timezone: input.timezone },
    generatedAt: input.generatedAt.toISOString(),
    weeks: digests.map((d) => ({
      from: d.period.from,
      to: d.period.to,
      replies: d.participation.replies,
      people: d.participation.participants,
    })),
    participation: {
      replies: input.replies.length,
      people: cell(total, threshold),
      byGroup: groupTable.rows.map((r) => ({
        group: r.key,
        name: name(r.key),
        people: r.participants,
        replies: r.replies,
      })),
      byChannel: channelTable.rows.map((r) => ({
        channel: r.key,
        people: r.participants,
        replies: r.replies,
      })),
      hiddenGroups: groupVoices.size - groupTable.rows.length,
    },
    groups: shownGroups,
    prompts: outPrompts,
    commonGround,
  };
}
