/**
 * The digest builder: pure, from replies already read from the store to a `Digest`. No I/O here.
 *
 * Themes come from one run of the injected theme engine (`Themer`) per prompt over the whole window (the previous
 * weeks and this period together), counted per week, so a reply lands in the same theme whichever week it is
 * counted in, and a trend compares like with like. The run starts from the previous digest's theme definitions
 * (`DigestPrompt.model`), so themes keep their key and name from one digest to the next.
 */
import { createHash } from 'node:crypto';
import { quotedPart } from '../themes/theme-quotes.js';
import { PARTICIPANTS_KEY, translateTopicLabel } from '../themes/topic-names.js';
import type { Theme, ThemeInput, ThemeModel, ThemeOptions, ThemeResult } from '../themes/types.js';
import { labelIn } from './localize.js';
import type { Period } from './period.js';
import { aboutWords, QuoteBook, type QuoteCandidate } from './quotes.js';
import { cell, DEFAULT_THRESHOLD, suppressTable } from './suppress.js';
import type {
  CommonGround,
  CountCell,
  Digest,
  DigestLanguage,
  DigestParticipation,
  DigestPrompt,
  DigestTheme,
  GoneTheme,
  Localized,
  QuietTheme,
  ThemeAssignments,
  ThemeGroupCell,
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
  participantId: string | null;
  /** An imported reply's participant pseudonym (the file's `participant` column), when it had one. */
  authorId?: string | null;
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
  /** Prompt texts by prompt id, in the prompt file's order, in each language. */
  promptTexts: Record<string, Localized>;
  /** Group names from the prompt file, by group id. */
  groupNames?: Record<string, Localized>;
  organization: string;
  language: DigestLanguage;
  themer: Themer;
  /** Passed to every themer call: see `ThemeOptions.backgroundWords` (THEMES_BACKGROUND_WORDS). */
  backgroundWords?: readonly string[];
  /**
   * The digest whose theme definitions this run starts from: the previous period's, or, for a rebuild, this
   * period's stored one. Its themes keep their keys and names.
   */
  seed?: Digest;
  /** The stored digest of an earlier period (the latest): its themes nobody raised any more are reported gone. */
  previous?: Digest;
  /** This period's stored digest, when this build revises it. */
  revisionOf?: Digest;
  /** Participants of this period who had replied before the oldest `history` period. */
  returningParticipantIds?: ReadonlySet<string>;
  generatedAt?: Date;
  /** Smallest count of participants shown (default 5). */
  threshold?: number;
  /** Most common-ground entries listed (default 5). */
  commonGroundLimit?: number;
  /**
   * Called between themes: the runner passes a turn of its event loop (`setImmediate`), so a week of thousands of
   * replies never holds webhooks for long. The builder itself stays free of timers.
   */
  pause?: () => Promise<void>;
}

/** Replies that answered no prompt are themed together under this id. */
export const NO_PROMPT = '';
const OTHER_TEXT: Required<Localized> = { en: 'Other messages', fr: 'Autres messages' };

/** A trend needs this many replies in the period or, on average, in the previous weeks. */
export const MIN_TREND = 5;
/** A theme grows when its share of the week's replies reaches this multiple of its earlier share (and fades under its inverse)… */
const GROWTH = 1.5;
/** …by more than chance: a move this large would happen by chance less often than this if nothing had changed. */
const CHANCE = 0.05;
/** A revised digest keeps the word it printed while this many replies more or fewer in the theme would still give it. */
export const TREND_MARGIN = 1;
/** Common ground: the smallest group share must be at least this fraction of the largest. */
export const COMPARABLE_SHARES = 0.5;
const QUOTES_PER_THEME = 3;

/** Who wrote a reply: a live participant, an imported participant's pseudonym, or the reply on its own. */
export function voice(reply: Pick<DigestReply, 'id' | 'participantId' | 'authorId'>): string {
  return reply.participantId ?? reply.authorId ?? `reply:${reply.id}`;
}

/**
 * The digest without what only the next build reads (the engine's model, each reply's theme placement): what an
 * earlier version or an export needs, at a fraction of the size.
 */
export function withoutThemeState(digest: Digest): Digest {
  return {
    ...digest,
    prompts: digest.prompts.map(({ model: _model, assignments: _assignments, ...p }) => p),
  };
}

