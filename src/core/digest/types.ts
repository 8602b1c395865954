/**
 * The digest as data: built once from stored replies (`src/core/digest/`), then rendered per
 * destination (Markdown, HTML, Slack Block Kit, Discord embeds, SMS text). Renderers read only this.
 *
 * Privacy: every count of participants that could be 1–4 is `null` (suppressed), and so is any
 * number from which such a count could be derived.
 */

/** A participant count, or `null` where it is suppressed (fewer than 5, or derivable from totals). */
export type CountCell = number | null;

export type Trend = 'new' | 'growing' | 'steady' | 'fading';

export interface DigestQuote {
  text: string;
}

export interface DigestTheme {
  /** Stable identity across weeks (matched by content, not by label). */
  key: string;
  label: string;
  keywords: string[];
  replies: number;
  participants: CountCell;
  quotes: DigestQuote[];
  /** Groups that raised it (only groups at or above the privacy threshold are named). */
  groups: string[];
  trend: Trend;
  /** Replies in this theme in the previous weeks, oldest first (for the chart). */
  history: number[];
  /**
   * The stored replies in this theme (random ids, nothing that identifies anyone): the organizers'
   * workspace filters replies by theme and counts theme × group with them. Absent in digests stored
   * before it existed.
   */
  replyIds?: string[];
}

export interface DigestPrompt {
  promptId: string;
  /** The prompt's text in the digest's language. */
  promptText: string;
  replies: number;
  participants: CountCell;
  unthemed: number;
  themes: DigestTheme[];
}

export interface CommonGround {
  themeKey: string;
  label: string;
  promptId: string;
  groups: string[];
  /** Group-aware consensus in [0, 1]: product over groups of smoothed mention rates. */
  consensus: number;
}

export interface DigestParticipation {
  participants: CountCell;
  newParticipants: CountCell;
  replies: number;
  unthemedReplies: number;
  byChannel: Array<{ channel: string; participants: CountCell; replies: CountCell }>;
  byGroup: Array<{ group: string; participants: CountCell; replies: CountCell }>;
}

export interface Digest {
  /** Period key, e.g. `2026-11-16_2026-11-23`; a period's digest is stored once. */
  id: string;
  organization: string;
  language: 'en' | 'fr';
  /** Local dates (`YYYY-MM-DD`) in `timezone`: `from` is the first day, `to` the last day included. */
  period: { from: string; to: string; timezone: string };
  generatedAt: string;
  participation: DigestParticipation;
  prompts: DigestPrompt[];
  commonGround: CommonGround[];
  /** Previous periods for the chart, oldest first (this period excluded; `label` is its first day). */
  weeks: Array<{ label: string; replies: number; participants: CountCell }>;
}
