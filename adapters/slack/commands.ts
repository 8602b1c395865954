/**
 * The `/voices` slash command: parsing and the texts it answers with (pure, no SDK).
 * Residents only ever see `join` and the generic help; organizer commands answer anyone else
 * with the same help text an unknown command gets, so a refusal reveals nothing.
 */
import { type ParticipationStats, renderStatsText } from '../../src/core/organizer/stats.js';

export type VoicesCommand =
  | { kind: 'join' }
  | { kind: 'help' }
  | { kind: 'digest' }
  | { kind: 'stats' }
  | { kind: 'ask'; promptId: string | undefined }
  | { kind: 'invite'; channelId: string | undefined };

export const ORGANIZER_COMMANDS = new Set<VoicesCommand['kind']>(['digest', 'stats', 'ask', 'invite']);

/**
 * Parses the text after `/voices`. Channels arrive escaped as `<#C0123|name>` (the manifest sets
 * `should_escape`), or as a bare id.
 */
export function parseVoicesCommand(text: string): VoicesCommand {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const arg = rest.join(' ').trim();
  switch (verb.toLowerCase()) {
    case 'join':
    case 'rejoindre':
      return { kind: 'join' };
    case 'digest':
      return { kind: 'digest' };
    case 'stats':
      return { kind: 'stats' };
    case 'ask':
      return { kind: 'ask', promptId: arg === '' ? undefined : arg.split(/\s+/)[0] };
    case 'invite': {
      const match = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(arg) ?? /^([CG][A-Z0-9]{2,})$/.exec(arg);
      return { kind: 'invite', channelId: match?.[1] };
    }
    default:
      return { kind: 'help' };
  }
}

export const TEXTS = {
  help:
    'To take part in Gathering Voices, type `/voices join` or send me a direct message. ' +
    'Pour participer, tapez `/voices join` ou écrivez-moi en message direct.',
  joined:
    'I have sent you a direct message: answer it there to take part. / Je vous ai écrit en message direct.',
  alreadyJoined:
    'You are already invited: look for my direct message. / Vous êtes déjà invité·e : voyez mon message direct.',
  organizerHelp:
    'Organizer commands: `/voices digest`, `/voices stats`, `/voices ask <prompt-id>`, `/voices invite #channel`.',
  noDigest: 'There is no digest yet.',
  askUsage: (ids: string[]) =>
    `Usage: \`/voices ask <prompt-id>\`. Prompt ids: ${ids.join(', ') || '(none)'}.`,
  askUnknown: (ids: string[]) => `Unknown prompt id. Prompt ids: ${ids.join(', ') || '(none)'}.`,
  asked: (promptId: string, queued: number) =>
    `Prompt \`${promptId}\` queued for ${queued > 0 && queued < 5 ? 'fewer than 5' : queued} participants.`,
  inviteUsage: 'Usage: `/voices invite #channel` (pick the channel so Slack links it).',
  invited: (invited: number, already: number, skipped: number) =>
    `Invited ${invited} members (each gets one DM asking for consent). ` +
    `${already} were already invited or taking part; ${skipped} bots or deactivated accounts skipped.`,
  failed: 'Sorry, something went wrong. Please try again in a moment.',
} as const;

/** Participation counts as an ephemeral message (the one rendering both platforms share). */
export function formatStats(stats: ParticipationStats): string {
  return renderStatsText(stats, 'slack');
}