/** A short fingerprint of a set of reply ids (any order): a digest is rebuilt when its period's changes. */
export function replyFingerprint(ids: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const id of [...ids].sort()) hash.update(`${id}\n`);
  return hash.digest('hex').slice(0, 32);
}

/** What a trend word is judged against, besides the theme's own counts. */
export interface TrendContext {
  /**
   * Replies to the prompt this period and in each previous week (aligned with the theme's history): the theme's
   * share of them is compared, so a busier week does not make every theme grow. Without them, weeks weigh alike.
   */
  totals?: { current: number; history: readonly number[] };
  /** The word this period's digest printed before this revision (`null`: none): kept unless the counts clearly moved. */
  printed?: Trend | null;
  /**
   * Replies of the previous weeks that this run places in the theme, though earlier digests placed them elsewhere:
   * a theme with any is not new, its topic was raised before.
   */
  raisedBefore?: number;
  /** A theme of who the writers are, not of what they raise: it gets no trend word. */
  aboutWriters?: boolean;
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
function upperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // Terms from k up, each from the one before; in logs for the first, so large n does not underflow.
  let logTerm = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + Math.log(p / (1 - p));
  }
  return Math.min(1, sum);
}

function logChoose(n: number, k: number): number {
  let out = 0;
  for (let i = 1; i <= k; i++) out += Math.log((n - k + i) / i);
  return out;
}

/** The word from the counts alone (see `trendOf`). */
function judgeTrend(current: number, history: readonly number[], context: TrendContext): Trend | null {
  if (history.length === 0 || context.aboutWriters) return null;
  const first = history.findIndex((n) => n > 0);
  if (first < 0) return current >= MIN_TREND && !context.raisedBefore ? 'new' : null;
  const since = history.slice(first);
  const before = since.reduce((s, n) => s + n, 0);
  const baseline = before / since.length;
  // The week's replies against those of the weeks since the theme appeared; weeks alike without totals.
  const weekTotals = context.totals?.history.slice(first);
  const exposureBefore = weekTotals ? weekTotals.reduce((s, n) => s + n, 0) : since.length;
  const exposureNow = context.totals ? context.totals.current : 1;
  if (exposureNow <= 0 || exposureBefore <= 0) return null;
  // If the theme's share had not moved, each of its replies in the window would fall in this week with chance p.
  const p = exposureNow / (exposureNow + exposureBefore);
  const n = current + before;
  if (current === 0) {
    const vanished = Math.max(history[history.length - 1] ?? 0, baseline) >= MIN_TREND;
    return vanished && (1 - p) ** before <= CHANCE ? 'gone' : null;
  }
  if (Math.max(current, baseline) < MIN_TREND) return null;
  const ratio = current / exposureNow / (before / exposureBefore);
  if (ratio >= GROWTH && upperTail(current, n, p) <= CHANCE) return 'growing';
  if (ratio * GROWTH <= 1 && 1 - upperTail(current + 1, n, p) <= CHANCE) return 'fading';
  return 'steady';
}

/**
 * The trend word for `current` replies after `history` (previous weeks, oldest first), or null when the numbers
 * are too small to call one. The baseline is the theme's share of the replies of the previous weeks since it first
 * appeared, so one odd week does not make a trend, and weeks before it existed do not dilute it. Growing and fading
 * need a change in share that chance would rarely give (a binomial test on the theme's replies in the window), so a
 * few replies more or fewer do not make a word; gone needs a theme that was raised enough for its silence to tell.
 * A revision keeps the word it printed while one reply more or fewer would still give it.
 */
export function trendOf(
  current: number,
  history: readonly number[],
  context: TrendContext = {},
): Trend | null {
  const word = judgeTrend(current, history, context);
  const { printed } = context;
  if (printed === undefined || printed === word) return word;
  // Never across zero: a theme with replies is not gone, and one without any is not steady.
  for (let d = 1; d <= TREND_MARGIN; d++) {
    for (const near of [current - d, current + d]) {
      if (near < 0 || (near === 0) !== (current === 0)) continue;
      if (judgeTrend(near, history, context) === printed) return printed;
    }
  }
  return word;
}

