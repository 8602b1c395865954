/**
 * Participation counts for organizers and their one text rendering, shared by the Slack and
 * Discord `/voices stats` commands (each passes its own markup). Suppressed cells never become numbers.
 */
import { escapeMarkdown } from '../digest/render/markdown.js';
import { escapeMrkdwn } from '../digest/render/slack-blocks.js';

/** Participation counts for organizers, with groups under the privacy threshold suppressed. */
export interface ParticipationStats {
  participants: number | null;
  active: number | null;
  optedOut: number | null;
  replies: number;
  byChannel: Array<{ channel: string; participants: number | null }>;
  byGroup: Array<{ group: string; participants: number | null }>;
  /** Rows hidden because fewer than the threshold took part. */
  suppressed: number;
}

const MARKUP = {
  slack: { bold: (s: string) => `*${s}*`, italic: (s: string) => `_${s}_`, escape: escapeMrkdwn, max: 3000 },
  discord: {
    bold: (s: string) => `**${s}**`,
    italic: (s: string) => `_${s}_`,
    escape: escapeMarkdown,
    max: 2000,
  },
} as const;

const cell = (value: number | null) => (value === null ? 'fewer than 5' : String(value));

/** Participation counts as a chat message in Slack mrkdwn or Discord Markdown. */
export function renderStatsText(stats: ParticipationStats, markup: keyof typeof MARKUP): string {
  const m = MARKUP[markup];
  const lines = [
    m.bold('Participation'),
    `Participants: ${cell(stats.participants)} · active: ${cell(stats.active)} · opted out: ${cell(stats.optedOut)}`,
    `Replies: ${stats.replies}`,
  ];
  if (stats.byChannel.length > 0) {
    lines.push(
      `By channel: ${stats.byChannel.map((r) => `${m.escape(r.channel)} ${cell(r.participants)}`).join(', ')}`,
    );
  }
  if (stats.byGroup.length > 0) {
    lines.push(
      `By group: ${stats.byGroup.map((r) => `${m.escape(r.group)} ${cell(r.participants)}`).join(', ')}`,
    );
  }
  if (stats.suppressed > 0) lines.push(m.italic(`${stats.suppressed} small groups hidden for privacy.`));
  return lines.join('\n').slice(0, m.max);
}
