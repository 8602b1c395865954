/**
 * The digest builder: pure, from replies already read from the store to a `Digest`. Themes come from
 * an injected theme engine (`Themer`), run per prompt on the period and on each previous week, so a
 * theme's history and trend compare like with like. No I/O here.
 */
import type { ThemeInput, ThemeOptions, ThemeResult } from '../themes/types.js';
import { keywordSet, matchThemes, type ThemeFingerprint } from './match.js';
import type { Period } from './period.js';
import { cell, DEFAULT_THRESHOLD, suppressTable } from './suppress.js';
import type {
  CommonGround,
  CountCell,
  Digest,
  DigestParticipation,
  DigestPrompt,
  DigestTheme,
  Trend,
} from './types.js';

/** One stored reply, as the digest needs it (text already scrubbed at insert). */
export interface DigestReply {
  id: string;
  /** Null for a message that answered no prompt. */
  promptId: string | null;
  text: string;
  group: string | null;
  channel: string;
  /** Null for imported replies: each then counts as its own voice. */
  participantId: string | null;
  receivedAt: Date;
  language: 'en' | 'fr' | null;
}

/** The theme engine's entry point (`src/core/themes/`), injected so the builder stays testable. */
export type Themer = (inputs: ThemeInput[], options?: ThemeOptions) => ThemeResult | Promise<ThemeResult>;

export interface BuildDigestInput {
  period: Period;
  /** Replies received within `period`. */
  replies: DigestReply[];
  /** Previous periods and their replies, oldest first (same length as `period`). */
  history: Array<{ period: Period; replies: DigestReply[] }>;
  /** Prompt texts in the digest's language, by prompt id. */
  promptTexts: Record<string, string>;
  organization: string;
  language: 'en' | 'fr';
  themer: Themer;
  /**
   * Themer for the previous weeks, which only need each theme's fingerprint and size (default: `themer`);
   * a cheaper setting of the same engine keeps a 12-week digest fast.
   */
  historyThemer?: Themer;
  /** Passed to every themer call: see `ThemeOptions.backgroundWords` (THEMES_BACKGROUND_WORDS). */
  backgroundWords?: readonly string[];
  /** Stored digests of earlier periods (any order): themes that match one of theirs keep its key. */
  previousDigests?: Digest[];
  /** Participants of this period who had replied before the oldest `history` period. */
  returningParticipantIds?: ReadonlySet<string>;
  generatedAt?: Date;
  /** Smallest count of participants shown (default 5). */
  threshold?: number;
  /** Most common-ground entries listed (default 5). */
  commonGroundLimit?: number;
}

/** Replies that answered no prompt are themed together under this id. */
export const NO_PROMPT = '';
const OTHER_TEXT = { en: 'Other messages', fr: 'Autres messages' } as const;

/** A theme grows when it reaches this multiple of its baseline (and fades under its inverse). */
const GROWTH = 1.5;
/** …and by at least this many replies, so 1 → 2 is not a trend. */
const MIN_CHANGE = 2;

interface WeekTheme {
  fingerprint: ThemeFingerprint;
  replies: number;
}

interface PromptWeek {
  result: ThemeResult;
  byId: Map<string, DigestReply>;
}

function voice(reply: DigestReply): string {
  return reply.participantId ?? `reply:${reply.id}`;
}

function byPrompt(replies: DigestReply[]): Map<string, DigestReply[]> {
  const out = new Map<string, DigestReply[]>();
  for (const reply of replies) {
    const key = reply.promptId ?? NO_PROMPT;
    let list = out.get(key);
    if (!list) {
      list = [];
      out.set(key, list);
    }
    list.push(reply);
  }
  return out;
}

async function themePrompt(
  themer: Themer,
  replies: DigestReply[],
  backgroundWords: readonly string[] | undefined,
): Promise<PromptWeek> {
  const byId = new Map(replies.map((r) => [r.id, r]));
  if (replies.length === 0) return { result: { themes: [], unthemed: [] }, byId };
  const inputs: ThemeInput[] = replies.map((r) => ({
    id: r.id,
    text: r.text,
    prompt: r.promptId ?? undefined,
    group: r.group ?? undefined,
    date: r.receivedAt.toISOString(),
    participantId: voice(r),
    language: r.language ?? undefined,
  }));
  return { result: await themer(inputs, backgroundWords?.length ? { backgroundWords } : undefined), byId };
}

