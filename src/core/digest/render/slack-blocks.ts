/**
 * Renders a `Digest` as Slack Block Kit messages (plain JSON, no SDK), within Block Kit limits:
 * 50 blocks a message, 3,000 characters a section or context text, 150 a header, 10 context
 * elements. A long digest overflows into more messages: the first is the channel message, the
 * rest go into its thread, each labelled "part k of n". Residents' words are escaped so a quote
 * can never mention `@channel`, link or format the message.
 *
 * @example
 * const [main, ...thread] = renderDigestSlack(digest);
 * const { ts } = await client.chat.postMessage({ channel, ...main });
 * for (const part of thread) await client.chat.postMessage({ channel, thread_ts: ts, ...part });
 */
import type { Digest, DigestPrompt, DigestTheme, Trend } from '../types.js';
import { anythingHidden, Format, splitThemes } from './labels.js';

export const SLACK_BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  /**
   * Slack documents no total for a message's blocks, but very large messages are refused
   * (`msg_too_long`) and hard to read; this keeps each message to a screenful or two.
   */
  charsPerMessage: 12_000,
  /** The notification fallback `text`. */
  fallbackText: 3000,
} as const;

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}

/** The subset of Block Kit blocks the digest uses. */
export type SlackBlock =
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'divider' };

/** One `chat.postMessage` worth: fallback text (notifications) and blocks. */
export interface SlackDigestMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Quotes per theme and their length: enough to hear residents without flooding the channel. */
const QUOTES_PER_THEME = 3;
const QUOTE_CHARS = 280;
const KEYWORDS_PER_THEME = 6;

/** Unicode emoji, not `:shortcodes:` (those are English words to a reader of the raw text). */
const TREND_EMOJI: Record<Trend, string> = {
  new: '🆕',
  growing: '📈',
  steady: '➖',
  fading: '📉',
  gone: '⏹️',
};

/** Escapes the three characters Slack's mrkdwn treats as control (mentions, links). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Avoid splitting a surrogate pair (emoji) at the cut.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Escapes then truncates without cutting an `&amp;` entity in half. */
function escapedWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let cut = truncate(escaped, max);
  const amp = cut.lastIndexOf('&', cut.length - 1);
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = `${cut.slice(0, amp)}…`;
  return cut;
}

const section = (text: string): SlackBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SLACK_BLOCK_LIMITS.sectionText) },
});

const context = (...texts: string[]): SlackBlock => ({
  type: 'context',
  elements: texts
    .slice(0, SLACK_BLOCK_LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_BLOCK_LIMITS.contextText) })),
});

/** Blocks that must stay in the same message (a theme's section and its context line). */
type Unit = SlackBlock[];

function themeUnit(theme: DigestTheme, prompt: DigestPrompt, f: Format, weekCount: number): Unit {
  const trend = f.trend(theme.trend);
  const head =
    `*${escapedWithin(theme.label, 200)}*${trend && theme.trend ? `  ${TREND_EMOJI[theme.trend]} _${trend}_` : ''}\n` +
    `${f.themeReplies(theme)} · ${f.people(theme.participants)}`;
  let body = head;
  for (const quote of theme.quotes.slice(0, QUOTES_PER_THEME)) {
    const line = `\n> ${escapedWithin(quote.text.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}`;
    if (body.length + line.length > SLACK_BLOCK_LIMITS.sectionText) break;
    body += line;
  }
  const details: string[] = [];
  if (theme.keywords.length > 0) {
    const words = theme.keywords.slice(0, KEYWORDS_PER_THEME).map((word) => escapedWithin(word, 40));
    details.push(f.kv(f.t.keywords, words.join(', ')));
  }
  const shares = (theme.byGroup ?? [])
    .filter((c) => c.people !== 0)
    .map(
      (c) =>
        `${escapedWithin(f.group(c.group), 60)} ${c.share === null ? f.t.hiddenShort : f.share(c.share)}`,
    );
  if (shares.length > 0) details.push(f.kv(f.t.groups, shares.join(' · ')));
  const weekly = f.themeWeekly(theme, prompt);
  if (weekCount > 0 && weekly) details.push(f.kv(f.t.lastWeeks, weekly));
  if (theme.renamedFrom) details.push(f.kv(f.t.renamedFrom, escapedWithin(theme.renamedFrom, 200)));
  return details.length > 0 ? [section(body), context(...details)] : [section(body)];
}

function promptUnit(prompt: DigestPrompt, f: Format): Unit {
  return [
    { type: 'divider' },
    section(
      `*${escapedWithin(prompt.promptText, 1500)}*\n` +
        `${f.replies(prompt.replies)} · ${f.people(prompt.participants)} · ` +
        `${f.n(prompt.unthemed)} ${f.t.unthemed}` +
        (prompt.themes.length === 0 ? `\n_${f.t.noThemes}_` : ''),
    ),
  ];
}

