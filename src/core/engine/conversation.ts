/**
 * The conversation engine: a pure function of (participant state, inbound message, now) that
 * returns the new state, the messages to send and the effects to persist. No I/O, no clock, no
 * platform: the runner does all of that around it, inside one transaction.
 */

import { renderMessage, renderText } from '../prompts/render.js';
import type { MessageKey, PromptFile } from '../prompts/schema.js';
import type { Language, ResidentTimezone } from '../types.js';
import { read } from './normalize.js';
import { isQuiet, isValidTimeZone, nextAllowedTime, type QuietHours } from './quiet-hours.js';
import { HELD_DAYS, HELD_MAX, initialState, type ParticipantState } from './state.js';
import {
  type Command,
  type GroupOptionWords,
  readGroup,
  startsWithYes,
  type Understanding,
  understand,
} from './understand.js';

export interface EngineContext {
  script: PromptFile;
  /** ORG_NAME; unset, `{org}` reads "Our community" / "Notre communauté". */
  organization: string | undefined;
  defaultLanguage: Language;
  /** The organization's timezone, for participants without one. */
  timezone: string;
  quietHours: QuietHours | null;
  now: Date;
  /** Scrubs words held before consent (the runner passes the scrubber; tests may leave it out). */
  scrub?: (text: string, language: Language) => string;
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
  timezone?: ResidentTimezone;
}

const FRENCH_GREETINGS = /^(bonjour|bonsoir|salut|allo|allô|oui|merci|coucou|francais|français|fr)\b/i;
const FRENCH_WORDS = new Set(
  'le la les des est une un pour avec dans nous je vous il elle qui que pas sur au aux du et cest ce ces mon ma mes notre nos tres plus mais ou parc rue quartier enfants'.split(
    ' ',
  ),
);
const ENGLISH_WORDS = new Set(
  'the a is are and to of in for with we i you it that this not on my our very more but or park street kids children need needs'.split(
    ' ',
  ),
);

/** The language a first message is written in, when it says enough to tell. */
function firstLanguage(text: string, ctx: EngineContext): Language {
  if (FRENCH_GREETINGS.test(text.trim())) return 'fr';
  const words = read(text).words;
  const fr = words.filter((w) => FRENCH_WORDS.has(w)).length;
  const en = words.filter((w) => ENGLISH_WORDS.has(w)).length;
  if (fr >= 2 && fr > en) return 'fr';
  if (en >= 2 && en > fr) return 'en';
  return ctx.defaultLanguage;
}

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

function groupWords(ctx: EngineContext): GroupOptionWords[] {
  return ctx.script.groups.options.map((o) => ({
    id: o.id,
    names: [o.id.replace(/-/g, ' '), o.en, o.fr, ...(o.aliases?.en ?? []), ...(o.aliases?.fr ?? [])],
    ages: o.ages,
  }));
}

const CLARIFY: Partial<Record<Command, MessageKey>> = {
  stop: 'clarifyStop',
  delete: 'clarifyDelete',
  start: 'clarifyStart',
  skip: 'clarifySkip',
};

/** Asks once about a command the resident may mean. */
function clarify(ctx: EngineContext, state: ParticipantState, command: Command): Outgoing[] {
  const key = CLARIFY[command];
  if (!key) return [];
  state.asked = command;
  return [say(ctx, state.language, key)];
}

function scrubHeld(ctx: EngineContext, text: string, language: Language): string {
  return ctx.scrub ? ctx.scrub(text, language) : text;
}

/** Keeps words written before consent until the resident answers (at most HELD_MAX messages). */
function hold(ctx: EngineContext, state: ParticipantState, text: string): void {
  const held = state.held ?? [];
  if (held.length >= HELD_MAX) return;
  state.held = [...held, { text: scrubHeld(ctx, text, state.language), at: ctx.now.toISOString() }];
}

/** On consent: what was held becomes unprompted replies. */
function releaseHeld(state: ParticipantState): Effect[] {
  const effects: Effect[] = (state.held ?? []).map((h) => ({
    type: 'store_reply',
    promptId: null,
    isFollowUp: false,
    text: h.text,
  }));
  state.held = [];
  return effects;
}

function setTimezone(state: ParticipantState, timezone: ResidentTimezone | undefined): void {
  if (!timezone || !isValidTimeZone(timezone.zone)) return;
  // A platform's own setting wins; a hint only fills a gap.
  if (timezone.source === 'platform' || !state.timezone) state.timezone = timezone.zone;
}

/** A first contact: welcome and consent, in the language the first words suggest. */
export function welcome(ctx: EngineContext, firstText = ''): StepResult {
  const language = firstLanguage(firstText, ctx);
  const state = { ...initialState(language), noticeShown: true };
  return { state, outgoing: [{ ...say(ctx, language, 'welcome'), kind: 'welcome' }], effects: [] };
}

