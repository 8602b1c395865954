/**
 * The conversation engine: a pure function of (participant state, inbound message, now) that
 * returns the new state, the messages to send and the effects to persist. No I/O, no clock, no
 * platform: the runner does all of that around it, inside one transaction.
 */

import { renderMessage, renderText } from '../prompts/render.js';
import type { MessageKey, PromptFile } from '../prompts/schema.js';
import type { Language } from '../types.js';
import { isFreeTextOptOut, matchConsent, matchKeyword, normalizeKeyword } from './keywords.js';
import { isQuiet, nextAllowedTime, type QuietHours } from './quiet-hours.js';
import { initialState, type ParticipantState } from './state.js';

export interface EngineContext {
  script: PromptFile;
  /** ORG_NAME; unset, `{org}` reads "Our community" / "Notre communauté". */
  organization: string | undefined;
  defaultLanguage: Language;
  /** The organization's timezone, for participants without one. */
  timezone: string;
  quietHours: QuietHours | null;
  now: Date;
}

export type OutgoingKind = 'reply' | 'welcome' | 'prompt' | 'reminder';

export interface Outgoing {
  kind: OutgoingKind;
  text: string;
  promptId?: string;
}

export type Effect =
  /** Keep the resident's words (the runner scrubs them first). */
  | { type: 'store_reply'; promptId: string | null; isFollowUp: boolean; text: string }
  /** Erase the participant: contact, state, replies, queued messages. */
  | { type: 'erase' };

export interface StepResult {
  /** Null when the participant must not exist (erased, or never created). */
  state: ParticipantState | null;
  outgoing: Outgoing[];
  effects: Effect[];
}

export interface InboundText {
  text: string;
  attachmentCount?: number;
}

const FRENCH_GREETINGS = /^(bonjour|bonsoir|salut|allo|allô|oui|merci|coucou|francais|français|fr)\b/i;

function say(ctx: EngineContext, language: Language, key: MessageKey, prompt?: string): Outgoing {
  return {
    kind: 'reply',
    text: renderMessage(ctx.script, key, language, { org: ctx.organization, ...(prompt ? { prompt } : {}) }),
  };
}

function promptText(ctx: EngineContext, index: number, language: Language): string {
  const prompt = ctx.script.prompts[index];
  return prompt ? renderText(ctx.script, prompt.text, language, { org: ctx.organization }) : '';
}

function currentPromptId(ctx: EngineContext, state: ParticipantState): string | null {
  return ctx.script.prompts[state.promptIndex]?.id ?? null;
}

/** Moves to prompt `index` and returns the message that asks it. */
function askPrompt(ctx: EngineContext, state: ParticipantState, index: number, kind: OutgoingKind): Outgoing {
  state.promptIndex = index;
  state.stage = 'prompt';
  state.promptSentAt = ctx.now.toISOString();
  state.reminderSent = false;
  const id = ctx.script.prompts[index]?.id;
  return { kind, text: promptText(ctx, index, state.language), ...(id ? { promptId: id } : {}) };
}

/** After consent (and the optional group question): the first prompt. */
function startPrompts(ctx: EngineContext, state: ParticipantState, prefix: MessageKey | null): Outgoing[] {
  const out: Outgoing[] = [];
  if (prefix) out.push(say(ctx, state.language, prefix));
  out.push(askPrompt(ctx, state, 0, 'prompt'));
  return out;
}

/** Re-asks whatever the participant is currently being asked (after a language change). */
function currentQuestion(ctx: EngineContext, state: ParticipantState): Outgoing[] {
  switch (state.stage) {
    case 'consent':
      return [say(ctx, state.language, 'welcome')];
    case 'group':
      return [say(ctx, state.language, 'groupInvalid')];
    case 'prompt':
      return [{ kind: 'reply', text: promptText(ctx, state.promptIndex, state.language) }];
    default:
      return [];
  }
}

function matchGroup(ctx: EngineContext, text: string): string | null {
  const options = ctx.script.groups.options;
  const word = normalizeKeyword(text);
  const n = Number.parseInt(word, 10);
  if (/^\d+$/.test(word) && n >= 1 && n <= options.length) return options[n - 1]?.id ?? null;
  for (const option of options) {
    const names = [option.id, option.en, option.fr].map((s) => normalizeKeyword(s.replace(/\(.*\)/, '')));
    if (names.includes(word.replace(/-/g, ' ')) || names.includes(word)) return option.id;
  }
  return null;
}

/** A first contact: welcome and consent, in the language the first words suggest. */
export function welcome(ctx: EngineContext, firstText = ''): StepResult {
  const language: Language = FRENCH_GREETINGS.test(firstText.trim()) ? 'fr' : ctx.defaultLanguage;
  const state = initialState(language);
  return { state, outgoing: [{ ...say(ctx, language, 'welcome'), kind: 'welcome' }], effects: [] };
}

