/**
 * Every word the digest renderers write, in both languages, and the numbers and dates as each language writes
 * them (Intl). A renderer takes its words from here and residents' words from the digest: nothing else.
 */
import { groupName } from '../localize.js';
import { DEFAULT_THRESHOLD } from '../suppress.js';
import type {
  CountCell,
  Digest,
  DigestLanguage,
  DigestPrompt,
  DigestTheme,
  QuietTheme,
  Trend,
} from '../types.js';

const LOCALES: Record<DigestLanguage, string> = { en: 'en-CA', fr: 'fr-CA' };

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const LABELS = {
  en: {
    title: 'Weekly digest',
    colon: ': ',
    quoted: (text: string) => `“${text}”`,
    participation: 'Participation',
    participants: 'People',
    newParticipants: 'new',
    replies: 'Replies',
    repliesWord: 'replies',
    peopleWord: 'people',
    repliesCount: (n: string, count: number) => `${n} ${plural(count, 'reply', 'replies')}`,
    peopleCount: (n: string, count: number | null) =>
      count === null ? 'people: hidden for privacy' : `${n} ${count === 1 ? 'person' : 'people'}`,
    fewReplies: (n: string) => `Fewer than ${n} replies`,
    fewerThan: (n: string) => `fewer than ${n}`,
    alsoMentioned: (n: string) => `Also mentioned, by fewer than ${n} replies each`,
    unthemed: 'without a theme',
    channel: 'Channel',
    group: 'Group',
    theme: 'Theme',
    themeTable: 'Who raised each theme (share of each group’s people who answered)',
    themeTableHidden: (labels: string) =>
      `Fewer than 5 people in each group, so hidden for privacy: ${labels}.`,
    commonGround: 'Common ground',
    commonGroundIntro:
      'Themes raised by at least 5 people in each of several groups, in comparable shares. Raised is not agreed: each group’s own words are quoted, and their positions may differ.',
    raisedIn: (k: number, of: number) => `raised in ${k} of ${of} groups`,
    hiddenGroups: (names: string) => `also raised by a few in: ${names} (hidden for privacy)`,
    ofGroup: (share: string, group: string) => `${group} ${share}`,
    keywords: 'Words used',
    groups: 'Groups',
    lastWeeks: 'Replies per week',
    ofReplies: (n: string, total: string) => `${n} of ${total}`,
    renamedFrom: 'Named in the previous digest',
    hidden: 'hidden for privacy',
    hiddenShort: 'hidden',
    privacy:
      '“hidden for privacy”: fewer than 5 people, or a number from which such a count could be worked out.',
    noThemes: 'No themes yet.',
    noReplies: 'No replies in this period.',
    themesChart: 'Themes over the last weeks (replies)',
    participationChart: 'Replies and people per week',
    top: 'Top',
    shared: 'Shared across groups',
    gone: 'No longer raised this week',
    quiet: 'Quiet this week, raised by a few replies in earlier weeks',
    anonymous: (n: string, count: number) =>
      `${n} imported ${plural(count, 'reply has', 'replies have')} no participant column: each is counted as one person.`,
    revised: (date: string, change: string, first: string) =>
      `Revised on ${date} (${change} since the first version of ${first}).`,
    replyChange: (signed: string, count: number) =>
      `${signed} ${plural(Math.abs(count), 'reply', 'replies')}`,
    howToRead: 'How to read the trends',
    trendHelp: (weeks: number) =>
      `Each theme’s share of this week’s replies is compared with its share of the replies of the previous ${weeks} ${plural(weeks, 'week', 'weeks')}, from the week it first appeared, so a busier week does not make every theme grow. New: first raised this week, by at least 5 replies, and no earlier reply fits it. Growing: a share at least half again as large, by more than chance alone would give (1 in 20). Fading: a share at least a third smaller, by more than chance. Steady: anything else. Gone: raised before (at least 5 replies a week), not this week, a silence chance alone would rarely give. A theme with fewer than 5 replies this week and fewer than 5 a week before gets no trend word: a few replies are not a trend. A revised digest keeps the word it printed while one reply more or fewer would still give it.`,
    trend: {
      new: 'new',
      growing: 'growing',
      steady: 'steady',
      fading: 'fading',
      gone: 'gone',
    } satisfies Record<Trend, string>,
    channels: {
      sms: 'SMS',
      slack: 'Slack',
      discord: 'Discord',
      simulator: 'Simulator',
      offline: 'Offline notes',
      import: 'Imported notes',
    } as Record<string, string>,
    part: (k: number, n: number) => `Part ${k} of ${n}`,
    more: (n: number) => `Continued in the thread (${n} more ${plural(n, 'message', 'messages')}).`,
    continued: 'continued',
    period: 'Period',
  },
  fr: {
    title: 'Synthèse de la semaine',
    colon: ' : ',
    quoted: (text: string) => `« ${text} »`,
    participation: 'Participation',
    participants: 'Personnes',
    newParticipants: 'nouvelles',
    replies: 'Réponses',
    repliesWord: 'réponses',
    peopleWord: 'personnes',
    repliesCount: (n: string, count: number) => `${n} ${plural(count, 'réponse', 'réponses')}`,
    peopleCount: (n: string, count: number | null) =>
      count === null
        ? 'personnes : masqué pour la confidentialité'
        : `${n} ${count === 1 ? 'personne' : 'personnes'}`,
    fewReplies: (n: string) => `Moins de ${n} réponses`,
    fewerThan: (n: string) => `moins de ${n}`,
    alsoMentioned: (n: string) => `Aussi mentionnés, par moins de ${n} réponses chacun`,
    unthemed: 'sans thème',
    channel: 'Canal',
    group: 'Groupe',
    theme: 'Thème',
    themeTable: 'Qui a soulevé chaque thème (part des personnes de chaque groupe qui ont répondu)',
    themeTableHidden: (labels: string) =>
      `Moins de 5 personnes dans chaque groupe, donc masqué pour la confidentialité : ${labels}.`,
    commonGround: 'Terrain d’entente',
    commonGroundIntro:
      'Thèmes soulevés par au moins 5 personnes dans chacun de plusieurs groupes, dans des proportions comparables. Soulevé ne veut pas dire approuvé : les mots de chaque groupe sont cités, et leurs positions peuvent différer.',
    raisedIn: (k: number, of: number) => `soulevé dans ${k} groupes sur ${of}`,
    hiddenGroups: (names: string) =>
      `aussi soulevé par quelques personnes : ${names} (masqué pour la confidentialité)`,
    ofGroup: (share: string, group: string) => `${group} ${share}`,
    keywords: 'Mots employés',
    groups: 'Groupes',
    lastWeeks: 'Réponses par semaine',
    ofReplies: (n: string, total: string) => `${n} sur ${total}`,
    renamedFrom: 'Nom dans le résumé précédent',
    hidden: 'masqué pour la confidentialité',
    hiddenShort: 'masqué',
    privacy:
      '« masqué pour la confidentialité » : moins de 5 personnes, ou un nombre qui permettrait de retrouver un tel compte.',
    noThemes: 'Pas encore de thèmes.',
    noReplies: 'Aucune réponse pendant cette période.',
    themesChart: 'Thèmes des dernières semaines (réponses)',
    participationChart: 'Réponses et personnes par semaine',
    top: 'En tête',
    shared: 'Partagé entre groupes',
    gone: 'Plus soulevés cette semaine',
    quiet: 'Sans réponse cette semaine, soulevés par quelques réponses les semaines précédentes',
    anonymous: (n: string, count: number) =>
      `${n} ${plural(count, 'réponse importée n’a', 'réponses importées n’ont')} pas de colonne de participant : chacune compte pour une personne.`,
    revised: (date: string, change: string, first: string) =>
      `Révisée le ${date} (${change} depuis la première version du ${first}).`,
    replyChange: (signed: string, count: number) =>
      `${signed} ${plural(Math.abs(count), 'réponse', 'réponses')}`,
    howToRead: 'Comment lire les tendances',
    trendHelp: (weeks: number) =>
      `La part de chaque thème dans les réponses de cette semaine est comparée à sa part dans celles des ${weeks} ${plural(weeks, 'semaine précédente', 'semaines précédentes')}, depuis la semaine où il est apparu : une semaine plus active ne fait pas monter tous les thèmes. Nouveau : soulevé pour la première fois cette semaine, par au moins 5 réponses, et aucune réponse antérieure ne s’y rattache. En hausse : une part au moins moitié plus grande, plus que le hasard seul ne le donnerait (1 fois sur 20). En baisse : une part au moins un tiers plus petite, plus que le hasard. Stable : tout le reste. Disparu : soulevé avant (au moins 5 réponses par semaine), pas cette semaine, un silence que le hasard seul donnerait rarement. Un thème de moins de 5 réponses cette semaine comme avant n’a pas de tendance : quelques réponses ne font pas une tendance. Une synthèse révisée garde le mot qu’elle affichait tant qu’une réponse de plus ou de moins le donnerait encore.`,
    trend: {
      new: 'nouveau',
      growing: 'en hausse',
      steady: 'stable',
      fading: 'en baisse',
      gone: 'disparu',
    } satisfies Record<Trend, string>,
    channels: {
      sms: 'SMS',
      slack: 'Slack',
      discord: 'Discord',
      simulator: 'Simulateur',
      offline: 'Notes hors ligne',
      import: 'Notes importées',
    } as Record<string, string>,
    part: (k: number, n: number) => `Partie ${k} sur ${n}`,
    more: (n: number) => `Suite dans le fil (${n} ${plural(n, 'message', 'messages')} de plus).`,
    continued: 'suite',
    period: 'Période',
  },
} as const;

