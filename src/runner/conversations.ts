/**
 * The inbound pipeline and the conversation operations around the pure engine:
 * dedupe → pseudonymize → engine step → scrub → persist (one transaction) → outbox.
 * The resident's address exists only in memory here; what is stored is an HMAC id, an
 * encrypted contact and scrubbed text.
 */

import type { CountryCode } from 'libphonenumber-js';
import type { AdapterCapabilities, ReceiveResult } from '../../adapters/types.js';
import type { AppConfig } from '../config/env.js';
import {
  type EngineContext,
  forcePrompt,
  nextCheckAt,
  type Outgoing,
  type StepResult,
  step,
  tick,
  welcome,
} from '../core/engine/conversation.js';
import type { QuietHours } from '../core/engine/quiet-hours.js';
import { nextAllowedTime, parseQuietHours } from '../core/engine/quiet-hours.js';
import type { ParticipantState } from '../core/engine/state.js';
import {
  contactHashFor,
  encryptAddress,
  inboundKeyFor,
  normalizeAddress,
  offlineAuthorId,
  type PrivacyKeys,
  participantIdFor,
} from '../core/privacy/keys.js';
import { scrub } from '../core/privacy/scrub/index.js';
import type { PromptFile } from '../core/prompts/schema.js';
import { cleanInboundText } from '../core/text/normalize.js';
import { splitMessage } from '../core/text/split.js';
import type { Channel, InboundMessage, Language } from '../core/types.js';
import type { NewOutbox, Store } from '../store/store.js';

export interface ConversationSettings {
  script: PromptFile;
  organization: string | undefined;
  defaultLanguage: Language;
  timezone: string;
  quietHours: QuietHours | null;
  phoneRegion: CountryCode;
}

export function conversationSettings(config: AppConfig, script: PromptFile): ConversationSettings {
  return {
    script,
    organization: config.ORG_NAME,
    defaultLanguage: config.DEFAULT_LANGUAGE,
    timezone: config.TIMEZONE,
    quietHours: config.QUIET_HOURS === 'off' ? null : parseQuietHours(config.QUIET_HOURS),
    phoneRegion: config.PHONE_REGION as CountryCode,
  };
}

/** Longest inbound text kept; longer messages are cut here (SMS tops out at 1,600). */
export const MAX_INBOUND_CHARS = 10_000;

export class Conversations {
  constructor(
    private readonly store: Store,
    private readonly keys: PrivacyKeys,
    private readonly settings: ConversationSettings,
    private readonly capabilitiesOf: (channel: Channel) => AdapterCapabilities | undefined,
    private readonly clock: () => Date,
  ) {}

  engineContext(now: Date): EngineContext {
    const { script, organization, defaultLanguage, timezone, quietHours } = this.settings;
    const scrubHeld = (text: string, language: Language) => scrub(text, { language }).text;
    return { script, organization, defaultLanguage, timezone, quietHours, now, scrub: scrubHeld };
  }

  participantId(channel: Channel, address: string): string {
    return participantIdFor(
      this.keys,
      channel,
      normalizeAddress(channel, address, this.settings.phoneRegion),
    );
  }

