/**
 * Renders a `Digest` as Discord messages of embeds (plain JSON, no SDK), within Discord's limits:
 * 10 embeds a message, 6,000 characters across a message's embeds, 4,096 a description, 256 a
 * title or field name, 25 fields an embed, 1,024 a field value, 2,048 a footer. A long digest
 * overflows into more embeds and more messages instead of being cut.
 *
 * @example
 * for (const message of renderDigestEmbeds(digest)) await channel.send(message);
 */
import type { Digest, DigestPrompt, DigestTheme } from '../types.js';
import { anythingHidden, Format, MINOR_THEME_REPLIES, splitThemes } from './labels.js';

export const DISCORD_EMBED_LIMITS = {
  embedsPerMessage: 10,
  charsPerMessage: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
} as const;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** The subset of Discord's embed object the digest uses. */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
  timestamp?: string;
}

/** One Discord message's worth of embeds. */
export interface DiscordDigestMessage {
  embeds: DiscordEmbed[];
}

const COLOR = 0x5865f2;
/** Quotes per theme and their length: enough to hear residents without flooding the channel. */
const QUOTES_PER_THEME = 2;
const QUOTE_CHARS = 240;

/** Cuts `text` to at most `max` UTF-16 units, ending with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The characters Discord counts toward the 6,000 limit for one embed. */
export function embedLength(embed: DiscordEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

/** Builds embeds field by field, starting a continuation embed at 25 fields or the 6,000 budget. */
class EmbedBuilder {
  readonly embeds: DiscordEmbed[] = [];
  private current: DiscordEmbed;

  constructor(
    private readonly title: string,
    description: string | undefined,
    private readonly f: Format,
  ) {
    this.current = this.fresh(truncate(title, DISCORD_EMBED_LIMITS.title), description);
  }

  private fresh(title: string, description?: string): DiscordEmbed {
    const embed: DiscordEmbed = { title, color: COLOR, fields: [] };
    if (description) embed.description = truncate(description, DISCORD_EMBED_LIMITS.description);
    this.embeds.push(embed);
    return embed;
  }

  addField(name: string, value: string, inline = false): void {
    const field: DiscordEmbedField = {
      name: truncate(name || '\u200b', DISCORD_EMBED_LIMITS.fieldName),
      value: truncate(value || '\u200b', DISCORD_EMBED_LIMITS.fieldValue),
    };
    if (inline) field.inline = true;
    const fields = this.current.fields ?? [];
    const size = field.name.length + field.value.length;
    if (
      fields.length >= DISCORD_EMBED_LIMITS.fields ||
      embedLength(this.current) + size > DISCORD_EMBED_LIMITS.charsPerMessage
    ) {
      const suffix = ` (${this.f.t.continued})`;
      const title = truncate(this.title, DISCORD_EMBED_LIMITS.title - suffix.length) + suffix;
      this.current = this.fresh(title);
    }
    this.current.fields?.push(field);
  }
}

function themeField(
  theme: DigestTheme,
  prompt: DigestPrompt,
  f: Format,
  weekCount: number,
): DiscordEmbedField {
  const trend = f.trend(theme.trend);
  const lines = [`${f.themeReplies(theme)} · ${f.people(theme.participants)}${trend ? ` · ${trend}` : ''}`];
  if (theme.keywords.length > 0) lines.push(f.kv(f.t.keywords, theme.keywords.slice(0, 8).join(', ')));
  const shares = (theme.byGroup ?? [])
    .filter((c) => c.people !== 0)
    .map((c) => `${f.group(c.group)} ${c.share === null ? f.t.hiddenShort : f.share(c.share)}`);
  if (shares.length > 0) lines.push(f.kv(f.t.groups, shares.join(' · ')));
  const weekly = f.themeWeekly(theme, prompt);
  if (weekCount > 0 && weekly) lines.push(f.kv(f.t.lastWeeks, weekly));
  if (theme.renamedFrom) lines.push(f.kv(f.t.renamedFrom, truncate(theme.renamedFrom, 200)));
  for (const quote of theme.quotes.slice(0, QUOTES_PER_THEME)) {
    // One line per quote: newlines inside a quote would escape the Markdown block quote.
    lines.push(`> ${truncate(quote.text.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}`);
  }
  return { name: theme.label, value: lines.join('\n') };
}

function promptEmbeds(prompt: DigestPrompt, f: Format, weekCount: number): DiscordEmbed[] {
  const description = [
    `${f.replies(prompt.replies)} · ${f.people(prompt.participants)} · ${f.n(prompt.unthemed)} ${f.t.unthemed}`,
    prompt.themes.length === 0 ? f.t.noThemes : '',
  ]
    .filter(Boolean)
    .join('\n');
  const builder = new EmbedBuilder(prompt.promptText, description, f);
  const { shown, minor } = splitThemes(prompt.themes);
  for (const theme of shown) {
    const field = themeField(theme, prompt, f, weekCount);
    builder.addField(field.name, field.value);
  }
  if (minor.length > 0) {
    builder.addField(f.t.alsoMentioned(f.n(MINOR_THEME_REPLIES)), minor.map((th) => th.label).join(', '));
  }
  if (prompt.gone?.length) {
    builder.addField(f.t.gone, prompt.gone.map((g) => `• ${g.label} (${f.weekly(g.history, 0)})`).join('\n'));
  }
  if (prompt.quiet?.length) builder.addField(f.t.quiet, prompt.quiet.map((q) => q.label).join(', '));
  return builder.embeds;
}

function summaryEmbeds(digest: Digest, f: Format): DiscordEmbed[] {
  const { t } = f;
  const p = digest.participation;
  const description = [f.kv(t.period, f.period()), f.revision(), f.participation(), f.anonymous()]
    .filter((x): x is string => !!x)
    .join('\n');
  const builder = new EmbedBuilder(`${t.title} · ${digest.organization}`, description, f);
  if (p.byChannel.length > 0) {
    builder.addField(
      t.channel,
      p.byChannel
        .map((c) =>
          f.kv(f.channel(c.channel), `${f.count(c.participants, true)} / ${f.count(c.replies, true)}`),
        )
        .join('\n'),
      true,
    );
  }
  if (p.byGroup.length > 0) {
    builder.addField(
      t.group,
      p.byGroup
        .map((g) => f.kv(f.group(g.group), `${f.count(g.participants, true)} / ${f.count(g.replies, true)}`))
        .join('\n'),
      true,
    );
  }
  return builder.embeds;
}

function commonGroundEmbeds(digest: Digest, f: Format): DiscordEmbed[] {
  if (digest.commonGround.length === 0) return [];
  const builder = new EmbedBuilder(f.t.commonGround, f.t.commonGroundIntro, f);
  for (const c of digest.commonGround) {
    const lines = [`${f.raised(c)}.`];
    const hidden = f.hiddenGroups(c);
    if (hidden) lines.push(`${hidden}.`);
    for (const s of c.shares) {
      if (s.quote)
        lines.push(
          `> ${f.group(s.group)}${f.t.colon}${truncate(s.quote.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}`,
        );
    }
    builder.addField(c.label, lines.join('\n'));
  }
  return builder.embeds;
}

/** Packs embeds greedily into messages of at most 10 embeds and 6,000 characters. */
export function packEmbeds(embeds: DiscordEmbed[]): DiscordDigestMessage[] {
  const messages: DiscordDigestMessage[] = [];
  let current: DiscordEmbed[] = [];
  let chars = 0;
  for (const embed of embeds) {
    const size = embedLength(embed);
    if (
      current.length > 0 &&
      (current.length >= DISCORD_EMBED_LIMITS.embedsPerMessage ||
        chars + size > DISCORD_EMBED_LIMITS.charsPerMessage)
    ) {
      messages.push({ embeds: current });
      current = [];
      chars = 0;
    }
    current.push(embed);
    chars += size;
  }
  if (current.length > 0) messages.push({ embeds: current });
  return messages;
}

/** The digest as Discord messages of embeds, in reading order. */
export function renderDigestEmbeds(digest: Digest): DiscordDigestMessage[] {
  const f = new Format(digest);
  const embeds = [
    ...summaryEmbeds(digest, f),
    ...commonGroundEmbeds(digest, f),
    ...digest.prompts.flatMap((prompt) => promptEmbeds(prompt, f, digest.weeks.length)),
  ];
  for (const embed of embeds) if (embed.fields?.length === 0) delete embed.fields;
  // The trends' reading guide and, when something is hidden, the privacy note go on the last embed if they fit.
  const footer = [
    digest.weeks.length > 0 ? f.kv(f.t.howToRead, f.t.trendHelp(digest.weeks.length)) : '',
    anythingHidden(digest) ? f.t.privacy : '',
  ]
    .filter(Boolean)
    .join('\n');
  const last = embeds[embeds.length - 1];
  if (last && footer && embedLength(last) + footer.length <= DISCORD_EMBED_LIMITS.charsPerMessage) {
    last.footer = { text: truncate(footer, DISCORD_EMBED_LIMITS.footer) };
  }
  if (last) last.timestamp = digest.generatedAt;
  return packEmbeds(embeds);
}
