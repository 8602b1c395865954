/**
 * The digest as data: built once from stored replies (`src/core/digest/`), then rendered per
 * destination (Markdown, HTML, Slack Block Kit, Discord embeds, SMS text). Renderers read only this.
 *
 * Privacy: every count of participants that could be 1–4 is `null` (suppressed), and so is any
 * number from which such a count could be derived.
 */
import type { ThemeModel } from '../themes/types.js';

export type DigestLanguage = 'en' | 'fr';

/** A text in each language it exists in. */
export type Localized = { en?: string; fr?: string };

/** A participant count, or `null` where it is suppressed (fewer than 5, or derivable from totals). */
export type CountCell = number | null;

/**
 * How a theme moved against the previous weeks. Judged only with enough replies (see `trendOf`): below that a
 * theme has no trend word (`null`), because two replies are not a trend.
 */
export type Trend = 'new' | 'growing' | 'steady' | 'fading' | 'gone';

export interface DigestQuote {
  text: string;
}

/** One cell of the theme × group table. */
export interface ThemeGroupCell {
  group: string;
  /** People of the group who raised the theme; null when hidden for privacy. */
  people: CountCell;
  /** Their share of the group's people who answered the prompt (0–1); null where `people` is. */
  share: number | null;
}

export interface DigestTheme {
  /** Stable identity across weeks and digests (the engine's key, carried over from the previous digest). */
  key: string;
  /** The label in the digest's language (see `Localized` labels). */
  label: string;
  /** The label in each language: members' own words stay as written, topic names are translated. */
  labels?: Localized;
  keywords: string[];
  /** Replies in this theme in the period. */
  replies: number;
  participants: CountCell;
  quotes: DigestQuote[];
  /** Groups whose people raised it this period (only groups shown in the digest), most first. */
  groups: string[];
  /** Theme × group: one cell per group of `DigestPrompt.groups`, in that order. */
  byGroup?: ThemeGroupCell[];
  /** Null: too few replies to call a trend. */
  trend: Trend | null;
  /** Replies in this theme in the previous weeks, oldest first (for the chart). */
  history: number[];
  /**
   * The label the previous digest showed for this theme (same key) when the engine has named it otherwise since:
   * organizers follow the theme, and its earlier weeks, under its new name. Absent after an organizer's rename.
   */
  renamedFrom?: string;
  /**
   * The stored replies in this theme this period (random ids, nothing that identifies anyone): the organizers'
   * workspace filters replies by theme and counts theme × group with them. Absent in digests stored before it
   * existed.
   */
  replyIds?: string[];
}

/**
 * A theme a few replies raised in the previous weeks (too few for a trend) and none this period: named, no counts,
 * so it does not vanish without a word.
 */
export interface QuietTheme {
  key: string;
  label: string;
  labels?: Localized;
}

/** A theme raised in the previous weeks and not in this period. */
export interface GoneTheme {
  key: string;
  label: string;
  labels?: Localized;
  /** Replies in the previous weeks, oldest first (this period: none). */
  history: number[];
}

export interface DigestPrompt {
  promptId: string;
  /** The prompt's text in the digest's language. */
  promptText: string;
  promptTexts?: Localized;
  replies: number;
  /** Replies to the prompt in each previous week, oldest first: a theme's trend compares its share of them. */
  history?: number[];
  participants: CountCell;
  unthemed: number;
  themes: DigestTheme[];
  /** Themes of the previous weeks that nobody raised this period (trend `gone`). */
  gone?: GoneTheme[];
  /** Themes a few replies raised in the previous weeks, with no trend, that nobody raised this period. */
  quiet?: QuietTheme[];
  /**
   * Groups of the people who answered this prompt: the columns of the theme × group table. A group of 1–4 people
   * has `people: null` and no shares (hidden for privacy).
   */
  groups?: Array<{ group: string; people: CountCell }>;
  /** The theme engine's definitions of these themes: the next digest starts from them, so themes keep their keys. */
  model?: ThemeModel;
  /** Where each reply of the window was placed: the next build keeps it there (see `ThemeAssignments`). */
  assignments?: ThemeAssignments;
}

/**
 * The themes each reply of a digest's window (this period and its history weeks) was placed in: theme keys, and
 * for each reply id the indexes of its keys (`[]`: unthemed). The next build of an overlapping window (next week's
 * digest, or this one revised) keeps a reply where it was while its theme still exists, so the same replies land
 * in the same theme from one digest to the next and earlier weeks' counts do not move when new replies arrive.
 */
export interface ThemeAssignments {
  keys: string[];
  replies: Record<string, number[]>;
}

/** One group's part in a common-ground theme. */
export interface CommonGroundShare {
  group: string;
  people: number;
  /** Share of the group's people who answered the prompt (0–1). */
  share: number;
  /** One of this group's own replies about the theme. */
  quote?: string;
}

/**
 * A theme raised by at least two groups, each by at least 5 of its people and by comparable shares of them.
 * Raised, not agreed: each group's own quote shows what it said.
 */
export interface CommonGround {
  themeKey: string;
  label: string;
  labels?: Localized;
  promptId: string;
  /** The groups that raised it, largest share first. */
  groups: string[];
  shares: CommonGroundShare[];
  /** Groups shown for this prompt (at least 5 people): "raised in 3 of `of` groups". */
  of: number;
  /** Groups where 1–4 people raised it: not counted, hidden for privacy. */
  hidden: string[];
}

export interface DigestParticipation {
  participants: CountCell;
  newParticipants: CountCell;
  replies: number;
  unthemedReplies: number;
  /** Replies without a participant (imported without a participant column): each counted as one person. */
  anonymousReplies?: number;
  byChannel: Array<{ channel: string; participants: CountCell; replies: CountCell }>;
  byGroup: Array<{ group: string; participants: CountCell; replies: CountCell }>;
}

/** A rebuild after replies of the period arrived (or were erased) since the digest was built. */
export interface DigestRevision {
  /** 2 for the first rebuild. */
  number: number;
  revisedAt: string;
  /** Replies in the period now, minus before (negative after erasures). */
  addedReplies: number;
  /** When the first version was built. */
  firstBuiltAt: string;
}

export interface Digest {
  /** Period key, e.g. `2026-11-16_2026-11-23`; a period's digest is stored once, then revised. */
  id: string;
  organization: string;
  language: DigestLanguage;
  /** Local dates (`YYYY-MM-DD`) in `timezone`: `from` is the first day, `to` the last day included. */
  period: { from: string; to: string; timezone: string };
  generatedAt: string;
  participation: DigestParticipation;
  prompts: DigestPrompt[];
  commonGround: CommonGround[];
  /** Previous periods for the chart, oldest first (this period excluded; `label` is its first day). */
  weeks: Array<{ label: string; replies: number; participants: CountCell }>;
  /** Group names from the prompt file, by group id. */
  groupNames?: Record<string, Localized>;
  /** What the digest was built from, to see when late replies arrive: count and fingerprint of the reply ids. */
  source?: { replies: number; fingerprint: string };
  /** Set on a rebuilt digest. */
  revision?: DigestRevision;
}
