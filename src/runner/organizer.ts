/** Organizer operations behind the platforms' `/voices …` commands. Counts under 5 are suppressed. */
import type { OrganizerServices, ParticipationStats } from '../../adapters/types.js';
import type { Digest } from '../core/digest/types.js';
import type { Channel } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { Conversations } from './conversations.js';

export const SUPPRESSION_THRESHOLD = 5;

export type DigestFormat = 'slack' | 'discord' | 'text' | 'markdown';
export type DigestRenderers = Partial<Record<DigestFormat, (digest: Digest) => unknown>>;

function suppress(n: number): number | null {
  return n >= SUPPRESSION_THRESHOLD ? n : null;
}

export function participationStats(store: Store): ParticipationStats {
  const { byStatus, byChannel, byGroup } = store.participantCounts();
  const statusCount = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
  const consented = byChannel.reduce((sum, r) => sum + r.n, 0);
  let suppressed = 0;
  const cells = <T extends { n: number }>(rows: T[], label: (r: T) => string) => {
    const out = rows.map((r) => ({ label: label(r), value: suppress(r.n) }));
    const hidden = out.filter((c) => c.value === null).length;
    // One hidden cell next to a shown total could be computed by subtraction: hide a second one.
    if (hidden === 1 && out.length > 1) {
      const smallestShown = out
        .filter((c) => c.value !== null)
        .sort((a, b) => (a.value ?? 0) - (b.value ?? 0) || a.label.localeCompare(b.label))[0];
      if (smallestShown) smallestShown.value = null;
    }
    suppressed += out.filter((c) => c.value === null).length;
    return out.sort((a, b) => a.label.localeCompare(b.label));
  };
  return {
    participants: suppress(consented),
    active: suppress(statusCount('active')),
    optedOut: suppress(statusCount('opted_out')),
    replies: store.countReplies(),
    byChannel: cells(byChannel, (r) => r.channel).map((c) => ({ channel: c.label, participants: c.value })),
    byGroup: cells(byGroup, (r) => r.group ?? 'unspecified').map((c) => ({
      group: c.label,
      participants: c.value,
    })),
    suppressed,
  };
}

export function createOrganizerServices(
  store: Store,
  conversations: Conversations,
  promptIds: string[],
  renderers: DigestRenderers,
  kickOutbox: () => void,
): OrganizerServices {
  return {
    async stats() {
      return participationStats(store);
    },
    async ask(promptId) {
      const queued = conversations.ask(promptId);
      if (queued > 0) kickOutbox();
      return { queued };
    },
    promptIds() {
      return [...promptIds];
    },
    async latestDigest(format) {
      const digest = store.latestDigestBody() as Digest | null;
      if (!digest) return null;
      const render = renderers[format];
      return render ? render(digest) : digest;
    },
    async invite(channel: Channel, address: string) {
      const invited = conversations.invite(channel, address);
      if (invited) kickOutbox();
      return invited;
    },
  };
}
