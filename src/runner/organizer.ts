/** The organizer service behind the platforms' `/voices …` commands and the web workspace. Counts under 5 are suppressed. */
import type { OrganizerServices } from '../../adapters/types.js';
import {
  applyEdits,
  type EditState,
  foldEdits,
  type MergeValue,
  quoteId,
  rootOf,
  type ThemeEdit,
  type ThemeEditAction,
} from '../core/digest/edits.js';
import type { Digest } from '../core/digest/types.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import type { ParticipationStats } from '../core/organizer/stats.js';
import type {
  BrowsedReply,
  DigestSummary,
  NewThemeEdit,
  ReplyFacets,
  ReplyFilters,
  ReviewRow,
  Store,
  ThemeEditRow,
} from '../core/ports/store.js';
import type { Channel } from '../core/types.js';
import type { Conversations } from './conversations.js';

export const SUPPRESSION_THRESHOLD = 5;

export type DigestFormat = 'slack' | 'discord' | 'text' | 'markdown';
export type DigestRenderers = Partial<Record<DigestFormat, (digest: Digest) => unknown>>;

function suppress(n: number): number | null {
  return n >= SUPPRESSION_THRESHOLD ? n : null;
}

export async function participationStats(store: Store): Promise<ParticipationStats> {
  const { counts, replies } = await store.read(async (r) => ({
    counts: await r.participantCounts(),
    replies: await r.countReplies(),
  }));
  const { byStatus, byChannel, byGroup } = counts;
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
    replies,
    byChannel: cells(byChannel, (r) => r.channel).map((c) => ({ channel: c.label, participants: c.value })),
    byGroup: cells(byGroup, (r) => r.group ?? 'unspecified').map((c) => ({
      group: c.label,
      participants: c.value,
    })),
    suppressed,
  };
}

export interface OrganizerDeps {
  store: Store;
  conversations: Conversations;
  promptIds: string[];
  renderers: DigestRenderers;
  kickOutbox: () => void;
  now?: () => Date;
}

/** A stored digest as organizers see it: edits applied, with its review window and posts. */
export interface DigestView {
  /** As edited by organizers (what is posted and printed). */
  digest: Digest;
  /** As built. */
  built: Digest;
  review: ReviewRow | undefined;
  postedTo: string[];
}

export type DigestListItem = DigestSummary & { review: ReviewRow | undefined };

/**
 * The one organizer service: what the Slack and Discord `/voices` commands and the web workspace
 * call (stats, digests, ask, invite, review). Adapters and pages only parse and render.
 */
export class Organizer implements OrganizerServices {
  private readonly clock: () => Date;

  constructor(private readonly deps: OrganizerDeps) {
    this.clock = deps.now ?? (() => new Date());
  }

  private get store(): Store {
    return this.deps.store;
  }

  private addEdit(edit: NewThemeEdit): Promise<ThemeEditRow> {
    return this.store.write((tx) => tx.addThemeEdit(edit, this.clock()));
  }

  async stats(): Promise<ParticipationStats> {
    return participationStats(this.deps.store);
  }

  async ask(promptId: string): Promise<{ queued: number }> {
    const queued = await this.deps.conversations.ask(promptId);
    if (queued > 0) this.deps.kickOutbox();
    return { queued };
  }

  promptIds(): string[] {
    return [...this.deps.promptIds];
  }

  /** The latest stored digest, as organizers edited it, rendered for a platform. */
  async latestDigest(format: DigestFormat): Promise<unknown | null> {
    const latest = (await this.store.read((r) => r.listDigests()))[0];
    const digest = latest ? (await this.digest(latest.id))?.digest : undefined;
    if (!digest) return null;
    const render = this.deps.renderers[format];
    return render ? render(digest) : digest;
  }

  async invite(channel: Channel, address: string): Promise<boolean> {
    const invited = await this.deps.conversations.invite(channel, address);
    if (invited) this.deps.kickOutbox();
    return invited;
  }

  /** The organizers' edits folded into their current state. */
  async editState(): Promise<EditState> {
    return foldEdits((await this.editLog()).map(toThemeEdit));
  }

  /** Applies the organizers' edits to any digest (stored, rebuilt or previewed). */
  async edited(digest: Digest): Promise<Digest> {
    return applyEdits(digest, await this.editState());
  }

  listDigests(): Promise<DigestListItem[]> {
    return this.store.read(async (r) => {
      const digests = await r.listDigests();
      const out: DigestListItem[] = [];
      for (const d of digests) out.push({ ...d, review: await r.getReview(d.id) });
      return out;
    });
  }