export type Labels = (typeof LABELS)[DigestLanguage];

const noon = (date: string) => new Date(`${date}T12:00:00Z`);

/** Numbers, shares and dates as the digest's language writes them. */
export class Format {
  readonly t: Labels;
  private readonly number: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly longDate: Intl.DateTimeFormat;
  private readonly shortDate: Intl.DateTimeFormat;
  private readonly list: Intl.ListFormat;

  constructor(readonly digest: Digest) {
    const locale = LOCALES[digest.language];
    this.t = LABELS[digest.language];
    this.number = new Intl.NumberFormat(locale);
    this.percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    this.longDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    this.shortDate = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' });
    this.list = new Intl.ListFormat(locale, { type: 'conjunction' });
  }

  /** "Label: value", with the space French puts before a colon. */
  kv(label: string, value: string): string {
    return `${label}${this.t.colon}${value}`;
  }

  /** "People: 120 (new: 23) · Replies: 300 (9 without a theme)". */
  participation(): string {
    const p = this.digest.participation;
    const { t } = this;
    return `${this.kv(t.participants, this.count(p.participants))} (${this.kv(t.newParticipants, this.count(p.newParticipants, true))}) · ${this.kv(t.replies, this.n(p.replies))} (${this.n(p.unthemedReplies)} ${t.unthemed})`;
  }