  /**
   * Commits several inbound messages in one transaction (group commit), each in its own savepoint:
   * one message that fails rolls back alone and reports its error; the others commit together.
   */
  receiveBatch(
    messages: readonly InboundMessage[],
  ): Array<{ ok: true; result: ReturnType<Conversations['receive']> } | { ok: false; error: unknown }> {
    return this.store.transaction(() =>
      messages.map((message) => {
        try {
          // A savepoint per message: whatever it wrote before failing is rolled back with it.
          return { ok: true as const, result: this.store.transaction(() => this.receive(message)) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  /** Commits one inbound message and returns the immediate replies. Synchronous inside. */
  receive(message: InboundMessage): ReceiveResult & { erased: boolean; queued: boolean } {
    const now = this.clock();
    const normalized = normalizeAddress(message.channel, message.address, this.settings.phoneRegion);
    const participantId = participantIdFor(this.keys, message.channel, normalized);
    const dedupeKey = inboundKeyFor(this.keys, message.channel, participantId, message.messageId);
    const text = cleanInboundText(message.text).slice(0, MAX_INBOUND_CHARS);
    const inline = this.capabilitiesOf(message.channel)?.inlineReplies ?? true;

    return this.store.transaction(() => {
      const seen = this.store.findInbound(dedupeKey);
      if (seen) return { duplicate: true, replies: seen, erased: false, queued: false };

      const prior = this.store.participantState(participantId) ?? null;
      const ctx = this.engineContext(now);
      const result = step(
        prior,
        {
          text,
          attachmentCount: message.attachmentCount ?? 0,
          ...(message.timezone ? { timezone: message.timezone } : {}),
        },
        ctx,
      );
      const replies = result.outgoing.map((o) => o.text);
      const erased = result.effects.some((e) => e.type === 'erase');
      let queued = false;

      if (erased) {
        this.store.deleteParticipant(participantId, now);
      } else if (result.state) {
        this.persist(participantId, message.channel, result, prior, ctx);
        if (!prior) this.saveContact(participantId, message.channel, normalized);
        for (const effect of result.effects) {
          if (effect.type !== 'store_reply') continue;
          this.store.insertReply({
            participantId,
            promptId: effect.promptId,
            isFollowUp: effect.isFollowUp,
            text: scrub(effect.text, { language: result.state.language }).text,
            channel: message.channel,
            language: result.state.language,
            group: result.state.group,
            receivedAt: message.receivedAt,
            source: 'live',
          });
        }
        // Platforms without an inline answer get the immediate replies through the durable outbox.
        if (!inline && result.outgoing.length > 0) {
          this.enqueue(participantId, message.channel, result.outgoing, now, false);
          queued = true;
        }
      }
      // The erasure's own key keeps no owner: nothing links it back to the participant.
      this.store.recordInbound(dedupeKey, replies, now, erased ? null : participantId);
      return { duplicate: false, replies, erased, queued };
    });
  }

  private persist(
    participantId: string,
    channel: Channel,
    result: StepResult,
    prior: ParticipantState | null,
    ctx: EngineContext,
  ): void {
    const state = result.state;
    if (!state) return;
    this.store.saveParticipant(participantId, channel, state, nextCheckAt(state, ctx), ctx.now);
    const silenced = state.status !== 'active' && state.status !== 'awaiting_consent';
    if (silenced && prior?.status !== state.status) this.store.cancelPending(participantId, ctx.now);
  }

  private saveContact(participantId: string, channel: Channel, normalizedAddress: string): void {
    this.store.saveContact(
      participantId,
      channel,
      encryptAddress(this.keys, normalizedAddress),
      contactHashFor(this.keys, channel, normalizedAddress),
    );
  }

  /** Queues messages, split to the platform's limit; scheduled ones wait for the end of quiet hours. */
  private enqueue(
    participantId: string,
    channel: Channel,
    outgoing: Outgoing[],
    now: Date,
    scheduled: boolean,
    timezone?: string | null,
  ): void {
    const maxLength = this.capabilitiesOf(channel)?.maxLength ?? 1600;
    const notBefore = scheduled
      ? nextAllowedTime(now, timezone ?? this.settings.timezone, this.settings.quietHours)
      : now;
    const rows: NewOutbox[] = [];
    for (const out of outgoing) {
      for (const part of splitMessage(out.text, maxLength)) {
        rows.push({
          participantId,
          channel,
          text: part,
          kind: out.kind,
          promptId: out.promptId ?? null,
          notBefore,
        });
      }
    }
    this.store.enqueue(rows, now);
  }

  /**
   * Queues a notice from the organizers (e.g. the date of the community forum) for one enrolled
   * participant; split to the platform's limit, held back during quiet hours. False when the
   * participant is unknown or not active.
   */
  notice(channel: Channel, address: string, text: string): boolean {
    const now = this.clock();
    const participantId = this.participantId(channel, address);
    return this.store.transaction(() => {
      const row = this.store.getParticipant(participantId);
      if (row?.status !== 'active') return false;
      const state = row.state as ParticipantState;
      this.enqueue(participantId, channel, [{ kind: 'reply', text }], now, true, state.timezone);
      return true;
    });
  }

  /** Sends the consent invitation once; nobody is enrolled until they answer it. */
  invite(channel: Channel, address: string): boolean {
    const now = this.clock();
    const normalized = normalizeAddress(channel, address, this.settings.phoneRegion);
    const participantId = participantIdFor(this.keys, channel, normalized);
    return this.store.transaction(() => {
      if (this.store.getParticipant(participantId)) return false;
      const ctx = this.engineContext(now);
      const result = welcome(ctx);
      if (!result.state) return false;
      this.store.saveParticipant(participantId, channel, result.state, null, now);
      this.saveContact(participantId, channel, normalized);
      this.enqueue(participantId, channel, result.outgoing, now, true);
      return true;
    });
  }

  /** An organizer's `ask`: queue a prompt for every active participant. */
  ask(promptId: string): number {
    const now = this.clock();
    if (!this.settings.script.prompts.some((p) => p.id === promptId)) return 0;
    return this.store.transaction(() => {
      let queued = 0;
      const ctx = this.engineContext(now);
      for (const id of this.store.activeParticipantIds()) {
        const row = this.store.getParticipant(id);
        if (!row) continue;
        const result = forcePrompt(row.state as ParticipantState, promptId, ctx);
        if (!result.state || result.outgoing.length === 0) continue;
        this.store.saveParticipant(
          id,
          row.channel as Channel,
          result.state,
          nextCheckAt(result.state, ctx),
          now,
        );
        this.enqueue(id, row.channel as Channel, result.outgoing, now, true, result.state.timezone);
        queued += 1;
      }
      return queued;
    });
  }

  /** The scheduler's pass: next prompts and reminders that have come due. Returns messages queued. */
  tickDue(limit = 500): number {
    const now = this.clock();
    const ctx = this.engineContext(now);
    let queued = 0;
    for (;;) {
      const due = this.store.dueParticipants(now, limit);
      if (due.length === 0) break;
      this.store.transaction(() => {
        for (const row of due) {
          const state = row.state as ParticipantState;
          const result = tick(state, ctx);
          const next = result.state ? nextCheckAt(result.state, ctx) : null;
          // Guard against a participant that stays due without anything to send.
          const safeNext = next && next.getTime() <= now.getTime() ? new Date(now.getTime() + 60_000) : next;
          if (result.state)
            this.store.saveParticipant(row.id, row.channel as Channel, result.state, safeNext, now);
          if (result.outgoing.length > 0) {
            this.enqueue(row.id, row.channel as Channel, result.outgoing, now, true, state.timezone);
            queued += result.outgoing.length;
          }
        }
      });
      if (due.length < limit) break;
    }
    return queued;
  }

  /** A platform says the address cannot receive: stop sending, keep the replies. */
  markUnreachable(participantId: string): void {
    const now = this.clock();
    this.store.transaction(() => {
      this.store.setStatus(participantId, 'unreachable', now);
      this.store.cancelPending(participantId, now);
    });
  }

  /** The platform says the recipient unsubscribed (e.g. Twilio 21610): opt out, never retry. */
  markOptedOut(participantId: string): void {
    const now = this.clock();
    this.store.transaction(() => {
      this.store.setStatus(participantId, 'opted_out', now);
      this.store.cancelPending(participantId, now);
    });
  }

  /**
   * Erases every trace of one address on the given channels, on disk too (the WAL is checkpointed
   * and truncated). Returns participants erased. For one-shot commands: waits for a running bot's
   * write lock synchronously.
   */
  forget(address: string, channels: readonly Channel[]): number {
    let erased = 0;
    this.store.writeSync(() => {
      for (const channel of channels) {
        // Slack ids are upper case; an organizer may type them otherwise.
        const spellings = channel === 'slack' ? new Set([address, address.toUpperCase()]) : [address];
        for (const spelling of spellings) {
          if (this.store.deleteParticipant(this.participantId(channel, spelling), this.clock())) erased += 1;
        }
      }
      // Imported rows whose participant was not a phone number (a form number, an e-mail) have their own pseudonym.
      if (this.store.deleteAuthor(offlineAuthorId(this.keys, address))) erased += 1;
    });
    if (erased > 0) {
      // A reader holding an old snapshot (a running bot mid-query) keeps the checkpoint from
      // completing; it is brief, so try a few times.
      const pause = new Int32Array(new SharedArrayBuffer(4));
      for (let i = 0; i < 50 && this.store.checkpoint().busy; i++) Atomics.wait(pause, 0, 0, 100);
    }
    return erased;
  }
}