  async digest(id: string): Promise<DigestView | undefined> {
    const found = await this.store.read(async (r) => {
      const built = await r.getDigest(id);
      if (!built) return undefined;
      return { built, review: await r.getReview(id), postedTo: await r.postedDestinations(id) };
    });
    return found ? { ...found, digest: await this.edited(found.built) } : undefined;
  }

  /** Every edit, oldest first, with who made it and when. */
  editLog(): Promise<ThemeEditRow[]> {
    return this.store.read((r) => r.listThemeEdits());
  }

  /**
   * Records one edit to a theme of digest `digestId`, after checking it against that digest:
   * the theme (and a merge target, a quote) must be in it. Throws `input_invalid` / `not_found`.
   */
  async editTheme(digestId: string, request: ThemeEditRequest, actor: string): Promise<ThemeEditRow> {
    const view = await this.digest(digestId);
    if (!view) throw new VoicesError(ErrorCode.NotFound, 'no such digest');
    const state = await this.editState();
    const builtThemes = view.built.prompts.flatMap((p) =>
      p.themes.map((t) => ({ prompt: p.promptId, theme: t })),
    );
    const shownThemes = view.digest.prompts.flatMap((p) =>
      p.themes.map((t) => ({ prompt: p.promptId, theme: t })),
    );
    const known = (key: string) =>
      builtThemes.find((t) => t.theme.key === key) ?? shownThemes.find((t) => t.theme.key === key);
    const subject = known(request.themeKey);
    if (!subject) throw new VoicesError(ErrorCode.InputInvalid, 'theme: not a theme of this digest');
    const record = (action: ThemeEditAction, value: string | null) =>
      this.addEdit({ themeKey: request.themeKey, action, value, digestId, actor });
    switch (request.action) {
      case 'rename': {
        const label = (request.label ?? '').replace(/\s+/g, ' ').trim();
        if (label.length === 0) throw new VoicesError(ErrorCode.InputInvalid, 'label: enter the new name');
        if (label.length > MAX_LABEL) {
          throw new VoicesError(ErrorCode.InputInvalid, `label: at most ${MAX_LABEL} characters`);
        }
        // The name goes to the theme the key ends up under, so a merged theme's new name holds too.
        return this.addEdit({
          themeKey: rootOf(state, request.themeKey),
          action: 'rename',
          value: label,
          digestId,
          actor,
        });
      }
      case 'merge': {
        const into = request.into ?? '';
        const target = shownThemes.find((t) => t.theme.key === into);
        if (!target) throw new VoicesError(ErrorCode.InputInvalid, 'into: not a theme shown in this digest');
        if (target.prompt !== subject.prompt) {
          throw new VoicesError(
            ErrorCode.InputInvalid,
            'into: themes of different questions cannot be merged',
          );
        }
        const from = rootOf(state, request.themeKey);
        if (rootOf(state, into) === from) {
          throw new VoicesError(ErrorCode.InputInvalid, 'into: a theme cannot be merged into itself');
        }
        const value: MergeValue = { into: rootOf(state, into), label: target.theme.label };
        return this.addEdit({
          themeKey: from,
          action: 'merge',
          value: JSON.stringify(value),
          digestId,
          actor,
        });
      }
      case 'unmerge':
        if (!state.mergedInto.has(request.themeKey)) {
          throw new VoicesError(ErrorCode.InputInvalid, 'theme: this theme is not merged');
        }
        return record('unmerge', null);
      case 'hide':
      case 'show':
        return record(request.action, null);
      case 'hide-quote':
      case 'show-quote': {
        const id = request.quote ?? '';
        const quotes = builtThemes.flatMap((t) => t.theme.quotes);
        if (!quotes.some((q) => quoteId(q.text) === id)) {
          throw new VoicesError(ErrorCode.InputInvalid, 'quote: not a quote of this digest');
        }
        return record(request.action, id);
      }
    }
  }

  /** Every stored digest as edited, oldest first. */
  async editedDigests(): Promise<Digest[]> {
    const state = await this.editState();
    return this.store.read(async (r) => {
      const out: Digest[] = [];
      for (const d of (await r.listDigests()).reverse()) {
        const digest = await r.getDigest(d.id);
        if (digest) out.push(applyEdits(digest, state));
      }
      return out;
    });
  }