/** The very first message from an address. Nobody is enrolled, and nothing kept, before the notice. */
function firstMessage(text: string, u: Understanding, inbound: InboundText, ctx: EngineContext): StepResult {
  const language = u.answer?.language ?? firstLanguage(text, ctx);
  if (u.command === 'stop') {
    const state = { ...initialState(language), status: 'opted_out' as const };
    setTimezone(state, inbound.timezone);
    return { state, outgoing: [say(ctx, language, 'optedOut')], effects: [] };
  }
  if (u.command === 'delete') return { state: null, outgoing: [say(ctx, language, 'deleted')], effects: [] };

  const state: ParticipantState = { ...initialState(language), noticeShown: true };
  setTimezone(state, inbound.timezone);
  if (u.command === 'lang_en' || u.command === 'lang_fr') {
    state.language = u.command === 'lang_en' ? 'en' : 'fr';
    state.languageChosen = true;
  }
  if (u.answer && !u.answer.yes && !u.substantive) {
    // "No" before anything was asked: respected, and the notice is still owed if they come back.
    return {
      state: { ...state, status: 'declined', noticeShown: false },
      outgoing: [say(ctx, language, 'declined')],
      effects: [],
    };
  }
  // A YES before the privacy notice is not consent yet: the notice, and a YES to confirm it.
  let key: MessageKey = u.answer?.yes ? 'welcomeConfirm' : 'welcome';
  if (u.substantive || startsWithYes(text)) {
    hold(ctx, state, text);
    key = 'welcomeHeld';
  }
  return { state, outgoing: [{ ...say(ctx, state.language, key), kind: 'welcome' }], effects: [] };
}

/** Consent given (after the notice): the group question or the first prompt, and held words kept. */
function consent(ctx: EngineContext, state: ParticipantState, language: Language | null): StepResult {
  if (language && !state.languageChosen) state.language = language;
  state.languageChosen = true;
  state.status = 'active';
  state.consentedAt = ctx.now.toISOString();
  const effects = releaseHeld(state);
  if (ctx.script.groups.enabled) {
    state.stage = 'group';
    return { state, outgoing: [say(ctx, state.language, 'groupQuestion')], effects };
  }
  return { state, outgoing: startPrompts(ctx, state, 'joined'), effects };
}

const EXPLICIT_YES = /\b(?:yes|y|yeah|yep|yup|oui|ouais|sure|daccord)\b/;
const REJOIN_YES = new Set(['yes', 'oui', 'y', 'yes please', 'oui svp', 'oui merci', 'yes i want to rejoin']);