/** One inbound message. */
export function step(prior: ParticipantState | null, inbound: InboundText, ctx: EngineContext): StepResult {
  const text = inbound.text.trim();
  const keyword = matchKeyword(text);
  const optOut = keyword === 'stop' || (keyword === null && isFreeTextOptOut(text));

  if (prior === null) {
    if (optOut) {
      const state = { ...initialState(ctx.defaultLanguage), status: 'opted_out' as const };
      return { state, outgoing: [say(ctx, state.language, 'optedOut')], effects: [] };
    }
    if (keyword === 'delete') {
      return { state: null, outgoing: [say(ctx, ctx.defaultLanguage, 'deleted')], effects: [] };
    }
    return welcome(ctx, text);
  }

  const state: ParticipantState = { ...prior };
  const lang = () => state.language;

  // Opt-out wins at any point; a second STOP stays silent.
  if (optOut) {
    if (state.status === 'opted_out') return { state, outgoing: [], effects: [] };
    state.status = 'opted_out';
    return { state, outgoing: [say(ctx, lang(), 'optedOut')], effects: [] };
  }
  if (keyword === 'delete') {
    return { state: null, outgoing: [say(ctx, lang(), 'deleted')], effects: [{ type: 'erase' }] };
  }
  if (keyword === 'help') return { state, outgoing: [say(ctx, lang(), 'help')], effects: [] };

  if (state.status === 'opted_out' || state.status === 'declined') {
    if (keyword !== 'start') return { state, outgoing: [], effects: [] };
    if (state.consentedAt) {
      state.status = 'active';
      return { state, outgoing: [say(ctx, lang(), 'optedIn')], effects: [] };
    }
    state.status = 'awaiting_consent';
    state.stage = 'consent';
    return { state, outgoing: [{ ...say(ctx, lang(), 'welcome'), kind: 'welcome' }], effects: [] };
  }
  // A message proves the address works again.
  if (state.status === 'unreachable') state.status = state.consentedAt ? 'active' : 'awaiting_consent';

  if (keyword === 'lang_en' || keyword === 'lang_fr') {
    state.language = keyword === 'lang_en' ? 'en' : 'fr';
    state.languageChosen = true;
    return {
      state,
      outgoing: [say(ctx, lang(), 'languageChanged'), ...currentQuestion(ctx, state)],
      effects: [],
    };
  }
  if (keyword === 'lang') return { state, outgoing: [say(ctx, lang(), 'languageQuestion')], effects: [] };

  if (text.length === 0) {
    const key = (inbound.attachmentCount ?? 0) > 0 ? 'mediaOnly' : 'emptyMessage';
    return { state, outgoing: [say(ctx, lang(), key)], effects: [] };
  }

  switch (state.stage) {
    case 'consent': {
      const answer = matchConsent(text);
      if (answer === null) return { state, outgoing: [say(ctx, lang(), 'consentReminder')], effects: [] };
      if (!answer.consent) {
        state.status = 'declined';
        return { state, outgoing: [say(ctx, lang(), 'declined')], effects: [] };
      }
      if (answer.language && !state.languageChosen) state.language = answer.language;
      state.languageChosen = true;
      state.status = 'active';
      state.consentedAt = ctx.now.toISOString();
      if (ctx.script.groups.enabled) {
        state.stage = 'group';
        return { state, outgoing: [say(ctx, lang(), 'groupQuestion')], effects: [] };
      }
      return { state, outgoing: startPrompts(ctx, state, 'joined'), effects: [] };
    }
    case 'group': {
      const group = keyword === 'skip' ? null : matchGroup(ctx, text);
      if (group === null && keyword !== 'skip') {
        state.groupAttempts += 1;
        // Never trap a resident at the group question: after two unclear answers, move on.
        if (state.groupAttempts < 2)
          return { state, outgoing: [say(ctx, lang(), 'groupInvalid')], effects: [] };
      }
      state.group = group;
      return { state, outgoing: startPrompts(ctx, state, null), effects: [] };
    }
    case 'prompt': {
      const isLast = state.promptIndex >= ctx.script.prompts.length - 1;
      if (keyword === 'skip') {
        state.stage = 'idle';
        if (!isLast) {
          // Skipping brings the next question forward instead of leaving the resident waiting a week.
          return {
            state,
            outgoing: [say(ctx, lang(), 'skipped'), askPrompt(ctx, state, state.promptIndex + 1, 'prompt')],
            effects: [],
          };
        }
        return { state, outgoing: [say(ctx, lang(), 'skipped')], effects: [] };
      }
      const effects: Effect[] = [
        { type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: false, text },
      ];
      const followUp = ctx.script.prompts[state.promptIndex]?.followUp;
      if (followUp) {
        state.stage = 'follow_up';
        const out = renderText(ctx.script, followUp, lang(), { org: ctx.organization });
        return { state, outgoing: [{ kind: 'reply', text: out }], effects };
      }
      state.stage = 'idle';
      return { state, outgoing: [say(ctx, lang(), isLast ? 'allDone' : 'thanks')], effects };
    }
    case 'follow_up': {
      const isLast = state.promptIndex >= ctx.script.prompts.length - 1;
      state.stage = 'idle';
      if (keyword === 'skip')
        return { state, outgoing: [say(ctx, lang(), isLast ? 'allDone' : 'thanks')], effects: [] };
      return {
        state,
        outgoing: [say(ctx, lang(), isLast ? 'allDone' : 'thanks')],
        effects: [{ type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: true, text }],
      };
    }
    case 'idle': {
      // More messages after the thanks are kept as replies to the current prompt, without more chatter.
      if (keyword === 'start' || keyword === 'skip') return { state, outgoing: [], effects: [] };
      return {
        state,
        outgoing: [],
        effects: [{ type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: true, text }],
      };
    }
  }
}

