/**
 * Organizers' edits to a digest's themes (rename, merge, hide a theme or a quote), kept as a log
 * keyed by theme key and applied to any `Digest` at read time. Because they are keyed by the theme's
 * stable key and not stored in a digest, they hold in every week where the key appears (a renamed
 * theme keeps its name later), and a rebuilt digest gets them too. Pure: no store.
 */
import { createHash } from 'node:crypto';
import { trendOf } from './build.js';
import type { CommonGround, Digest, DigestPrompt, DigestTheme } from './types.js';

export const THEME_EDIT_ACTIONS = [
  'rename',
  'merge',
  'unmerge',
  'hide',
  'show',
  'hide-quote',
  'show-quote',
] as const;
export type ThemeEditAction = (typeof THEME_EDIT_ACTIONS)[number];

export interface ThemeEdit {
  themeKey: string;
  action: ThemeEditAction;
  /** rename: the label; merge: `MergeValue` as JSON; hide-quote/show-quote: the quote's id. */
  value: string | null;
}

/** What a merge records: the theme merged into, and its label then (for weeks where it is absent). */
export interface MergeValue {
  into: string;
  label: string;
}

/** The state the log folds into. */
export interface EditState {
  labels: Map<string, string>;
  mergedInto: Map<string, MergeValue>;
  hidden: Set<string>;
  hiddenQuotes: Set<string>;
}

/** A quote's identity: a hash of its text, so hiding it holds wherever the same words are quoted. */
export function quoteId(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex').slice(0, 16);
}

export function parseMergeValue(value: string | null): MergeValue | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<MergeValue>;
    return typeof parsed.into === 'string' && typeof parsed.label === 'string'
      ? { into: parsed.into, label: parsed.label }
      : undefined;
  } catch {
    return undefined;
  }
}

export function foldEdits(edits: Iterable<ThemeEdit>): EditState {
  const state: EditState = {
    labels: new Map(),
    mergedInto: new Map(),
    hidden: new Set(),
    hiddenQuotes: new Set(),
  };
  for (const edit of edits) {
    switch (edit.action) {
      case 'rename':
        if (edit.value) state.labels.set(edit.themeKey, edit.value);
        else state.labels.delete(edit.themeKey);
        break;
      case 'merge': {
        const merge = parseMergeValue(edit.value);
        // A merge that would close a loop is ignored (the service refuses it before it is logged).
        if (merge && rootOf(state, merge.into) !== edit.themeKey) state.mergedInto.set(edit.themeKey, merge);
        break;
      }
      case 'unmerge':
        state.mergedInto.delete(edit.themeKey);
        break;
      case 'hide':
        state.hidden.add(edit.themeKey);
        break;
      case 'show':
        state.hidden.delete(edit.themeKey);
        break;
      case 'hide-quote':
        if (edit.value) state.hiddenQuotes.add(edit.value);
        break;
      case 'show-quote':
        if (edit.value) state.hiddenQuotes.delete(edit.value);
        break;
    }
  }
  return state;
}

/** The key a theme ends up under after merges (A → B → C gives C). */
export function rootOf(state: EditState, key: string): string {
  let current = key;
  const seen = new Set<string>();
  for (let next = state.mergedInto.get(current); next && !seen.has(next.into); ) {
    seen.add(current);
    current = next.into;
    next = state.mergedInto.get(current);
  }
  return current;
}

function isHidden(state: EditState, key: string): boolean {
  return state.hidden.has(key) || state.hidden.has(rootOf(state, key));
}

function sumHistory(a: readonly number[], b: readonly number[]): number[] {
  const length = Math.max(a.length, b.length);
  // Histories are aligned on their last week (the week before this digest's).
  const pad = (h: readonly number[]) => [...Array(length - h.length).fill(0), ...h];
  const pa = pad(a);
  const pb = pad(b);
  return pa.map((v, i) => v + (pb[i] ?? 0));
}