export function trendOf(current: number, history: readonly number[]): Trend {
  const nonZero = history.filter((n) => n > 0);
  if (nonZero.length === 0) return 'new';
  const last = history[history.length - 1] ?? 0;
  const baseline = last > 0 ? last : nonZero.reduce((s, n) => s + n, 0) / nonZero.length;
  if (current >= baseline * GROWTH && current - baseline >= MIN_CHANGE) return 'growing';
  if (current * GROWTH <= baseline && baseline - current >= MIN_CHANGE) return 'fading';
  return 'steady';
}

function slugKey(promptId: string, keywords: readonly string[]): string {
  const words = [...keywordSet(keywords)].slice(0, 3);
  return `${promptId || 'other'}:${words.join('-') || 'theme'}`;
}

/**
 * Group-aware consensus (Polis): the product over groups of (mentions + 1) / (group size + 2),
 * taken to the power 1/groups. The root keeps Polis's ranking (every theme of a prompt is scored
 * over the same groups) but puts the score on the scale of one group's mention rate, so "0.21"
 * reads as "about a fifth of every group", where the raw product of five rates shows 0.00.
 */
export function groupConsensus(groups: ReadonlyArray<{ size: number; mentions: number }>): number {
  if (groups.length === 0) return 0;
  let logSum = 0;
  for (const g of groups) logSum += Math.log((g.mentions + 1) / (g.size + 2));
  return Math.exp(logSum / groups.length);
}

export async function buildDigest(input: BuildDigestInput): Promise<Digest> {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const current = byPrompt(input.replies);
  const historyByPrompt = input.history.map((week) => byPrompt(week.replies));
  const promptIds = [...current.keys()].sort((a, b) => {
    // Prompts in the organizers' file order, then unknown ids, then replies to no prompt.
    const order = Object.keys(input.promptTexts);
    const ia = a === NO_PROMPT ? Number.MAX_SAFE_INTEGER : order.indexOf(a) >>> 0;
    const ib = b === NO_PROMPT ? Number.MAX_SAFE_INTEGER : order.indexOf(b) >>> 0;
    return ia - ib || a.localeCompare(b);
  });

  const prompts: DigestPrompt[] = [];
  const commonGround: CommonGround[] = [];
  const usedKeys = new Set<string>();

  for (const promptId of promptIds) {
    const replies = current.get(promptId) ?? [];
    const week = await themePrompt(input.themer, replies, input.backgroundWords);
    const weeks: WeekTheme[][] = [];
    for (const past of historyByPrompt) {
      const pastWeek = await themePrompt(
        input.historyThemer ?? input.themer,
        past.get(promptId) ?? [],
        input.backgroundWords,
      );
      weeks.push(
        pastWeek.result.themes.map((t) => ({
          fingerprint: { keywords: t.keywords },
          replies: t.replyIds.length,
        })),
      );
    }
    const fingerprints: ThemeFingerprint[] = week.result.themes.map((t) => ({ keywords: t.keywords }));
    const matchesPerWeek = weeks.map((w) =>
      matchThemes(
        fingerprints,
        w.map((x) => x.fingerprint),
      ),
    );
    const stored = (input.previousDigests ?? [])
      .slice()
      .sort((a, b) => b.period.from.localeCompare(a.period.from))
      .flatMap((d) => d.prompts.filter((p) => p.promptId === promptId).flatMap((p) => p.themes));
    const storedMatches = matchThemes(
      fingerprints,
      stored.map((t) => ({ keywords: t.keywords })),
    );

    // Group sizes among this prompt's participants; only groups at the threshold take part in consensus.
    const groupVoices = new Map<string, Set<string>>();
    for (const r of replies) {
      if (!r.group) continue;
      let set = groupVoices.get(r.group);
      if (!set) {
        set = new Set();
        groupVoices.set(r.group, set);
      }
      set.add(voice(r));
    }
    const eligibleGroups = [...groupVoices.entries()]
      .filter(([, set]) => set.size >= threshold)
      .map(([group, set]) => ({ group, voices: set }))
      .sort((a, b) => a.group.localeCompare(b.group));

    const themes: DigestTheme[] = week.result.themes.map((theme, i) => {
      const members = theme.replyIds.map((id) => week.byId.get(id)).filter((r): r is DigestReply => !!r);
      const voices = new Set(members.map(voice));
      const history = weeks.map((w, k) => {
        const j = matchesPerWeek[k]?.get(i);
        return j === undefined ? 0 : (w[j]?.replies ?? 0);
      });
      let key: string | undefined;
      const storedIndex = storedMatches.get(i);
      if (storedIndex !== undefined) key = stored[storedIndex]?.key;
      if (!key) {
        const first = weeks.findIndex((_, k) => matchesPerWeek[k]?.has(i));
        const origin = first >= 0 ? weeks[first]?.[matchesPerWeek[first]!.get(i)!]?.fingerprint : undefined;
        key = slugKey(promptId, origin?.keywords ?? theme.keywords);
      }
      let unique = key;
      for (let n = 2; usedKeys.has(unique); n++) unique = `${key}~${n}`;
      usedKeys.add(unique);

      const mentions = eligibleGroups.map((g) => ({
        group: g.group,
        size: g.voices.size,
        mentions: new Set(members.filter((r) => r.group === g.group).map(voice)).size,
      }));
      const raised = mentions
        .filter((m) => m.mentions > 0)
        .sort((a, b) => b.mentions / b.size - a.mentions / a.size || a.group.localeCompare(b.group));
      if (raised.length >= 2) {
        commonGround.push({
          themeKey: unique,
          label: theme.label,
          promptId,
          groups: raised.map((m) => m.group),
          consensus: groupConsensus(mentions),
        });
      }
      return {
        key: unique,
        label: theme.label,
        keywords: theme.keywords,
        replies: members.length,
        participants: cell(voices.size, threshold),
        quotes: theme.quotes.slice(0, 3).map((q) => ({ text: q.text })),
        groups: raised.map((m) => m.group),
        trend: trendOf(members.length, history),
        history,
        replyIds: members.map((r) => r.id),
      };
    });

    prompts.push({
      promptId,
      promptText:
        input.promptTexts[promptId] ?? (promptId === NO_PROMPT ? OTHER_TEXT[input.language] : promptId),
      replies: replies.length,
      participants: cell(new Set(replies.map(voice)).size, threshold),
      unthemed: week.result.unthemed.length,
      themes,
    });
  }

  commonGround.sort((a, b) => b.consensus - a.consensus || a.themeKey.localeCompare(b.themeKey));

  return {
    id: input.period.id,
    organization: input.organization,
    language: input.language,
    period: { from: input.period.fromDate, to: input.period.toDate, timezone: input.period.timezone },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    participation: participation(input, prompts, threshold),
    prompts,
    commonGround: commonGround.slice(0, input.commonGroundLimit ?? 5),
    weeks: input.history.map((w) => ({
      label: w.period.fromDate,
      replies: w.replies.length,
      participants: cell(new Set(w.replies.map(voice)).size, threshold),
    })),
  };
}