  n(value: number): string {
    return this.number.format(value);
  }

  /** A count of people, or the words for a hidden one. */
  count(value: CountCell, short = false): string {
    return value === null ? (short ? this.t.hiddenShort : this.t.hidden) : this.n(value);
  }

  share(value: number): string {
    return this.percent.format(value);
  }

  /** A local date (`YYYY-MM-DD`) written out. */
  date(date: string): string {
    return this.longDate.format(noon(date));
  }

  /** A week's first day ("November 16", "16 novembre"), for charts. */
  day(date: string): string {
    return this.shortDate.format(noon(date));
  }

  /** "November 16–22, 2026 (Eastern Time)"; without the time zone for a text message. */
  period(withZone = true): string {
    const { from, to, timezone } = this.digest.period;
    const dates = this.longDate.formatRange(noon(from), noon(to));
    return withZone ? `${dates} (${zoneName(timezone, this.digest.language)})` : dates;
  }

  listOf(items: string[]): string {
    return this.list.format(items);
  }

  replies(count: number): string {
    return this.t.repliesCount(this.n(count), count);
  }

  /**
   * A theme's replies. When its people count is hidden, a reply count under the threshold is too: "1 reply"
   * would give away one person.
   */
  themeReplies(theme: DigestTheme): string {
    return fewHidden(theme) ? this.t.fewReplies(this.n(DEFAULT_THRESHOLD)) : this.replies(theme.replies);
  }

