/** Words the Markdown, HTML and text renderers share, in both languages. */
import type { CountCell, Trend } from '../types.js';

export const LABELS = {
  en: {
    title: 'Weekly digest',
    participation: 'Participation',
    participants: 'Participants',
    newParticipants: 'new',
    replies: 'Replies',
    repliesWord: 'replies',
    peopleWord: 'people',
    unthemed: 'without a theme',
    channel: 'Channel',
    group: 'Group',
    commonGround: 'Common ground',
    commonGroundIntro: 'Themes raised across several groups, by group-aware consensus.',
    consensus: 'consensus',
    groups: 'Groups',
    keywords: 'Keywords',
    lastWeeks: 'Last weeks',
    hidden: 'hidden',
    privacy: '"hidden": fewer than 5 people, or a number that would reveal one; suppressed for privacy.',
    noThemes: 'No themes yet.',
    noReplies: 'No replies in this period.',
    themesChart: 'Themes over the last weeks (replies)',
    participationChart: 'Replies and participants per week',
    thisWeek: 'this week',
    top: 'Top',
    shared: 'Shared across groups',
    trend: { new: 'new', growing: 'growing', steady: 'steady', fading: 'fading' } satisfies Record<
      Trend,
      string
    >,
  },
  fr: {
    title: 'Synthèse de la semaine',
    participation: 'Participation',
    participants: 'Participants',
    newParticipants: 'nouveaux',
    replies: 'Réponses',
    repliesWord: 'réponses',
    peopleWord: 'personnes',
    unthemed: 'sans thème',
    channel: 'Canal',
    group: 'Groupe',
    commonGround: 'Terrain d’entente',
    commonGroundIntro:
      'Thèmes soulevés par plusieurs groupes, selon un consensus qui tient compte des groupes.',
    consensus: 'consensus',
    groups: 'Groupes',
    keywords: 'Mots-clés',
    lastWeeks: 'Semaines précédentes',
    hidden: 'masqué',
    privacy:
      '« masqué » : moins de 5 personnes, ou un nombre qui en révélerait un; caché pour la confidentialité.',
    noThemes: 'Pas encore de thèmes.',
    noReplies: 'Aucune réponse pendant cette période.',
    themesChart: 'Thèmes des dernières semaines (réponses)',
    participationChart: 'Réponses et participants par semaine',
    thisWeek: 'cette semaine',
    top: 'En tête',
    shared: 'Partagé entre groupes',
    trend: {
      new: 'nouveau',
      growing: 'en hausse',
      steady: 'stable',
      fading: 'en baisse',
    } satisfies Record<Trend, string>,
  },
} as const;

export type Labels = (typeof LABELS)['en' | 'fr'];

export function countText(value: CountCell, t: Labels): string {
  return value === null ? t.hidden : String(value);
}