function participation(
  input: BuildDigestInput,
  prompts: DigestPrompt[],
  threshold: number,
): DigestParticipation {
  // Each voice counts once per table, under its latest reply's channel and group (a partition).
  const latest = new Map<string, DigestReply>();
  const repliesOf = new Map<string, number>();
  for (const r of input.replies) {
    const v = voice(r);
    const seen = latest.get(v);
    if (!seen || seen.receivedAt <= r.receivedAt) latest.set(v, r);
    repliesOf.set(v, (repliesOf.get(v) ?? 0) + 1);
  }
  const total = latest.size;
  const table = (dimension: (r: DigestReply) => string | null) => {
    const rows = new Map<string, { key: string; participants: number; replies: number }>();
    for (const [v, r] of latest) {
      const key = dimension(r);
      if (key === null) continue;
      const row = rows.get(key) ?? { key, participants: 0, replies: 0 };
      row.participants += 1;
      row.replies += repliesOf.get(v) ?? 0;
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) => b.participants - a.participants || a.key.localeCompare(b.key));
  };

  const earlier = new Set<string>();
  for (const w of input.history) for (const r of w.replies) earlier.add(voice(r));
  let fresh = 0;
  for (const v of latest.keys()) {
    if (!earlier.has(v) && !input.returningParticipantIds?.has(v)) fresh += 1;
  }

  const channels = suppressTable(
    table((r) => r.channel),
    total,
    { threshold },
  );
  const groups = suppressTable(
    table((r) => r.group),
    total,
    { threshold, dropSmall: true },
  );
  const participants: CountCell = channels.total === null || groups.total === null ? null : total;
  return {
    participants,
    // Returning = participants − new is derivable, so it must pass the threshold as well.
    newParticipants:
      participants === null || cell(total - fresh, threshold) === null ? null : cell(fresh, threshold),
    replies: input.replies.length,
    unthemedReplies: prompts.reduce((s, p) => s + p.unthemed, 0),
    byChannel: channels.rows.map((r) => ({
      channel: r.key,
      participants: r.participants,
      replies: r.replies,
    })),
    byGroup: groups.rows.map((r) => ({ group: r.key, participants: r.participants, replies: r.replies })),
  };
}
