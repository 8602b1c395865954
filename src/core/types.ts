/**
 * The shapes every part of the bot speaks. Adapters translate platform payloads into
 * `InboundMessage` and deliver `OutboundMessage`; the core never sees a platform SDK.
 */

/** A delivery channel. `simulator` is the local, account-free channel. */
export const CHANNELS = ['simulator', 'sms', 'slack', 'discord'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A resident's message as an adapter hands it to the runner. */
export interface InboundMessage {
  channel: Channel;
  /**
   * The platform address (E.164 phone number, Slack or Discord user id, simulator id).
   * Held in memory only: it is hashed and encrypted before anything is stored.
   */
  address: string;
  /** The platform's id for this message; retries carry the same id and are dropped. */
  messageId: string;
  text: string;
  receivedAt: Date;
  /** Media attached without text (an MMS photo, a Slack file). */
  attachmentCount?: number;
  /** The resident's IANA timezone where the platform tells it (Slack `users.info` tz). */
  timezone?: ResidentTimezone;
}

/**
 * Where a resident lives in time: `platform` when the platform states it (the resident's own
 * setting), `hint` when it is guessed (Twilio's FromCountry / FromState) and only fills a gap.
 */
export interface ResidentTimezone {
  zone: string;
  source: 'platform' | 'hint';
}

/** A message for one resident. The address is resolved by the runner just before sending. */
export interface OutboundMessage {
  channel: Channel;
  address: string;
  text: string;
  /** The outbox row this send comes from (idempotency key for the platform where it has one). */
  outboxId?: string;
}