/** The words a stored digest printed for one prompt's themes, by key (gone ones too; quiet ones had none). */
function printedWords(digest: Digest | undefined, promptId: string): Map<string, Trend | null> {
  const prompt = digest?.prompts.find((p) => p.promptId === promptId);
  const out = new Map<string, Trend | null>();
  for (const t of prompt?.themes ?? []) out.set(t.key, t.trend);
  for (const g of prompt?.gone ?? []) out.set(g.key, 'gone');
  for (const q of prompt?.quiet ?? []) out.set(q.key, null);
  return out;
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

/** Labels in both languages: members' words stay in theirs; a topic's name is translated. */
function bothLabels(theme: Theme): Localized {
  const labels: Localized = { ...theme.labels };
  if (!labels.en && !labels.fr) labels.en = theme.label;
  if (!labels.fr && labels.en) {
    const fr = translateTopicLabel(labels.en, 'en', 'fr');
    if (fr) labels.fr = fr;
  }
  if (!labels.en && labels.fr) {
    const en = translateTopicLabel(labels.fr, 'fr', 'en');
    if (en) labels.en = en;
  }
  return labels;
}

function digestKey(promptId: string, engineKey: string): string {
  return `${promptId || 'other'}:${engineKey}`;
}

/** One prompt's replies over the window, themed once. */
interface PromptRun {
  result: ThemeResult;
  byId: Map<string, DigestReply>;
  /** Week of each reply: 0 … history.length − 1, and history.length for this period. */
  weekOf: Map<string, number>;
}

async function themeWindow(
  input: BuildDigestInput,
  promptId: string,
  weeks: DigestReply[][],
  model: ThemeModel | undefined,
): Promise<PromptRun> {
  const byId = new Map<string, DigestReply>();
  const weekOf = new Map<string, number>();
  weeks.forEach((replies, w) => {
    for (const r of replies) {
      byId.set(r.id, r);
      weekOf.set(r.id, w);
    }
  });
  if (byId.size === 0) return { result: { themes: [], unthemed: [] }, byId, weekOf };
  const inputs: ThemeInput[] = [...byId.values()].map((r) => ({
    id: r.id,
    text: r.text,
    prompt: r.promptId ?? undefined,
    group: r.group ?? undefined,
    date: r.receivedAt.toISOString(),
    participantId: voice(r),
    language: r.language ?? undefined,
  }));
  const texts = input.promptTexts[promptId];
  // Both languages' wording of the question: its words are background in either.
  const question = texts ? [texts.en, texts.fr].filter((t) => t).join('\n') : undefined;
  const options: ThemeOptions = {
    ...(input.backgroundWords?.length ? { backgroundWords: input.backgroundWords } : {}),
    ...(question ? { question } : {}),
    ...(model ? { model } : {}),
  };
  return { result: await input.themer(inputs, options), byId, weekOf };
}

/**
 * The themes each reply of the window ends up in (digest keys; `[]`: unthemed). A reply an earlier build placed
 * (`stored`: the seed digest's assignments) stays where it was while that theme still exists; a reply it left
 * unthemed may only join a theme that build did not have. Only replies new to the window, or whose themes are all
 * gone, take this run's placement. So the same replies land in the same themes from one digest to the next, and a
 * few late or unrelated replies cannot move earlier weeks' counts: only where the new replies go changes.
 */
function placeReplies(
  run: PromptRun,
  promptId: string,
  stored: ThemeAssignments | undefined,
): Map<string, string[]> {
  const fromRun = new Map<string, string[]>();
  for (const id of run.byId.keys()) fromRun.set(id, []);
  for (const theme of run.result.themes) {
    const key = digestKey(promptId, theme.key);
    for (const id of theme.replyIds) fromRun.get(id)?.push(key);
  }
  if (!stored) return fromRun;
  // A theme this run still has keeps the replies an earlier digest placed in it, however the run re-drew it: its
  // earlier weeks' counts are what organizers already read. A theme the run no longer has frees its replies.
  const kept = new Set(run.result.themes.map((t) => digestKey(promptId, t.key)));
  const earlierKeys = new Set(stored.keys);
  const placed = new Map<string, string[]>();
  for (const [id, keys] of fromRun) {
    const before = stored.replies[id];
    if (before === undefined) placed.set(id, keys);
    else if (before.length === 0)
      placed.set(
        id,
        keys.filter((k) => !earlierKeys.has(k)),
      );
    else {
      const stays = before
        .map((i) => stored.keys[i])
        .filter((k): k is string => k !== undefined && kept.has(k));
      placed.set(id, stays.length > 0 ? stays : keys);
    }
  }
  return placed;
}

function assignmentsOf(placed: ReadonlyMap<string, readonly string[]>): ThemeAssignments {
  const keys = [...new Set([...placed.values()].flat())].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const replies: Record<string, number[]> = {};
  for (const [id, ks] of placed) replies[id] = ks.map((k) => index.get(k)!);
  return { keys, replies };
}

/** Distinct people per group among `replies` (a person counts in the group of each reply). */
function peopleByGroup(replies: readonly DigestReply[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of replies) {
    if (!r.group) continue;
    let set = out.get(r.group);
    if (!set) {
      set = new Set();
      out.set(r.group, set);
    }
    set.add(voice(r));
  }
  return out;
}

interface PromptContext {
  input: BuildDigestInput;
  promptId: string;
  threshold: number;
  quotes: QuoteBook;
  /** Groups with at least `threshold` people answering this prompt, and their sizes. */
  shownGroups: Array<{ group: string; people: number }>;
}

/** The theme × group row of one theme, with small cells (and what would reveal them) hidden. */
function groupRow(members: readonly DigestReply[], people: number, ctx: PromptContext): ThemeGroupCell[] {
  const byGroup = peopleByGroup(members);
  const rows = ctx.shownGroups.map((g) => ({
    key: g.group,
    participants: byGroup.get(g.group)?.size ?? 0,
    replies: 0,
  }));
  const suppressed = suppressTable(rows, people, { threshold: ctx.threshold });
  return ctx.shownGroups.map((g) => {
    const row = suppressed.rows.find((r) => r.key === g.group);
    const shown = row === undefined ? 0 : row.participants;
    return { group: g.group, people: shown, share: shown === null ? null : shown / g.people };
  });
}

function commonGroundOf(
  theme: DigestTheme,
  members: readonly DigestReply[],
  claims: ReadonlyArray<{ replyId: string; text: string }>,
  ctx: PromptContext,
): CommonGround | undefined {
  const cells = theme.byGroup ?? [];
  const raised = cells.filter(
    (c): c is ThemeGroupCell & { people: number; share: number } =>
      c.people !== null && c.share !== null && c.people >= ctx.threshold,
  );
  if (raised.length < 2) return undefined;
  const shares = raised.map((c) => c.share);
  if (Math.min(...shares) < COMPARABLE_SHARES * Math.max(...shares)) return undefined;
  raised.sort((a, b) => b.share - a.share || a.group.localeCompare(b.group));
  const memberIds = new Map(members.map((r) => [r.id, r]));
  const about = aboutWords(theme.keywords, Object.values(theme.labels ?? { en: theme.label }));
  return {
    themeKey: theme.key,
    label: theme.label,
    ...(theme.labels ? { labels: theme.labels } : {}),
    promptId: ctx.promptId,
    groups: raised.map((c) => c.group),
    shares: raised.map((c) => {
      // The group's own words only: never one group's quote shown as another's.
      const own: QuoteCandidate[] = claims
        .map((claim) => ({ claim, reply: memberIds.get(claim.replyId) }))
        .filter((x) => x.reply?.group === c.group)
        .map((x) => ({ text: x.claim.text, voice: voice(x.reply!), central: false }));
      const quote = ctx.quotes.pick(own, about, 1, { reuse: true })[0];
      return { group: c.group, people: c.people, share: c.share, ...(quote ? { quote } : {}) };
    }),
    of: ctx.shownGroups.length,
    hidden: cells.filter((c) => c.people === null).map((c) => c.group),
  };
}

/**
 * A reply short enough to read whole is quoted whole, not by the clause that placed it: a clause cut at a comma can
 * misquote. A longer one is quoted by the sentence holding that clause when it is short enough, else by the clause
 * when it reads as a sentence (see `quotedPart`).
 */
const WHOLE_REPLY = 240;

function quotable(
  parts: ReadonlyArray<{ replyId: string; text: string }>,
  byId: ReadonlyMap<string, DigestReply>,
): Array<{ replyId: string; text: string }> {
  const seen = new Set<string>();
  const out: Array<{ replyId: string; text: string }> = [];
  for (const part of parts) {
    const reply = byId.get(part.replyId);
    if (!reply) continue;
    const at = reply.text.indexOf(part.text);
    const text =
      reply.text.length <= WHOLE_REPLY
        ? reply.text
        : at < 0
          ? part.text
          : quotedPart(reply.text, at, at + part.text.length, WHOLE_REPLY);
    // A clause that reads as a fragment without its (too long) sentence is no quote.
    if (text === undefined) continue;
    const key = `${part.replyId}\n${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ replyId: part.replyId, text });
  }
  return out;
}

/**
 * Themes of the previous digest that this run no longer has at all: gone, with their counts re-aligned; those too
 * small for a trend go to `quiet`.
 */
function goneFromPrevious(
  previous: Digest | undefined,
  promptId: string,
  keys: ReadonlySet<string>,
  historyLabels: readonly string[],
  language: DigestLanguage,
  quiet: QuietTheme[],
  contextOf: (key: string) => TrendContext,
): GoneTheme[] {
  const prompt = previous?.prompts.find((p) => p.promptId === promptId);
  if (!previous || !prompt) return [];
  const labels = [...previous.weeks.map((w) => w.label), previous.period.from];
  const out: GoneTheme[] = [];
  for (const theme of prompt.themes) {
    if (keys.has(theme.key)) continue;
    const counts = new Map(labels.map((label, i) => [label, [...theme.history, theme.replies][i] ?? 0]));
    const history = historyLabels.map((label) => counts.get(label) ?? 0);
    const context = contextOf(theme.key);
    if (trendOf(0, history, context) !== 'gone') {
      if (history.some((n) => n > 0) && !context.aboutWriters)
        quiet.push({
          key: theme.key,
          label: labelIn(theme.labels, theme.label, language),
          ...(theme.labels ? { labels: theme.labels } : {}),
        });
      continue;
    }
    out.push({
      key: theme.key,
      label: labelIn(theme.labels, theme.label, language),
      ...(theme.labels ? { labels: theme.labels } : {}),
      history,
    });
  }
  return out;
}

async function buildPrompt(
  ctx: PromptContext,
  weeks: DigestReply[][],
  commonGround: CommonGround[],
): Promise<DigestPrompt> {
  const { input, promptId, threshold } = ctx;
  const current = weeks[weeks.length - 1] ?? [];
  const seedPrompt = input.seed?.prompts.find((p) => p.promptId === promptId);
  const run = await themeWindow(input, promptId, weeks, seedPrompt?.model);
  const placed = placeReplies(run, promptId, seedPrompt?.assignments);
  const membersOf = new Map<string, string[]>();
  for (const [id, ks] of placed) {
    for (const k of ks) {
      const list = membersOf.get(k);
      if (list) list.push(id);
      else membersOf.set(k, [id]);
    }
  }
  const currentWeek = weeks.length - 1;
  const totals = { current: current.length, history: weeks.slice(0, currentWeek).map((w) => w.length) };
  const printed = printedWords(input.revisionOf, promptId);
  const raisedBefore = new Map<string, number>();
  for (const theme of run.result.themes) {
    const earlier = theme.replyIds.filter((id) => (run.weekOf.get(id) ?? currentWeek) < currentWeek).length;
    if (earlier > 0) raisedBefore.set(digestKey(promptId, theme.key), earlier);
  }
  const writers = digestKey(promptId, PARTICIPANTS_KEY);
  const contextOf = (key: string): TrendContext => ({
    totals,
    ...(printed.has(key) ? { printed: printed.get(key)! } : {}),
    ...(raisedBefore.has(key) ? { raisedBefore: raisedBefore.get(key)! } : {}),
    ...(key === writers ? { aboutWriters: true } : {}),
  });
  // What organizers last read each theme as: a theme the engine has named otherwise since says so.
  const previousLabels = new Map(
    (input.previous?.prompts.find((p) => p.promptId === promptId)?.themes ?? []).map((t) => [
      t.key,
      labelIn(t.labels, t.label, input.language),
    ]),
  );
  const themes: DigestTheme[] = [];
  const gone: GoneTheme[] = [];
  const quiet: QuietTheme[] = [];
  const keys = new Set<string>();

  for (const theme of run.result.themes) {
    const key = digestKey(promptId, theme.key);
    keys.add(key);
    const perWeek = weeks.map(() => 0);
    const members: DigestReply[] = [];
    for (const id of membersOf.get(key) ?? []) {
      const w = run.weekOf.get(id);
      if (w === undefined) continue;
      perWeek[w]! += 1;
      if (w === currentWeek) members.push(run.byId.get(id)!);
    }
    const history = perWeek.slice(0, currentWeek);
    const labels = bothLabels(theme);
    const label = labelIn(labels, theme.label, input.language);
    if (members.length === 0) {
      const context = contextOf(key);
      if (trendOf(0, history, context) === 'gone') gone.push({ key, label, labels, history });
      // A few replies before and none now: named, so the theme does not vanish without a word (the writers' own theme
      // is nothing residents raise).
      else if (history.some((n) => n > 0) && !context.aboutWriters) quiet.push({ key, label, labels });
      continue;
    }
    const voices = new Set(members.map(voice));
    const memberIds = new Set(members.map((r) => r.id));
    const claimed = new Set(theme.claims.map((c) => c.replyId));
    const claims = quotable(
      [
        ...theme.claims.filter((c) => memberIds.has(c.replyId)),
        // Replies kept here from an earlier build that this run placed elsewhere: quoted whole when short.
        ...members
          .filter((r) => !claimed.has(r.id) && r.text.length <= WHOLE_REPLY)
          .map((r) => ({ replyId: r.id, text: r.text })),
      ],
      run.byId,
    );
    const candidates: QuoteCandidate[] = [
      ...quotable(
        theme.quotes.filter((q) => memberIds.has(q.replyId)),
        run.byId,
      ).map((q) => ({ text: q.text, voice: voice(run.byId.get(q.replyId)!), central: true })),
      ...claims.map((c) => ({ text: c.text, voice: voice(run.byId.get(c.replyId)!), central: false })),
    ];
    const quotes = ctx.quotes.pick(
      candidates,
      aboutWords(theme.keywords, Object.values(labels), theme.key),
      QUOTES_PER_THEME,
    );
    const byGroup = groupRow(members, voices.size, ctx);
    const before = previousLabels.get(key);
    const digestTheme: DigestTheme = {
      key,
      label,
      labels,
      keywords: theme.keywords,
      replies: members.length,
      participants: cell(voices.size, threshold),
      quotes: quotes.map((text) => ({ text })),
      groups: byGroup
        .filter((c) => c.people !== null && c.people > 0)
        .sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || a.group.localeCompare(b.group))
        .map((c) => c.group),
      byGroup,
      trend: trendOf(members.length, history, contextOf(key)),
      history,
      ...(before !== undefined && before !== label ? { renamedFrom: before } : {}),
      replyIds: members.map((r) => r.id),
    };
    themes.push(digestTheme);
    const ground = commonGroundOf(digestTheme, members, claims, ctx);
    if (ground) commonGround.push(ground);
    await input.pause?.();
  }
  themes.sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key));
  gone.push(
    ...goneFromPrevious(
      input.previous,
      promptId,
      keys,
      input.history.map((h) => h.period.fromDate),
      input.language,
      quiet,
      contextOf,
    ),
  );
  gone.sort(
    (a, b) =>
      b.history.reduce((s, n) => s + n, 0) - a.history.reduce((s, n) => s + n, 0) ||
      a.key.localeCompare(b.key),
  );

  const currentIds = new Set(current.map((r) => r.id));
  const texts = input.promptTexts[promptId] ?? (promptId === NO_PROMPT ? OTHER_TEXT : { en: promptId });
  const allGroups = peopleByGroup(current);
  return {
    promptId,
    promptText: labelIn(texts, promptId, input.language),
    promptTexts: texts,
    replies: current.length,
    history: totals.history,
    participants: cell(new Set(current.map(voice)).size, threshold),
    unthemed: [...currentIds].filter((id) => (placed.get(id) ?? []).length === 0).length,
    themes,
    ...(gone.length > 0 ? { gone } : {}),
    ...(quiet.length > 0 ? { quiet } : {}),
    groups: [...allGroups.entries()]
      .map(([group, set]) => ({ group, people: cell(set.size, threshold) }))
      .sort((a, b) => (b.people ?? 0) - (a.people ?? 0) || a.group.localeCompare(b.group)),
    ...(run.result.model ? { model: run.result.model } : {}),
    ...(placed.size > 0 ? { assignments: assignmentsOf(placed) } : {}),
  };
}

export async function buildDigest(input: BuildDigestInput): Promise<Digest> {
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  const current = byPrompt(input.replies);
  const historyByPrompt = input.history.map((week) => byPrompt(week.replies));
  const order = Object.keys(input.promptTexts);
  const promptIds = [...current.keys()].sort((a, b) => {
    // Prompts in the organizers' file order, then unknown ids, then replies to no prompt.
    const ia = a === NO_PROMPT ? Number.MAX_SAFE_INTEGER : order.indexOf(a) >>> 0;
    const ib = b === NO_PROMPT ? Number.MAX_SAFE_INTEGER : order.indexOf(b) >>> 0;
    return ia - ib || a.localeCompare(b);
  });

  const prompts: DigestPrompt[] = [];
  const commonGround: CommonGround[] = [];
  const quotes = new QuoteBook();
  for (const promptId of promptIds) {
    const replies = current.get(promptId) ?? [];
    const shownGroups = [...peopleByGroup(replies).entries()]
      .filter(([, set]) => set.size >= threshold)
      .map(([group, set]) => ({ group, people: set.size }))
      .sort((a, b) => b.people - a.people || a.group.localeCompare(b.group));
    const weeks = [...historyByPrompt.map((w) => w.get(promptId) ?? []), replies];
    prompts.push(await buildPrompt({ input, promptId, threshold, quotes, shownGroups }, weeks, commonGround));
    await input.pause?.();
  }

  // Raised by the most groups first, then by the most even shares.
  commonGround.sort(
    (a, b) =>
      b.groups.length - a.groups.length ||
      Math.min(...b.shares.map((s) => s.share)) - Math.min(...a.shares.map((s) => s.share)) ||
      a.themeKey.localeCompare(b.themeKey),
  );

  const generatedAt = (input.generatedAt ?? new Date()).toISOString();
  const before = input.revisionOf;
  return {
    id: input.period.id,
    organization: input.organization,
    language: input.language,
    period: { from: input.period.fromDate, to: input.period.toDate, timezone: input.period.timezone },
    generatedAt,
    participation: participation(input, prompts, threshold),
    prompts,
    commonGround: commonGround.slice(0, input.commonGroundLimit ?? 5),
    weeks: input.history.map((w) => ({
      label: w.period.fromDate,
      replies: w.replies.length,
      participants: cell(new Set(w.replies.map(voice)).size, threshold),
    })),
    ...(input.groupNames ? { groupNames: input.groupNames } : {}),
    source: { replies: input.replies.length, fingerprint: replyFingerprint(input.replies.map((r) => r.id)) },
    ...(before
      ? {
          revision: {
            number: (before.revision?.number ?? 1) + 1,
            revisedAt: generatedAt,
            addedReplies: input.replies.length - before.participation.replies,
            firstBuiltAt: before.revision?.firstBuiltAt ?? before.generatedAt,
          },
        }
      : {}),
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
  // Small groups stay listed, marked hidden: a group never silently vanishes.
  const groups = suppressTable(
    table((r) => r.group),
    total,
    { threshold },
  );
  const participants: CountCell = channels.total === null || groups.total === null ? null : total;
  const anonymous = input.replies.filter((r) => r.participantId === null && !r.authorId).length;
  return {
    participants,
    // Returning = participants − new is derivable, so it must pass the threshold as well.
    newParticipants:
      participants === null || cell(total - fresh, threshold) === null ? null : cell(fresh, threshold),
    replies: input.replies.length,
    unthemedReplies: prompts.reduce((s, p) => s + p.unthemed, 0),
    anonymousReplies: anonymous,
    byChannel: channels.rows.map((r) => ({
      channel: r.key,
      participants: r.participants,
      replies: r.replies,
    })),
    byGroup: groups.rows.map((r) => ({ group: r.key, participants: r.participants, replies: r.replies })),
  };
}
