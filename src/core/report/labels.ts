/** The forum report's words in English and French; numbers, percentages and dates through Intl. */
import type { CountCell, Trend } from '../digest/types.js';

export const REPORT_LABELS = {
  en: {
    title: 'What we heard',
    subtitle: 'Gathering Voices: themes for the community forum',
    period: 'Period',
    generated: 'Prepared on',
    participation: 'Who took part',
    replies: 'Replies',
    people: 'People',
    group: 'Group',
    channel: 'Channel',
    repliesPerWeek: 'Replies per week',
    themes: 'Themes',
    themesOverTime: 'Themes over time (replies per week)',
    total: 'Total',
    trend: 'Trend',
    themeByGroup: 'Theme × group: share of each group’s people who raised it',
    commonGround: 'Common ground',
    commonGroundIntro:
      'Themes raised by several groups, each by a comparable share of its people, with one quote from each group.',
    noCommonGround: 'No theme was raised by comparable shares of several groups in this period.',
    ofGroup: (share: string, group: string) => `${share} of ${group}`,
    quotes: 'In their words',
    fewer: 'fewer than 5',
    hiddenGroups: (n: number) =>
      n === 1
        ? '1 group with fewer than 5 people is hidden for privacy.'
        : `${n} groups with fewer than 5 people are hidden for privacy.`,
    privacyNote: '“fewer than 5”: hidden for privacy, as is any number that would reveal it.',
    noThemes: 'No themes in this period yet.',
    week: 'Week of',
    trendWord: {
      new: 'new',
      growing: 'growing',
      steady: 'steady',
      fading: 'fading',
      gone: 'gone',
    } satisfies Record<Trend, string>,
    chartOf: (label: string, values: string) => `${label}: ${values} replies per week`,
    locale: 'en-CA',
  },
  fr: {
    title: 'Ce que nous avons entendu',
    subtitle: 'Gathering Voices : les thèmes pour le forum communautaire',
    period: 'Période',
    generated: 'Préparé le',
    participation: 'Qui a participé',
    replies: 'Réponses',
    people: 'Personnes',
    group: 'Groupe',
    channel: 'Canal',
    repliesPerWeek: 'Réponses par semaine',
    themes: 'Thèmes',
    themesOverTime: 'Thèmes au fil du temps (réponses par semaine)',
    total: 'Total',
    trend: 'Tendance',
    themeByGroup: 'Thème × groupe : part des personnes de chaque groupe qui l’ont soulevé',
    commonGround: 'Terrain d’entente',
    commonGroundIntro:
      'Thèmes soulevés par plusieurs groupes, chacun par une part comparable de ses membres, avec une citation de chaque groupe.',
    noCommonGround:
      'Aucun thème n’a été soulevé par des parts comparables de plusieurs groupes pendant cette période.',
    ofGroup: (share: string, group: string) => `${share} des ${group}`,
    quotes: 'Dans leurs mots',
    fewer: 'moins de 5',
    hiddenGroups: (n: number) =>
      n === 1
        ? '1 groupe de moins de 5 personnes est masqué pour la confidentialité.'
        : `${n} groupes de moins de 5 personnes sont masqués pour la confidentialité.`,
    privacyNote: '« moins de 5 » : masqué pour la confidentialité, comme tout nombre qui le révélerait.',
    noThemes: 'Pas encore de thèmes pour cette période.',
    week: 'Semaine du',
    trendWord: {
      new: 'nouveau',
      growing: 'en hausse',
      steady: 'stable',
      fading: 'en baisse',
      gone: 'disparu',
    } satisfies Record<Trend, string>,
    chartOf: (label: string, values: string) => `${label} : ${values} réponses par semaine`,
    locale: 'fr-CA',
  },
} as const;

export type ReportLabels = (typeof REPORT_LABELS)['en' | 'fr'];

export function formatCount(value: CountCell, t: ReportLabels): string {
  return value === null ? t.fewer : new Intl.NumberFormat(t.locale).format(value);
}

export function formatShare(share: number, t: ReportLabels): string {
  return new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A local date (YYYY-MM-DD) written out, e.g. "Nov 16, 2026" / "16 nov. 2026". */
export function formatDate(date: string, t: ReportLabels): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function formatShortDate(date: string, t: ReportLabels): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(t.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}