/** One inbound message. */
export function step(prior: ParticipantState | null, inbound: InboundText, ctx: EngineContext): StepResult {
  const text = inbound.text.trim();
  const u = understand(text);
  if (prior === null) return firstMessage(text, u, inbound, ctx);

  const state: ParticipantState = { ...prior, held: prior.held ?? [], asked: null };
  setTimezone(state, inbound.timezone);
  const lang = () => state.language;
  const kept = state.consentedAt !== null;

  // The answer to "Did you mean STOP?": yes carries it out, no leaves everything as it was.
  let command = u.command;
  if (prior.asked && !command && u.answer && !u.substantive) {
    if (!u.answer.yes) return { state, outgoing: [say(ctx, lang(), 'clarifyDeclined')], effects: [] };
    command = prior.asked;
  }

  // Opt-out wins at any point; a second STOP stays silent.
  if (command === 'stop') {
    if (state.status === 'opted_out') return { state, outgoing: [], effects: [] };
    const effects: Effect[] = [];
    // "The park is lovely. Please stop texting me.": the first part is still an answer.
    if (u.withMore && kept && state.status === 'active') effects.push(replyEffect(ctx, state, text));
    state.status = 'opted_out';
    state.held = [];
    state.optedOutNoticeSent = false;
    return { state, outgoing: [say(ctx, lang(), 'optedOut')], effects };
  }
  if (command === 'delete') {
    return { state: null, outgoing: [say(ctx, lang(), 'deleted')], effects: [{ type: 'erase' }] };
  }
  if (command === 'help') {
    // Help, then what we are waiting for: a YES (short form, the notice was just above) or the group.
    const reask =
      state.status === 'awaiting_consent'
        ? [say(ctx, lang(), 'consentReminder')]
        : state.status === 'active' && state.stage === 'group'
          ? currentQuestion(ctx, state)
          : [];
    return { state, outgoing: [say(ctx, lang(), 'help'), ...reask], effects: [] };
  }

  if (state.status === 'opted_out') return optedOut(state, text, u, command, ctx);
  if (state.status === 'declined') {
    // After "No problem, we won't message you": an "ok" is not a yes, a "yes" or START is.
    if (command === 'start' || (u.answer?.yes && EXPLICIT_YES.test(read(text).text))) {
      if (state.noticeShown === false) {
        state.status = 'awaiting_consent';
        state.stage = 'consent';
        state.noticeShown = true;
        return { state, outgoing: [{ ...say(ctx, lang(), 'welcomeConfirm'), kind: 'welcome' }], effects: [] };
      }
      return consent(ctx, state, u.answer?.language ?? null);
    }
    if (u.maybe === 'start') return { state, outgoing: clarify(ctx, state, 'start'), effects: [] };
    if (u.substantive) {
      hold(ctx, state, text);
      return { state, outgoing: [say(ctx, lang(), 'consentHeld')], effects: [] };
    }
    return { state, outgoing: [], effects: [] };
  }
  // A message proves the address works again.
  if (state.status === 'unreachable') state.status = state.consentedAt ? 'active' : 'awaiting_consent';

  if (command === 'lang_en' || command === 'lang_fr') {
    state.language = command === 'lang_en' ? 'en' : 'fr';
    state.languageChosen = true;
    return {
      state,
      outgoing: [say(ctx, lang(), 'languageChanged'), ...currentQuestion(ctx, state)],
      effects: [],
    };
  }
  if (command === 'lang') return { state, outgoing: [say(ctx, lang(), 'languageQuestion')], effects: [] };

  if (text.length === 0) {
    const key = (inbound.attachmentCount ?? 0) > 0 ? 'mediaOnly' : 'emptyMessage';
    return { state, outgoing: [say(ctx, lang(), key)], effects: [] };
  }
  // A likely command with nothing else said: ask, keep nothing, move nothing.
  if (u.maybe && !u.substantive) return { state, outgoing: clarify(ctx, state, u.maybe), effects: [] };

  switch (state.stage) {
    case 'consent': {
      if (command === 'start' || (u.answer?.yes && !u.substantive)) {
        return consent(ctx, state, u.answer?.language ?? null);
      }
      const yesAndMore = startsWithYes(text);
      if (yesAndMore) {
        hold(ctx, state, text);
        return consent(ctx, state, yesAndMore.language);
      }
      if (u.answer && !u.answer.yes && !u.substantive) {
        if (u.answer.language && !state.languageChosen) state.language = u.answer.language;
        state.status = 'declined';
        state.held = [];
        return { state, outgoing: [say(ctx, lang(), 'declined')], effects: [] };
      }
      if (u.substantive) {
        hold(ctx, state, text);
        return {
          state,
          outgoing: [say(ctx, lang(), 'consentHeld'), ...maybeAsk(ctx, state, u)],
          effects: [],
        };
      }
      return { state, outgoing: [say(ctx, lang(), 'consentReminder')], effects: [] };
    }
    case 'group':
      return groupAnswer(state, text, u, command, ctx);
    case 'prompt': {
      const isLast = state.promptIndex >= ctx.script.prompts.length - 1;
      if (command === 'skip') {
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
      if (command === 'start') return { state, outgoing: [say(ctx, lang(), 'alreadyIn')], effects: [] };
      const effects: Effect[] = [
        { type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: false, text },
      ];
      const followUp = ctx.script.prompts[state.promptIndex]?.followUp;
      if (followUp) {
        state.stage = 'follow_up';
        const out = renderText(ctx.script, followUp, lang(), { org: ctx.organization });
        return { state, outgoing: [{ kind: 'reply', text: out }, ...maybeAsk(ctx, state, u)], effects };
      }
      state.stage = 'idle';
      return {
        state,
        outgoing: [say(ctx, lang(), isLast ? 'allDone' : 'thanks'), ...maybeAsk(ctx, state, u)],
        effects,
      };
    }
    case 'follow_up': {
      const isLast = state.promptIndex >= ctx.script.prompts.length - 1;
      if (command === 'start') return { state, outgoing: [say(ctx, lang(), 'alreadyIn')], effects: [] };
      state.stage = 'idle';
      const done = say(ctx, lang(), isLast ? 'allDone' : 'thanks');
      if (command === 'skip') return { state, outgoing: [done], effects: [] };
      return {
        state,
        outgoing: [done, ...maybeAsk(ctx, state, u)],
        effects: [{ type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: true, text }],
      };
    }
    case 'idle': {
      // After the thanks: more words are added to the answer, and the resident is told so.
      if (command === 'skip') return { state, outgoing: [say(ctx, lang(), 'skippedIdle')], effects: [] };
      if (command === 'start') return { state, outgoing: [say(ctx, lang(), 'alreadyIn')], effects: [] };
      if (u.courtesy && !u.substantive)
        return { state, outgoing: [say(ctx, lang(), 'courtesy')], effects: [] };
      return {
        state,
        outgoing: [say(ctx, lang(), 'addedToAnswer'), ...maybeAsk(ctx, state, u)],
        effects: [{ type: 'store_reply', promptId: currentPromptId(ctx, state), isFollowUp: true, text }],
      };
    }
  }
}

/** The question back when a kept message may also have meant a command. */
function maybeAsk(ctx: EngineContext, state: ParticipantState, u: Understanding): Outgoing[] {
  return u.maybe ? clarify(ctx, state, u.maybe) : [];
}

/** The whole message as a reply to what the resident is being asked (or unprompted). */
function replyEffect(ctx: EngineContext, state: ParticipantState, text: string): Effect {
  const answering = state.stage === 'prompt' || state.stage === 'follow_up' || state.stage === 'idle';
  return {
    type: 'store_reply',
    promptId: answering ? currentPromptId(ctx, state) : null,
    isFollowUp: answering && state.stage !== 'prompt',
    text,
  };
}

function groupAnswer(
  state: ParticipantState,
  text: string,
  u: Understanding,
  command: Command | null,
  ctx: EngineContext,
): StepResult {
  const lang = state.language;
  if (command === 'skip' || (u.answer && !u.answer.yes && !u.substantive)) {
    state.group = null;
    return { state, outgoing: startPrompts(ctx, state, null), effects: [] };
  }
  const reading = readGroup(text, groupWords(ctx));
  if (reading && 'group' in reading) {
    state.group = reading.group;
    // "Senior. The new benches on Elm are great": the rest is worth keeping.
    const effects: Effect[] =
      u.substantive && read(text).words.length >= 7 ? [replyEffect(ctx, state, text)] : [];
    return { state, outgoing: startPrompts(ctx, state, null), effects };
  }
  state.groupAttempts += 1;
  const ambiguous = reading !== null && 'ambiguous' in reading;
  const keep = u.substantive && !ambiguous;
  const effects: Effect[] = keep ? [replyEffect(ctx, state, text)] : [];
  const ack = keep ? [say(ctx, lang, 'keptUnprompted')] : [];
  // Never trap a resident at the group question: after two unclear answers, move on.
  if (state.groupAttempts >= 2) {
    state.group = null;
    return { state, outgoing: [...ack, ...startPrompts(ctx, state, null)], effects };
  }
  const key: MessageKey = ambiguous ? 'groupPickOne' : 'groupInvalid';
  return { state, outgoing: [...ack, say(ctx, lang, key)], effects };
}

function optedOut(
  state: ParticipantState,
  text: string,
  u: Understanding,
  command: Command | null,
  ctx: EngineContext,
): StepResult {
  const lang = state.language;
  if (command === 'start' || REJOIN_YES.has(read(text).text)) {
    if (state.consentedAt) {
      state.status = 'active';
      return { state, outgoing: [say(ctx, lang, 'optedIn')], effects: [] };
    }
    state.status = 'awaiting_consent';
    state.stage = 'consent';
    state.noticeShown = true;
    return { state, outgoing: [{ ...say(ctx, lang, 'welcome'), kind: 'welcome' }], effects: [] };
  }
  if (u.maybe === 'start') return { state, outgoing: clarify(ctx, state, 'start'), effects: [] };
  if (!u.substantive) return { state, outgoing: [], effects: [] };
  // Words from someone who opted out: kept if they had consented, and said so once (carriers allow
  // no more than that after STOP; Twilio itself blocks anything further on SMS).
  const effects: Effect[] = state.consentedAt ? [replyEffect(ctx, { ...state, stage: 'consent' }, text)] : [];
  if (state.optedOutNoticeSent) return { state, outgoing: [], effects };
  state.optedOutNoticeSent = true;
  const ack = state.consentedAt ? [say(ctx, lang, 'keptUnprompted')] : [];
  return { state, outgoing: [...ack, say(ctx, lang, 'optedOutNotice')], effects };
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
  const heldUntil = heldExpiry(prior);
  if (heldUntil !== null && ctx.now.getTime() >= heldUntil) {
    // Nobody said YES within HELD_DAYS: what they wrote before consenting goes.
    return { state: { ...prior, held: [] }, outgoing: [], effects: [] };
  }
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

/** When words held before consent expire (null: none held). */
function heldExpiry(state: ParticipantState): number | null {
  const first = state.held?.[0];
  if (!first || state.status === 'active') return null;
  return Date.parse(first.at) + HELD_DAYS * 86_400_000;
}

/** When the scheduler should look at this participant again (null: nothing will come due). */
export function nextCheckAt(state: ParticipantState, ctx: EngineContext): Date | null {
  const heldUntil = heldExpiry(state);
  if (heldUntil !== null) return new Date(heldUntil);
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