function mergeThemes(into: DigestTheme, from: DigestTheme, prompt: DigestPrompt): DigestTheme {
  const promptParticipants = prompt.participants;
  const replies = into.replies + from.replies;
  const history = sumHistory(into.history, from.history);
  // People can be in both themes: the sum is an upper bound, capped by the prompt's people.
  const sum =
    into.participants === null || from.participants === null ? null : into.participants + from.participants;
  const participants =
    sum === null ? null : promptParticipants === null ? sum : Math.min(sum, promptParticipants);
  const seenQuotes = new Set<string>();
  const quotes = [...into.quotes, ...from.quotes].filter((q) => {
    if (seenQuotes.has(q.text)) return false;
    seenQuotes.add(q.text);
    return true;
  });
  // Per-group cells cannot be added up (a person can be in both themes): the merged theme shows none.
  const { byGroup: _byGroup, ...rest } = into;
  const merged: DigestTheme = {
    ...rest,
    keywords: [...new Set([...into.keywords, ...from.keywords])].slice(
      0,
      Math.max(into.keywords.length, from.keywords.length),
    ),
    replies,
    participants,
    quotes,
    groups: [...new Set([...into.groups, ...from.groups])],
    history,
    trend: trendOf(
      replies,
      history,
      prompt.history?.length === history.length
        ? { totals: { current: prompt.replies, history: prompt.history } }
        : {},
    ),
  };
  if (into.replyIds || from.replyIds) merged.replyIds = [...(into.replyIds ?? []), ...(from.replyIds ?? [])];
  return merged;
}

function applyToPrompt(prompt: DigestPrompt, state: EditState): DigestPrompt {
  const byRoot = new Map<string, DigestTheme>();
  // The root's own theme first, so a merged theme keeps the root's label and quotes on top.
  const ordered = [...prompt.themes].sort(
    (a, b) => Number(rootOf(state, b.key) === b.key) - Number(rootOf(state, a.key) === a.key),
  );
  for (const theme of ordered) {
    if (isHidden(state, theme.key)) continue;
    const root = rootOf(state, theme.key);
    const existing = byRoot.get(root);
    if (existing) {
      byRoot.set(root, mergeThemes(existing, theme, prompt));
    } else {
      const label =
        state.labels.get(root) ?? (root === theme.key ? theme.label : rootLabel(state, root, theme));
      // An organizer's name replaces the engine's in every language.
      const renamed = state.labels.has(root) || root !== theme.key;
      byRoot.set(
        root,
        renamed ? { ...withoutLabels(theme), key: root, label } : { ...theme, key: root, label },
      );
    }
  }
  const themes = [...byRoot.values()]
    .map((theme) => ({
      ...(state.labels.has(theme.key) ? withoutLabels(theme) : theme),
      label: state.labels.get(theme.key) ?? theme.label,
      quotes: theme.quotes.filter((q) => !state.hiddenQuotes.has(quoteId(q.text))).slice(0, 3),
    }))
    .sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key));
  return { ...prompt, themes };
}

/** A theme under an organizer's name: the engine's names (in each language, and its earlier one) go. */
function withoutLabels(theme: DigestTheme): DigestTheme {
  const { labels: _labels, renamedFrom: _renamedFrom, ...rest } = theme;
  return rest;
}

/** The label a root theme had when something was merged into it (used where the root is absent). */
function rootLabel(state: EditState, root: string, fallback: DigestTheme): string {
  for (const merge of state.mergedInto.values()) if (merge.into === root) return merge.label;
  return fallback.label;
}

function applyToCommonGround(digest: Digest, prompts: DigestPrompt[], state: EditState): CommonGround[] {
  const themes = new Map(prompts.flatMap((p) => p.themes.map((t) => [t.key, t] as const)));
  const out = new Map<string, CommonGround>();
  for (const entry of digest.commonGround) {
    if (isHidden(state, entry.themeKey)) continue;
    const root = rootOf(state, entry.themeKey);
    const theme = themes.get(root);
    if (theme === undefined) continue;
    const existing = out.get(root);
    // Two merged themes both on common ground: the one raised by more groups stands for them.
    if (!existing || entry.groups.length > existing.groups.length) {
      const { labels: _labels, ...plain } = entry;
      out.set(root, {
        ...plain,
        themeKey: root,
        label: theme.label,
        ...(theme.labels ? { labels: theme.labels } : {}),
      });
    }
  }
  return [...out.values()];
}

/** The digest as organizers edited it: what is shown, posted and printed. */
export function applyEdits(digest: Digest, state: EditState): Digest {
  if (
    state.labels.size === 0 &&
    state.mergedInto.size === 0 &&
    state.hidden.size === 0 &&
    state.hiddenQuotes.size === 0
  ) {
    return digest;
  }
  const prompts = digest.prompts.map((p) => applyToPrompt(p, state));
  return { ...digest, prompts, commonGround: applyToCommonGround(digest, prompts, state) };
}
