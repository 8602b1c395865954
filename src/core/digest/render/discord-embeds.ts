/**
 * Renders a `Digest` as Discord messages of embeds (plain JSON, no SDK), within Discord's limits:
 * 10 embeds a message, 6,000 characters across a message's embeds, 4,096 a description, 256 a
 * title or field name, 25 fields an embed, 1,024 a field value, 2,048 a footer. A long digest
 * overflows into more embeds and more messages instead of being cut.
 *
 * @example
 * for (const message of renderDigestEmbeds(digest)) await channel.send(message);
 */
import type { CountCell, Digest, DigestPrompt, DigestTheme } from '../types.js';
import { LABELS } from './labels.js';

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

const TEXT = {
  en: {
    title: LABELS.en.title,
    period: 'Period',
    participants: 'Participants',
    newParticipants: 'New participants',
    replies: 'Replies',
    unthemed: 'Replies without a theme',
    byChannel: 'By channel',
    byGroup: 'By group',
    hidden: 'hidden',
    continued: 'continued',
    commonGround: LABELS.en.commonGround,
    consensus: LABELS.en.consensus,
    groups: LABELS.en.groups,
    keywords: LABELS.en.keywords,
    footer: '"hidden": fewer than 5 people, suppressed for privacy.',
    trend: LABELS.en.trend,
    noThemes: LABELS.en.noThemes,
  },
  fr: {
    title: LABELS.fr.title,
    period: 'Période',
    participants: 'Participants',
    newParticipants: 'Nouveaux participants',
    replies: 'Réponses',
    unthemed: 'Réponses sans thème',
    byChannel: 'Par canal',
    byGroup: 'Par groupe',
    hidden: 'masqué',
    continued: 'suite',
    commonGround: LABELS.fr.commonGround,
    consensus: LABELS.fr.consensus,
    groups: LABELS.fr.groups,
    keywords: LABELS.fr.keywords,
    footer: '« masqué » : moins de 5 personnes, caché pour la confidentialité.',
    trend: LABELS.fr.trend,
    noThemes: LABELS.fr.noThemes,
  },
} as const;

type Labels = (typeof TEXT)['en' | 'fr'];

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

function count(cell: CountCell, t: Labels): string {
  return cell === null ? t.hidden : String(cell);
}

/** Builds embeds field by field, starting a continuation embed at 25 fields or the 6,000 budget. */
class EmbedBuilder {
  readonly embeds: DiscordEmbed[] = [];
  private current: DiscordEmbed;

  constructor(
    private readonly title: string,
    description: string | undefined,
    private readonly t: Labels,
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
      const suffix = ` (${this.t.continued})`;
      const title = truncate(this.title, DISCORD_EMBED_LIMITS.title - suffix.length) + suffix;
      this.current = this.fresh(title);
    }
    this.current.fields?.push(field);
  }
}

function themeField(theme: DigestTheme, t: Labels): DiscordEmbedField {
  const lines = [
    `${t.replies}: ${theme.replies} · ${t.participants}: ${count(theme.participants, t)} · ${t.trend[theme.trend]}`,
  ];
  if (theme.keywords.length > 0) lines.push(`${t.keywords}: ${theme.keywords.slice(0, 8).join(', ')}`);
  if (theme.groups.length > 0) lines.push(`${t.groups}: ${theme.groups.join(', ')}`);
  for (const quote of theme.quotes.slice(0, QUOTES_PER_THEME)) {
    // One line per quote: newlines inside a quote would escape the Markdown block quote.
    lines.push(`> ${truncate(quote.text.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}`);
  }
  return { name: theme.label, value: lines.join('\n') };
}

function promptEmbeds(prompt: DigestPrompt, t: Labels): DiscordEmbed[] {
  const description = [
    `${t.replies}: ${prompt.replies} · ${t.participants}: ${count(prompt.participants, t)}`,
    `${t.unthemed}: ${prompt.unthemed}`,
    prompt.themes.length === 0 ? t.noThemes : '',
  ]
    .filter(Boolean)
    .join('\n');
  const builder = new EmbedBuilder(prompt.promptText, description, t);
  for (const theme of prompt.themes) {
    const field = themeField(theme, t);
    builder.addField(field.name, field.value);
  }
  return builder.embeds;
}

function summaryEmbeds(digest: Digest, t: Labels): DiscordEmbed[] {
  const p = digest.participation;
  const description = [
    `${t.period}: ${digest.period.from} → ${digest.period.to} (${digest.period.timezone})`,
    `${t.participants}: ${count(p.participants, t)} · ${t.newParticipants}: ${count(p.newParticipants, t)}`,
    `${t.replies}: ${p.replies} · ${t.unthemed}: ${p.unthemedReplies}`,
  ].join('\n');
  const builder = new EmbedBuilder(`${t.title} · ${digest.organization}`, description, t);
  if (p.byChannel.length > 0) {
    builder.addField(
      t.byChannel,
      p.byChannel.map((c) => `${c.channel}: ${count(c.participants, t)} / ${count(c.replies, t)}`).join('\n'),
      true,
    );
  }
  if (p.byGroup.length > 0) {
    builder.addField(
      t.byGroup,
      p.byGroup.map((g) => `${g.group}: ${count(g.participants, t)} / ${count(g.replies, t)}`).join('\n'),
      true,
    );
  }
  return builder.embeds;
}

function commonGroundEmbeds(digest: Digest, t: Labels): DiscordEmbed[] {
  if (digest.commonGround.length === 0) return [];
  const builder = new EmbedBuilder(t.commonGround, undefined, t);
  for (const c of digest.commonGround) {
    builder.addField(c.label, `${t.consensus}: ${Math.round(c.consensus * 100)}% · ${c.groups.join(', ')}`);
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
  const t = TEXT[digest.language];
  const embeds = [
    ...summaryEmbeds(digest, t),
    ...digest.prompts.flatMap((prompt) => promptEmbeds(prompt, t)),
    ...commonGroundEmbeds(digest, t),
  ];
  for (const embed of embeds) if (embed.fields?.length === 0) delete embed.fields;
  // The privacy note goes on the last embed, if it still fits there.
  const last = embeds[embeds.length - 1];
  if (last && embedLength(last) + t.footer.length <= DISCORD_EMBED_LIMITS.charsPerMessage) {
    last.footer = { text: t.footer };
    last.timestamp = digest.generatedAt;
  }
  return packEmbeds(embeds);
}
