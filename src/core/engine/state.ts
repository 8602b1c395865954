import type { Language } from '../types.js';
import type { Command } from './phrases.js';

/**
 * - `awaiting_consent`: welcomed, no consent yet; nothing is stored but this state.
 * - `declined`: said no; silent until START.
 * - `active`: consented; receives prompts.
 * - `opted_out`: STOP; silent until START.
 * - `unreachable`: the platform cannot deliver (invalid number, DMs closed); a new inbound message revives.
 */
export type ParticipantStatus = 'awaiting_consent' | 'declined' | 'active' | 'opted_out' | 'unreachable';

/** Where the conversation stands for an active participant. */
export type Stage = 'consent' | 'group' | 'prompt' | 'follow_up' | 'idle';

export interface ParticipantState {
  status: ParticipantStatus;
  stage: Stage;
  language: Language;
  /** The resident picked the language explicitly (EN/FR keyword, or YES/OUI). */
  languageChosen: boolean;
  group: string | null;
  /** ISO time of consent; null before. */
  consentedAt: string | null;
  /** IANA zone; null uses the organization's. */
  timezone: string | null;
  /** Index of the current prompt in the prompt file; -1 before the first. */
  promptIndex: number;
  /** ISO time the current prompt was sent. */
  promptSentAt: string | null;
  reminderSent: boolean;
  /** Unclear answers to the group question so far (we stop asking after two). */
  groupAttempts: number;
  /** The welcome with the privacy notice has been sent (consent only counts after it). */
  noticeShown?: boolean;
  /**
   * What a resident wrote before consenting, scrubbed, kept only until they answer: stored as
   * unprompted replies on YES, dropped on no, STOP or after `HELD_DAYS`.
   */
  held?: Array<{ text: string; at: string }>;
  /** The command we just asked about ("Did you mean STOP?"): a yes carries it out. */
  asked?: Command | null;
  /** Opted out and already told once that messages are kept but no questions will come. */
  optedOutNoticeSent?: boolean;
}

/** How long words written before consent wait for a YES. */
export const HELD_DAYS = 7;
/** At most this many messages wait for a YES; later ones are answered but not kept. */
export const HELD_MAX = 10;

export function initialState(language: Language): ParticipantState {
  return {
    status: 'awaiting_consent',
    stage: 'consent',
    language,
    languageChosen: false,
    group: null,
    consentedAt: null,
    timezone: null,
    promptIndex: -1,
    promptSentAt: null,
    reminderSent: false,
    groupAttempts: 0,
    noticeShown: false,
    held: [],
    asked: null,
    optedOutNoticeSent: false,
  };
}