  /** A theme's replies as a bare number ("12"), or "fewer than 5" as `themeReplies` decides. */
  themeCount(theme: DigestTheme): string {
    return fewHidden(theme) ? this.t.fewerThan(this.n(DEFAULT_THRESHOLD)) : this.n(theme.replies);
  }

  /**
   * A theme's replies per week, only when its people count is shown: small weekly counts give people away. With
   * the prompt's replies per week ("4 of 10 → 10 of 27"), since a trend compares the theme's share of them.
   */
  themeWeekly(theme: DigestTheme, prompt?: DigestPrompt): string | undefined {
    if (theme.participants === null) return undefined;
    const totals = prompt?.history;
    if (!prompt || totals?.length !== theme.history.length) return this.weekly(theme.history, theme.replies);
    return [...theme.history, theme.replies]
      .map((n, i) => this.t.ofReplies(this.n(n), this.n([...totals, prompt.replies][i] ?? 0)))
      .join(' → ');
  }

  /** "Quiet this week, …: A, B" for a prompt's quiet themes (no counts: they are small), if any. */
  quiet(prompt: DigestPrompt, label: (theme: QuietTheme) => string = (t) => t.label) {
    if (!prompt.quiet?.length) return undefined;
    return this.kv(this.t.quiet, prompt.quiet.map(label).join(', '));
  }

  /** "Also mentioned, by fewer than 3 replies each: A, B, C" for a prompt's minor themes, if any. */
  alsoMentioned(minor: readonly DigestTheme[], label: (theme: DigestTheme) => string = (t) => t.label) {
    if (minor.length === 0) return undefined;
    return this.kv(this.t.alsoMentioned(this.n(MINOR_THEME_REPLIES)), minor.map(label).join(', '));
  }

  people(count: CountCell): string {
    return this.t.peopleCount(this.count(count), count);
  }

  group(id: string): string {
    return groupName(this.digest, id);
  }

  channel(id: string): string {
    return this.t.channels[id] ?? id;
  }

  /** "Revised on … (+N replies since the first version of …)." for a rebuilt digest. */
  revision(): string | undefined {
    const r = this.digest.revision;
    if (!r) return undefined;
    const signed = `${r.addedReplies >= 0 ? '+' : '−'}${this.n(Math.abs(r.addedReplies))}`;
    return this.t.revised(
      this.longDate.format(new Date(r.revisedAt)),
      this.t.replyChange(signed, r.addedReplies),
      this.longDate.format(new Date(r.firstBuiltAt)),
    );
  }

  anonymous(): string | undefined {
    const n = this.digest.participation.anonymousReplies ?? 0;
    return n > 0 ? this.t.anonymous(this.n(n), n) : undefined;
  }

  /** "raised in 3 of 5 groups: 18 % of parents, 22 % of seniors and 15 % of youth". */
  raised(ground: Digest['commonGround'][number]): string {
    // Digests stored before shares were kept name the groups only.
    const parts =
      ground.shares.length > 0
        ? ground.shares.map((s) => this.t.ofGroup(this.share(s.share), this.group(s.group)))
        : ground.groups.map((g) => this.group(g));
    return this.kv(this.t.raisedIn(ground.groups.length, ground.of), this.listOf(parts));
  }