function goneUnit(prompt: DigestPrompt, f: Format): Unit {
  const items = (prompt.gone ?? []).map(
    (g) => `• ${escapedWithin(g.label, 200)} (${f.weekly(g.history, 0)})`,
  );
  return [section(`*${f.t.gone}*\n${items.join('\n')}`)];
}

function commonGroundUnit(digest: Digest, f: Format): Unit {
  let text = `*${f.t.commonGround}*\n_${f.t.commonGroundIntro}_`;
  for (const ground of digest.commonGround) {
    let entry = `\n\n• *${escapedWithin(ground.label, 200)}*${f.t.colon}${escapeMrkdwn(f.raised(ground))}.`;
    const hidden = f.hiddenGroups(ground);
    if (hidden) entry += ` _${escapeMrkdwn(hidden)}._`;
    for (const s of ground.shares) {
      if (s.quote)
        entry += `\n> ${escapeMrkdwn(f.group(s.group))}${f.t.colon}${escapedWithin(s.quote, QUOTE_CHARS)}`;
    }
    if (text.length + entry.length > SLACK_BLOCK_LIMITS.sectionText) break;
    text += entry;
  }
  return [{ type: 'divider' }, section(text)];
}

function units(digest: Digest, f: Format): Unit[] {
  const { t } = f;
  const p = digest.participation;
  const first: Unit = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${t.title} · ${digest.organization}`, SLACK_BLOCK_LIMITS.headerText),
        emoji: true,
      },
    },
    context(escapeMrkdwn(f.period())),
  ];
  const revision = f.revision();
  if (revision) first.push(context(`_${escapeMrkdwn(revision)}_`));
  first.push(section(escapeMrkdwn(f.participation())));
  const breakdown = [
    ...p.byChannel.map((row) => escapeMrkdwn(f.kv(f.channel(row.channel), f.count(row.participants, true)))),
    ...p.byGroup.map((row) => escapeMrkdwn(f.kv(f.group(row.group), f.count(row.participants, true)))),
  ];
  const notes = [
    breakdown.join(' · '),
    f.anonymous(),
    anythingHidden(digest) ? escapeMrkdwn(t.privacy) : undefined,
  ].filter((x): x is string => !!x);
  if (notes.length > 0) first.push(context(...notes));
  const out: Unit[] = [first];
  if (digest.commonGround.length > 0) out.push(commonGroundUnit(digest, f));
  if (digest.prompts.length === 0) out.push([section(`_${t.noReplies}_`)]);
  for (const prompt of digest.prompts) {
    out.push(promptUnit(prompt, f));
    const { shown, minor } = splitThemes(prompt.themes);
    for (const theme of shown) out.push(themeUnit(theme, prompt, f, digest.weeks.length));
    const also = f.alsoMentioned(minor, (th) => escapedWithin(th.label, 200));
    if (also) out.push([context(also)]);
    if (prompt.gone?.length) out.push(goneUnit(prompt, f));
    const quiet = f.quiet(prompt, (q) => escapedWithin(q.label, 200));
    if (quiet) out.push([context(quiet)]);
  }
  if (digest.weeks.length > 0)
    out.push([context(`*${t.howToRead}*${t.colon}${t.trendHelp(digest.weeks.length)}`)]);
  return out;
}

function blockChars(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((sum, element) => sum + element.text.length, 0);
    case 'divider':
      return 0;
  }
}

/**
 * The digest as Slack messages: `[main, ...threadReplies]`, every one within Block Kit limits.
 */
export function renderDigestSlack(digest: Digest): SlackDigestMessage[] {
  const f = new Format(digest);
  const { t } = f;
  // One block per message stays free for the "part k of n" / "continued" context line.
  const capacity = SLACK_BLOCK_LIMITS.blocksPerMessage - 1;
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  let chars = 0;
  for (const unit of units(digest, f)) {
    const unitChars = unit.reduce((sum, block) => sum + blockChars(block), 0);
    const full =
      page.length + unit.length > capacity || chars + unitChars > SLACK_BLOCK_LIMITS.charsPerMessage;
    if (full && page.length > 0) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    // A page never starts with a divider: it would draw a line under nothing.
    const blocks = page.length === 0 && unit[0]?.type === 'divider' ? unit.slice(1) : unit;
    page.push(...blocks);
    chars += unitChars;
  }
  if (page.length > 0) pages.push(page);

  const total = pages.length;
  const title = `${t.title} · ${escapeMrkdwn(digest.organization)} (${f.period(false)})`;
  return pages.map((blocks, index) => {
    if (total > 1 && index === 0) blocks.push(context(`_${t.more(total - 1)}_`));
    if (index > 0) blocks.unshift(context(`_${t.part(index + 1, total)}_`));
    const text = index === 0 ? title : `${title} · ${t.part(index + 1, total)}`;
    return { text: truncate(text, SLACK_BLOCK_LIMITS.fallbackText), blocks };
  });
}
