/**
 * The inbound pipeline and the conversation operations around the pure engine:
 * dedupe → pseudonymize → engine step → scrub → persist (one transaction) → outbox.
 * The resident's address exists only in memory here; what is stored is an HMAC id, an
 * encrypted contact and scrubbed text.
 *
 * Each operation loads, steps the pure engine and saves inside one store transaction, with the
 * participants it touches locked first, so several runners on one database never interleave two
 * changes to one participant.
 */

import { setTimeout as sleep } from 'node:timers/promises';
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
import type { NewOutbox, Store, StoreWriter } from '../core/ports/store.js';
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
import { storeTrouble } from '../store/busy.js';

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

/** A message's result, as the adapter's `receive` answers it. */
export type ReceiveOutcome = ReceiveResult & { erased: boolean; queued: boolean };

export type BatchOutcome = { ok: true; result: ReceiveOutcome } | { ok: false; error: unknown };

/** What a message needs before its transaction: ids and keys derived once, off the lock. */
interface PreparedMessage {
  message: InboundMessage;
  normalized: string;
  participantId: string;
  dedupeKey: string;
  text: string;
  inline: boolean;
}

/** How many participants `ask` changes per transaction. */
const ASK_CHUNK = 200;

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

  private prepare(message: InboundMessage): PreparedMessage {
    const normalized = normalizeAddress(message.channel, message.address, this.settings.phoneRegion);
    const participantId = participantIdFor(this.keys, message.channel, normalized);
    return {
      message,
      normalized,
      participantId,
      dedupeKey: inboundKeyFor(this.keys, message.channel, participantId, message.messageId),
      text: cleanInboundText(message.text).slice(0, MAX_INBOUND_CHARS),
      inline: this.capabilitiesOf(message.channel)?.inlineReplies ?? true,
    };
  }

  /**
   * Commits several inbound messages in one transaction (group commit), each in its own savepoint:
   * one message that fails rolls back alone and reports its error; the others commit together.
   * Store trouble (a full disk, a lost connection) fails the whole batch: nothing of it is acknowledged.
   */
  async receiveBatch(messages: readonly InboundMessage[]): Promise<BatchOutcome[]> {
    // Derived outside the transaction: hashing and encryption hold no lock.
    const prepared = messages.map((m) => this.prepare(m));
    return this.store.write(async (tx) => {
      await tx.lockParticipants(prepared.map((p) => p.participantId));
      const outcomes: BatchOutcome[] = [];
      for (const p of prepared) {
        try {
          // Alone in its transaction, a message needs no savepoint: its failure rolls back only itself.
          const result =
            prepared.length === 1
              ? await this.receiveIn(tx, p)
              : await tx.savepoint((sp) => this.receiveIn(sp, p));
          outcomes.push({ ok: true, result });
        } catch (error) {
          if (storeTrouble(error) !== null) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    });
  }

  /** Commits one inbound message and returns the immediate replies. */
  async receive(message: InboundMessage): Promise<ReceiveOutcome> {
    const [outcome] = await this.receiveBatch([message]);
    if (!outcome?.ok) throw outcome?.error;
    return outcome.result;
  }

  /** Inside the transaction, with the participant locked: load, step, save. */
  private async receiveIn(tx: StoreWriter, p: PreparedMessage): Promise<ReceiveOutcome> {
    const { message, participantId, dedupeKey } = p;
    const now = this.clock();
    const view = await tx.inboundView(participantId, dedupeKey);
    if (view.seen) return { duplicate: true, replies: view.seen, erased: false, queued: false };

    const prior = view.state ?? null;
    const ctx = this.engineContext(now);
    const result = step(
      prior,
      {
        text: p.text,
        attachmentCount: message.attachmentCount ?? 0,
        ...(message.timezone ? { timezone: message.timezone } : {}),
      },
      ctx,
    );
    const replies = result.outgoing.map((o) => o.text);
    const erased = result.effects.some((e) => e.type === 'erase');
    let queued = false;
    // Issued together: PostgreSQL pipelines them on the transaction's connection.
    const writes: Array<Promise<unknown>> = [];

    if (erased) {
      writes.push(tx.deleteParticipant(participantId, now));
    } else if (result.state) {
      writes.push(...this.persist(tx, participantId, message.channel, result, prior, ctx));
      if (!prior) writes.push(this.saveContact(tx, participantId, message.channel, p.normalized));
      for (const effect of result.effects) {
        if (effect.type !== 'store_reply') continue;
        writes.push(
          tx.insertReply({
            participantId,
            promptId: effect.promptId,
            isFollowUp: effect.isFollowUp,
            text: scrub(effect.text, { language: result.state.language }).text,
            channel: message.channel,
            language: result.state.language,
            group: result.state.group,
            receivedAt: message.receivedAt,
            source: 'live',
          }),
        );
      }
      // Platforms without an inline answer get the immediate replies through the durable outbox.
      if (!p.inline && result.outgoing.length > 0) {
        writes.push(this.enqueue(tx, participantId, message.channel, result.outgoing, now, false));
        queued = true;
      }
    }
    // The erasure's own key keeps no owner: nothing links it back to the participant.
    writes.push(tx.recordInbound(dedupeKey, replies, now, erased ? null : participantId));
    await Promise.all(writes);
    return { duplicate: false, replies, erased, queued };
  }

  private persist(
    tx: StoreWriter,
    participantId: string,
    channel: Channel,
    result: StepResult,
    prior: ParticipantState | null,
    ctx: EngineContext,
  ): Array<Promise<unknown>> {
    const state = result.state;
    if (!state) return [];
    const writes: Array<Promise<unknown>> = [
      tx.saveParticipant(participantId, channel, state, nextCheckAt(state, ctx), ctx.now),
    ];
    const silenced = state.status !== 'active' && state.status !== 'awaiting_consent';
    if (silenced && prior?.status !== state.status) writes.push(tx.cancelPending(participantId, ctx.now));
    return writes;
  }

  private saveContact(
    tx: StoreWriter,
    participantId: string,
    channel: Channel,
    normalizedAddress: string,
  ): Promise<void> {
    return tx.saveContact(
      participantId,
      channel,
      encryptAddress(this.keys, normalizedAddress),
      contactHashFor(this.keys, channel, normalizedAddress),
    );
  }

  /** Queues messages, split to the platform's limit; scheduled ones wait for the end of quiet hours. */
  private enqueue(
    tx: StoreWriter,
    participantId: string,
    channel: Channel,
    outgoing: Outgoing[],
    now: Date,
    scheduled: boolean,
    timezone?: string | null,
  ): Promise<string[]> {
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
    return tx.enqueue(rows, now);
  }

  /**
   * Queues a notice from the organizers (e.g. the date of the community forum) for one enrolled
   * participant; split to the platform's limit, held back during quiet hours. False when the
   * participant is unknown or not active.
   */
  notice(channel: Channel, address: string, text: string): Promise<boolean> {
    const now = this.clock();
    const participantId = this.participantId(channel, address);
    return this.store.write(async (tx) => {
      await tx.lockParticipants([participantId]);
      const row = await tx.participant(participantId);
      if (row?.status !== 'active') return false;
      await this.enqueue(
        tx,
        participantId,
        channel,
        [{ kind: 'reply', text }],
        now,
        true,
        row.state.timezone,
      );
      return true;
    });
  }

  /** Sends the consent invitation once; nobody is enrolled until they answer it. */
  invite(channel: Channel, address: string): Promise<boolean> {
    const now = this.clock();
    const normalized = normalizeAddress(channel, address, this.settings.phoneRegion);
    const participantId = participantIdFor(this.keys, channel, normalized);
    return this.store.write(async (tx) => {
      await tx.lockParticipants([participantId]);
      if (await tx.participantState(participantId)) return false;
      const ctx = this.engineContext(now);
      const result = welcome(ctx);
      if (!result.state) return false;
      await Promise.all([
        tx.saveParticipant(participantId, channel, result.state, null, now),
        this.saveContact(tx, participantId, channel, normalized),
        this.enqueue(tx, participantId, channel, result.outgoing, now, true),
      ]);
      return true;
    });
  }

  /**
   * An organizer's `ask`: queue a prompt for every active participant. In chunks, each its own
   * transaction with its participants locked, so residents' messages are not held up behind it.
   */
  async ask(promptId: string): Promise<number> {
    const now = this.clock();
    if (!this.settings.script.prompts.some((p) => p.id === promptId)) return 0;
    const ids = await this.store.read((r) => r.activeParticipantIds());
    const ctx = this.engineContext(now);
    let queued = 0;
    for (let start = 0; start < ids.length; start += ASK_CHUNK) {
      const chunk = ids.slice(start, start + ASK_CHUNK);
      queued += await this.store.write(async (tx) => {
        await tx.lockParticipants(chunk);
        let n = 0;
        for (const id of chunk) {
          const row = await tx.participant(id);
          if (row?.status !== 'active') continue;
          const result = forcePrompt(row.state, promptId, ctx);
          if (!result.state || result.outgoing.length === 0) continue;
          const channel = row.channel as Channel;
          await Promise.all([
            tx.saveParticipant(id, channel, result.state, nextCheckAt(result.state, ctx), now),
            this.enqueue(tx, id, channel, result.outgoing, now, true, result.state.timezone),
          ]);
          n += 1;
        }
        return n;
      });
    }
    return queued;
  }

  /**
   * The scheduler's pass: next prompts and reminders that have come due. Returns messages queued.
   * Each due participant is claimed by one transaction at a time, across runners, and read after
   * the claim: a prompt another runner sent meanwhile is seen, and not sent again.
   */
  async tickDue(limit = 500): Promise<number> {
    const now = this.clock();
    const ctx = this.engineContext(now);
    let queued = 0;
    for (;;) {
      const { claimed, sent } = await this.store.write(async (tx) => {
        const due = await tx.claimDueParticipants(now, limit);
        let n = 0;
        const writes: Array<Promise<unknown>> = [];
        for (const row of due) {
          const result = tick(row.state, ctx);
          const next = result.state ? nextCheckAt(result.state, ctx) : null;
          // Guard against a participant that stays due without anything to send.
          const safeNext = next && next.getTime() <= now.getTime() ? new Date(now.getTime() + 60_000) : next;
          const channel = row.channel as Channel;
          if (result.state) writes.push(tx.saveParticipant(row.id, channel, result.state, safeNext, now));
          if (result.outgoing.length > 0) {
            writes.push(this.enqueue(tx, row.id, channel, result.outgoing, now, true, row.state.timezone));
            n += result.outgoing.length;
          }
        }
        await Promise.all(writes);
        return { claimed: due.length, sent: n };
      });
      queued += sent;
      if (claimed < limit) break;
    }
    return queued;
  }

  /** A platform says the address cannot receive: stop sending, keep the replies. */
  markUnreachable(participantId: string): Promise<void> {
    return this.silence(participantId, 'unreachable');
  }

  /** The platform says the recipient unsubscribed (e.g. Twilio 21610): opt out, never retry. */
  markOptedOut(participantId: string): Promise<void> {
    return this.silence(participantId, 'opted_out');
  }

  private silence(participantId: string, status: 'unreachable' | 'opted_out'): Promise<void> {
    const now = this.clock();
    return this.store.write(async (tx) => {
      await tx.lockParticipants([participantId]);
      await tx.setStatus(participantId, status, now);
      await tx.cancelPending(participantId, now);
    });
  }

  /**
   * Erases every trace of one address on the given channels, on disk too where the store can (the
   * SQLite WAL is checkpointed and truncated). Returns participants erased.
   */
  async forget(address: string, channels: readonly Channel[]): Promise<number> {
    const ids = new Set<string>();
    for (const channel of channels) {
      // Slack ids are upper case; an organizer may type them otherwise.
      const spellings = channel === 'slack' ? new Set([address, address.toUpperCase()]) : [address];
      for (const spelling of spellings) ids.add(this.participantId(channel, spelling));
    }
    const erased = await this.store.write(
      async (tx) => {
        await tx.lockParticipants([...ids]);
        let n = 0;
        for (const id of ids) if (await tx.deleteParticipant(id, this.clock())) n += 1;
        // Imported rows whose participant was not a phone number (a form number, an e-mail) have their own pseudonym.
        if (await tx.deleteAuthor(offlineAuthorId(this.keys, address))) n += 1;
        return n;
      },
      { deadlineMs: 60_000 },
    );
    if (erased > 0) {
      // A reader holding an old snapshot (a running bot mid-query) keeps the checkpoint from
      // completing; it is brief, so try a few times.
      for (let i = 0; i < 50 && !(await this.store.flushErasures()).done; i++) await sleep(100);
    }
    return erased;
  }
}