  /**
   * Themes across the stored digests (as edited) and, for each reply, the themes it is in: the
   * replies browser's theme filter and column.
   */
  async themeIndex(): Promise<{
    themes: Array<{ key: string; label: string; promptId: string }>;
    byReply: Map<string, string[]>;
    members: Map<string, string[]>;
  }> {
    const themes = new Map<string, { key: string; label: string; promptId: string; replyIds: string[] }>();
    const byReply = new Map<string, string[]>();
    for (const digest of await this.editedDigests()) {
      for (const prompt of digest.prompts) {
        for (const theme of prompt.themes) {
          const entry = themes.get(theme.key) ?? {
            key: theme.key,
            label: theme.label,
            promptId: prompt.promptId,
            replyIds: [],
          };
          // The latest week's label wins (an organizer's rename applies everywhere anyway).
          entry.label = theme.label;
          entry.replyIds.push(...(theme.replyIds ?? []));
          themes.set(theme.key, entry);
          for (const id of theme.replyIds ?? []) {
            const list = byReply.get(id) ?? [];
            if (!list.includes(theme.label)) list.push(theme.label);
            byReply.set(id, list);
          }
        }
      }
    }
    return {
      members: new Map([...themes.values()].map((t) => [t.key, t.replyIds])),
      themes: [...themes.values()]
        .map(({ key, label, promptId }) => ({ key, label, promptId }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      byReply,
    };
  }

  /** Scrubbed replies matching the filters, newest first, with their themes; never a participant id. */
  async replies(query: ReplyQuery, page: { limit: number; offset: number }): Promise<ReplyPage> {
    const index = await this.themeIndex();
    const filters: ReplyFilters = {};
    if (query.q) filters.q = query.q;
    if (query.prompt) filters.promptId = query.prompt;
    if (query.group) filters.group = query.group;
    if (query.language) filters.language = query.language;
    if (query.channel) filters.channel = query.channel;
    const week = query.week;
    if (week) {
      const period = await this.store.read((r) => r.digestPeriod(week));
      if (!period) throw new VoicesError(ErrorCode.InputInvalid, 'week: not a week with a digest');
      filters.from = period.start;
      filters.to = period.end;
    }
    if (query.theme) {
      const members = index.members.get(query.theme);
      if (!members) throw new VoicesError(ErrorCode.InputInvalid, 'theme: not a theme of any digest');
      filters.ids = members;
    }
    return this.store.read(async (r) => {
      const { rows, total } = await r.searchReplies(filters, page);
      return {
        rows: rows.map((row) => ({ ...row, themes: index.byReply.get(row.id) ?? [] })),
        total,
        facets: await r.replyFacets(),
        themes: index.themes,
        weeks: (await r.listDigests()).map((d) => ({ id: d.id, from: d.from, to: d.to })),
      };
    });
  }

  /** Lets the digest schedule post what organizers approve (the runner wires it). */
  attachPublisher(publish: () => Promise<void>): void {
    this.publish = publish;
  }

  /**
   * Approves a digest in review and posts it now to every destination not posted to yet (each at
   * most once, whatever else is posting). False when it was not in review.
   */
  async approve(digestId: string, actor: string): Promise<boolean> {
    if (!(await this.store.read((r) => r.getDigest(digestId))))
      throw new VoicesError(ErrorCode.NotFound, 'no such digest');
    const approved = await this.store.write((tx) => tx.approveReview(digestId, actor, this.clock()));
    if (approved) await this.publish?.();
    return approved;
  }

  private publish: (() => Promise<void>) | undefined;
}

export const MAX_LABEL = 120;

export interface ReplyQuery {
  q?: string;
  prompt?: string;
  group?: string;
  /** A stored digest's id: its week. */
  week?: string;
  /** A theme key. */
  theme?: string;
  language?: string;
  channel?: string;
}

export interface ReplyPage {
  rows: Array<BrowsedReply & { themes: string[] }>;
  total: number;
  facets: ReplyFacets;
  themes: Array<{ key: string; label: string; promptId: string }>;
  weeks: Array<{ id: string; from: string; to: string }>;
}

export interface ThemeEditRequest {
  themeKey: string;
  action: ThemeEditAction;
  label?: string;
  into?: string;
  quote?: string;
}

function toThemeEdit(row: ThemeEditRow): ThemeEdit {
  return { themeKey: row.themeKey, action: row.action as ThemeEdit['action'], value: row.value };
}

/** The organizer service as the platform adapters see it. */
export function createOrganizerServices(
  store: Store,
  conversations: Conversations,
  promptIds: string[],
  renderers: DigestRenderers,
  kickOutbox: () => void,
): Organizer {
  return new Organizer({ store, conversations, promptIds, renderers, kickOutbox });
}