  hiddenGroups(ground: Digest['commonGround'][number]): string | undefined {
    return ground.hidden.length > 0
      ? this.t.hiddenGroups(this.listOf(ground.hidden.map((g) => this.group(g))))
      : undefined;
  }

  trend(trend: Trend | null): string | undefined {
    return trend === null ? undefined : this.t.trend[trend];
  }

  /** Replies per week, oldest first, this period last: "3 → 5 → 8". */
  weekly(history: readonly number[], current: number): string {
    return [...history, current].map((n) => this.n(n)).join(' → ');
  }
}

function zoneName(timezone: string, language: DigestLanguage): string {
  try {
    const parts = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: timezone,
      timeZoneName: 'longGeneric',
    }).formatToParts(new Date());
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timezone;
  } catch {
    return timezone;
  }
}

function fewHidden(theme: DigestTheme): boolean {
  return theme.participants === null && theme.replies < DEFAULT_THRESHOLD;
}

/**
 * Below this many replies this period, a theme without a trend word gets no section of its own: it is named in
 * one "Also mentioned" line per prompt. Presentation only: the digest data keeps every theme.
 */
export const MINOR_THEME_REPLIES = 3;

export function isMinorTheme(theme: DigestTheme): boolean {
  return theme.replies < MINOR_THEME_REPLIES && theme.trend === null;
}

/** A prompt's themes split into those shown in full and the minor ones named in one line, order kept. */
export function splitThemes(themes: readonly DigestTheme[]): { shown: DigestTheme[]; minor: DigestTheme[] } {
  return {
    shown: themes.filter((t) => !isMinorTheme(t)),
    minor: themes.filter(isMinorTheme),
  };
}

/** Whether anything in the digest is hidden for privacy: the note explaining it is shown only then. */
export function anythingHidden(digest: Digest): boolean {
  const p = digest.participation;
  if (p.participants === null || p.newParticipants === null) return true;
  if ([...p.byChannel, ...p.byGroup].some((r) => r.participants === null || r.replies === null)) return true;
  for (const prompt of digest.prompts) {
    if (prompt.participants === null) return true;
    if (prompt.groups?.some((g) => g.people === null)) return true;
    // Minor themes print no people count and sit in no table: nothing of theirs reads "hidden".
    for (const theme of splitThemes(prompt.themes).shown) {
      if (theme.participants === null) return true;
      if (theme.byGroup?.some((c) => c.people === null)) return true;
    }
  }
  if (digest.commonGround.some((c) => c.hidden.length > 0)) return true;
  return digest.weeks.some((w) => w.participants === null);
}

/** Themes of a prompt shown in the theme × group table: only when at least two groups are shown. */
export function tableGroups(prompt: Digest['prompts'][number]): string[] {
  return (prompt.groups ?? []).filter((g) => g.people !== null).map((g) => g.group);
}

/**
 * The theme × group table's rows: themes with a count to show in some group. Themes hidden in every group are
 * named in one line under the table instead of a row of "hidden"; themes no shown group raised are left out.
 */
export function tableThemes(
  themes: readonly DigestTheme[],
  groups: readonly string[],
): { rows: DigestTheme[]; allHidden: DigestTheme[] } {
  const rows: DigestTheme[] = [];
  const allHidden: DigestTheme[] = [];
  for (const theme of themes) {
    const cells = groups.map((g) => theme.byGroup?.find((x) => x.group === g));
    if (cells.some((c) => c !== undefined && c.people !== null && c.people > 0)) rows.push(theme);
    else if (cells.some((c) => c?.people === null)) allHidden.push(theme);
  }
  return { rows, allHidden };
}