/** Sends `promptId` now (an organizer's `ask`); only to consented, active participants. */
export function forcePrompt(prior: ParticipantState, promptId: string, ctx: EngineContext): StepResult {
  const index = ctx.script.prompts.findIndex((p) => p.id === promptId);
  if (index < 0 || prior.status !== 'active' || !prior.consentedAt || prior.stage === 'group') {
    return { state: prior, outgoing: [], effects: [] };
  }
  const state = { ...prior };
  return { state, outgoing: [askPrompt(ctx, state, index, 'prompt')], effects: [] };
}

function zoneOf(state: ParticipantState, ctx: EngineContext): string {
  return state.timezone ?? ctx.timezone;
}

/**
 * The scheduler's step: the next prompt when the cadence says, at most one reminder, never in
 * quiet hours, never before consent or after opt-out.
 */
export function tick(prior: ParticipantState, ctx: EngineContext): StepResult {
  if (prior.status !== 'active' || !prior.consentedAt || !prior.promptSentAt) {
    return { state: prior, outgoing: [], effects: [] };
  }
  if (prior.stage === 'consent' || prior.stage === 'group')
    return { state: prior, outgoing: [], effects: [] };
  if (isQuiet(ctx.now, zoneOf(prior, ctx), ctx.quietHours))
    return { state: prior, outgoing: [], effects: [] };
  const state = { ...prior };
  const sentAt = Date.parse(prior.promptSentAt);
  const nextDue = sentAt + ctx.script.schedule.intervalDays * 86_400_000;
  const hasNext = state.promptIndex + 1 < ctx.script.prompts.length;
  if (hasNext && ctx.now.getTime() >= nextDue) {
    return { state, outgoing: [askPrompt(ctx, state, state.promptIndex + 1, 'prompt')], effects: [] };
  }
  const reminderHours = ctx.script.schedule.reminderAfterHours;
  if (
    state.stage === 'prompt' &&
    !state.reminderSent &&
    reminderHours > 0 &&
    ctx.now.getTime() >= sentAt + reminderHours * 3_600_000
  ) {
    state.reminderSent = true;
    const text = renderMessage(ctx.script, 'reminder', state.language, {
      org: ctx.organization,
      prompt: promptText(ctx, state.promptIndex, state.language),
    });
    const promptId = currentPromptId(ctx, state);
    return { state, outgoing: [{ kind: 'reminder', text, ...(promptId ? { promptId } : {}) }], effects: [] };
  }
  return { state, outgoing: [], effects: [] };
}

/** When the scheduler should look at this participant again (null: nothing will come due). */
export function nextCheckAt(state: ParticipantState, ctx: EngineContext): Date | null {
  if (state.status !== 'active' || !state.promptSentAt) return null;
  if (state.stage === 'consent' || state.stage === 'group') return null;
  const sentAt = Date.parse(state.promptSentAt);
  const candidates: number[] = [];
  if (state.promptIndex + 1 < ctx.script.prompts.length) {
    candidates.push(sentAt + ctx.script.schedule.intervalDays * 86_400_000);
  }
  const reminderHours = ctx.script.schedule.reminderAfterHours;
  if (state.stage === 'prompt' && !state.reminderSent && reminderHours > 0) {
    candidates.push(sentAt + reminderHours * 3_600_000);
  }
  if (candidates.length === 0) return null;
  const due = new Date(Math.min(...candidates));
  return nextAllowedTime(due, zoneOf(state, ctx), ctx.quietHours);
}
