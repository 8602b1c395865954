import type { Language } from '../types.js';

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
}

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
  };
}
