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
import type { CountCell, Digest, DigestPrompt, DigestTheme, Trend } from '../types.js';
import { LABELS } from './labels.js';

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

const TEXT = {
  en: {
    title: LABELS.en.title,
    participants: 'participants',
    newParticipants: 'new participants',
    replies: 'replies',
    unthemed: 'without a theme',
    hidden: '–',
    hiddenNote: '–: fewer than 5 people or derivable from other counts, hidden for privacy.',
    commonGround: LABELS.en.commonGround,
    consensus: LABELS.en.consensus,
    groups: LABELS.en.groups,
    keywords: LABELS.en.keywords,
    part: (k: number, n: number) => `Part ${k} of ${n}`,
    more: (n: number) => `Continued in the thread (${n} more ${n === 1 ? 'message' : 'messages'}).`,
    trend: LABELS.en.trend,
    noThemes: LABELS.en.noThemes,
    noPrompts: 'No replies this week.',
  },
  fr: {
    title: LABELS.fr.title,
    participants: 'participants',
    newParticipants: 'nouveaux participants',
    replies: 'réponses',
    unthemed: 'sans thème',
    hidden: '–',
    hiddenNote: '– : moins de 5 personnes ou déductible des autres chiffres, masqué pour la confidentialité.',
    commonGround: LABELS.fr.commonGround,
    consensus: LABELS.fr.consensus,
    groups: LABELS.fr.groups,
    keywords: LABELS.fr.keywords,
    part: (k: number, n: number) => `Partie ${k} sur ${n}`,
    more: (n: number) => `Suite dans le fil (${n} ${n === 1 ? 'message' : 'messages'} de plus).`,
    trend: LABELS.fr.trend,
    noThemes: LABELS.fr.noThemes,
    noPrompts: 'Aucune réponse cette semaine.',
  },
} as const;

type Texts = (typeof TEXT)[keyof typeof TEXT];

const TREND_EMOJI: Record<Trend, string> = {
  new: ':new:',
  growing: ':chart_with_upwards_trend:',
  steady: ':heavy_minus_sign:',
  fading: ':chart_with_downwards_trend:',
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

function count(cell: CountCell, t: Texts): string {
  return cell === null ? t.hidden : String(cell);
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

function themeUnit(theme: DigestTheme, t: Texts): Unit {
  const head =
    `*${escapedWithin(theme.label, 200)}*  ${TREND_EMOJI[theme.trend]} _${t.trend[theme.trend]}_\n` +
    `${theme.replies} ${t.replies} · ${count(theme.participants, t)} ${t.participants}`;
  let body = head;
  for (const quote of theme.quotes.slice(0, QUOTES_PER_THEME)) {
    const line = `\n> ${escapedWithin(quote.text.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}`;
    if (body.length + line.length > SLACK_BLOCK_LIMITS.sectionText) break;
    body += line;
  }
  const details: string[] = [];
  if (theme.keywords.length > 0) {
    const words = theme.keywords.slice(0, KEYWORDS_PER_THEME).map((word) => escapedWithin(word, 40));
    details.push(`${t.keywords}: ${words.join(', ')}`);
  }
  if (theme.groups.length > 0) {
    details.push(`${t.groups}: ${theme.groups.map((group) => escapedWithin(group, 60)).join(', ')}`);
  }
  return details.length > 0 ? [section(body), context(...details)] : [section(body)];
}

function promptUnit(prompt: DigestPrompt, t: Texts): Unit {
  return [
    { type: 'divider' },
    section(
      `*${escapedWithin(prompt.promptText, 1500)}*\n` +
        `${prompt.replies} ${t.replies} · ${count(prompt.participants, t)} ${t.participants} · ` +
        `${prompt.unthemed} ${t.unthemed}` +
        (prompt.themes.length === 0 ? `\n_${t.noThemes}_` : ''),
    ),
  ];
}

function units(digest: Digest, t: Texts): Unit[] {
  const p = digest.participation;
  const out: Unit[] = [
    [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: truncate(`${t.title} · ${digest.organization}`, SLACK_BLOCK_LIMITS.headerText),
          emoji: true,
        },
      },
      context(`${digest.period.from} → ${digest.period.to} (${escapeMrkdwn(digest.period.timezone)})`),
      section(
        `*${count(p.participants, t)}* ${t.participants} · *${count(p.newParticipants, t)}* ${t.newParticipants} · ` +
          `*${p.replies}* ${t.replies} · ${p.unthemedReplies} ${t.unthemed}`,
      ),
    ],
  ];
  const breakdown = [
    ...p.byChannel.map((row) => `${escapeMrkdwn(row.channel)}: ${count(row.participants, t)}`),
    ...p.byGroup.map((row) => `${escapeMrkdwn(row.group)}: ${count(row.participants, t)}`),
  ];
  if (breakdown.length > 0) out[0]!.push(context(breakdown.join(' · '), t.hiddenNote));
  else out[0]!.push(context(t.hiddenNote));
  if (digest.prompts.length === 0) out.push([section(`_${t.noPrompts}_`)]);
  for (const prompt of digest.prompts) {
    out.push(promptUnit(prompt, t));
    for (const theme of prompt.themes) out.push(themeUnit(theme, t));
  }
  if (digest.commonGround.length > 0) {
    let text = `*${t.commonGround}*`;
    for (const ground of digest.commonGround) {
      const line =
        `\n• ${escapedWithin(ground.label, 200)} (${ground.groups.map((g) => escapeMrkdwn(g)).join(', ')}; ` +
        `${t.consensus} ${Math.round(ground.consensus * 100)}%)`;
      if (text.length + line.length > SLACK_BLOCK_LIMITS.sectionText) break;
      text += line;
    }
    out.push([{ type: 'divider' }, section(text)]);
  }
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
  const t = TEXT[digest.language];
  // One block per message stays free for the "part k of n" / "continued" context line.
  const capacity = SLACK_BLOCK_LIMITS.blocksPerMessage - 1;
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  let chars = 0;
  for (const unit of units(digest, t)) {
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
  const title = `${t.title} · ${escapeMrkdwn(digest.organization)} (${digest.period.from} → ${digest.period.to})`;
  return pages.map((blocks, index) => {
    if (total > 1 && index === 0) blocks.push(context(`_${t.more(total - 1)}_`));
    if (index > 0) blocks.unshift(context(`_${t.part(index + 1, total)}_`));
    const text = index === 0 ? title : `${title} · ${t.part(index + 1, total)}`;
    return { text: truncate(text, SLACK_BLOCK_LIMITS.fallbackText), blocks };
  });
}
