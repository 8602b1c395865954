/**
 * The store port's contract: one suite every implementation passes (SQLite and PostgreSQL, see
 * sqlite.contract.test.ts and postgres.contract.test.ts). Each test opens a fresh, empty store.
 * `openSecond` (stores several runners may share) opens another handle on the same database, for
 * the guarantees between runners: claims never overlap, locks serialize, dead runners' claims return.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest/build.js';
import { initialState, type ParticipantState } from '../../src/core/engine/state.js';
import type { NewOutbox, NewReply, ReplyCursor, Store } from '../../src/core/ports/store.js';
import { importReplies, WEEK3, week3, week3Input } from '../core/digest/fixtures.js';
import { direct } from '../helpers/store.js';

export interface ContractTarget {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Another handle on the database of the last `open` (shared stores only). */
  openSecond?: () => Promise<Store>;
}

const T0 = new Date('2026-11-20T12:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function state(overrides: Partial<ParticipantState> = {}): ParticipantState {
  return { ...initialState('en'), ...overrides };
}

function message(participantId: string, text: string, notBefore = T0): NewOutbox {
  return { participantId, channel: 'sms', text, kind: 'reply', promptId: null, notBefore };
}

function reply(overrides: Partial<NewReply> = {}): NewReply {
  return {
    participantId: null,
    promptId: 'noticed',
    isFollowUp: false,
    text: 'The buses are late',
    channel: 'sms',
    language: 'en',
    group: null,
    receivedAt: T0,
    source: 'live',
    ...overrides,
  };
}

export function storeContract(name: string, target: ContractTarget): void {
  describe(`store contract: ${name}`, () => {
    const opened: Store[] = [];
    const open = async () => {
      const store = await target.open();
      opened.push(store);
      return store;
    };
    const second = async () => {
      const store = await target.openSecond!();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    });

    async function participant(store: Store, id: string, overrides: Partial<ParticipantState> = {}) {
      await direct(store).saveParticipant(id, 'sms', state(overrides), null, T0);
    }

    it('saves and loads a participant: state as JSON, columns kept in step', async () => {
      const store = await open();
      const s = state({ status: 'active', language: 'fr', group: 'parents', consentedAt: T0.toISOString() });
      await direct(store).saveParticipant('p1', 'sms', s, at(60), T0);
      const row = await store.read((r) => r.participant('p1'));
      expect(row).toMatchObject({
        id: 'p1',
        channel: 'sms',
        status: 'active',
        language: 'fr',
        group: 'parents',
      });
      expect(row?.nextCheckAt?.getTime()).toBe(at(60).getTime());
      expect(row?.consentedAt?.getTime()).toBe(T0.getTime());
      expect(await store.read((r) => r.participant('nobody'))).toBeUndefined();
      expect(await direct(store).participantState('p1')).toEqual(s);

      await direct(store).setStatus('p1', 'opted_out', at(1));
      expect((await direct(store).participantState('p1'))?.status).toBe('opted_out');
      expect((await store.read((r) => r.participant('p1')))?.nextCheckAt).toBeNull();
      expect(await store.read((r) => r.activeParticipantIds())).toEqual([]);
    });

    it('a write that throws leaves nothing; a savepoint that throws loses only its own writes', async () => {
      const store = await open();
      await expect(
        store.write(async (tx) => {
          await tx.saveParticipant('gone', 'sms', state(), null, T0);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.read((r) => r.participant('gone'))).toBeUndefined();

      await store.write(async (tx) => {
        await tx.saveParticipant('kept', 'sms', state(), null, T0);
        await tx
          .savepoint(async (inner) => {
            await inner.saveParticipant('rolled-back', 'sms', state(), null, T0);
            throw new Error('inner');
          })
          .catch(() => undefined);
      });
      expect(await store.read((r) => r.participant('kept'))).toBeDefined();
      expect(await store.read((r) => r.participant('rolled-back'))).toBeUndefined();
    });

    it('deduplicates inbound messages by key and platform events by id', async () => {
      const store = await open();
      await participant(store, 'p1');
      const first = await store.write((tx) => tx.inboundView('p1', 'sms:SM1'));
      expect(first.seen).toBeUndefined();
      expect(first.state?.status).toBe('awaiting_consent');
      await direct(store).recordInbound('sms:SM1', ['Thank you'], T0, 'p1');
      expect((await store.write((tx) => tx.inboundView('p1', 'sms:SM1'))).seen).toEqual(['Thank you']);
      await expect(direct(store).recordInbound('sms:SM1', ['again'], T0, 'p1')).rejects.toThrow();

      expect(await direct(store).claimEvent('slack:Ev1', T0)).toBe(true);
      expect(await direct(store).claimEvent('slack:Ev1', T0)).toBe(false);
      expect(await direct(store).pruneInbound(at(1))).toBe(2);
      expect((await store.write((tx) => tx.inboundView('p1', 'sms:SM1'))).seen).toBeUndefined();
    });

    it('stores replies, imports each import key once, counts people, pages a period', async () => {
      const store = await open();
      await participant(store, 'p1');
      await direct(store).insertReply(reply({ participantId: 'p1', text: 'Buses are late again' }));
      const rows = week3().map((r, n) =>
        reply({
          text: r.text,
          receivedAt: r.receivedAt,
          source: 'imported',
          importKey: `k${n}`,
          authorId: n % 2 ? 'a1' : null,
        }),
      );
      expect(await store.insertImported(rows, 7)).toBe(rows.length);
      expect(await store.insertImported(rows, 7)).toBe(0);
      expect(await store.read((r) => r.countReplies())).toBe(rows.length + 1);
      const everything = await store.read((r) => r.repliesBetween(new Date(0), at(60 * 24 * 30)));
      const paged = [];
      for (let after: ReplyCursor | undefined; ; ) {
        const page = await store.read((r) =>
          r.repliesBetween(new Date(0), at(60 * 24 * 30), { ...(after ? { after } : {}), limit: 4 }),
        );
        paged.push(...page);
        if (page.length < 4) break;
        after = page[page.length - 1];
      }
      expect(paged).toEqual(everything);
      // p1, author a1, and each imported row without an author counts once.
      const withoutAuthor = rows.filter((_, n) => n % 2 === 0).length;
      expect(await store.read((r) => r.countAuthors(new Date(0), at(60 * 24 * 30)))).toBe(2 + withoutAuthor);

      const found = await store.read((r) => r.searchReplies({ q: 'late' }, { limit: 50, offset: 0 }));
      expect(found.total).toBeGreaterThan(1);
      expect(found.rows.every((row) => /late/i.test(row.text))).toBe(true);
      expect(found.rows[0]).not.toHaveProperty('participantId');
      const wild = await store.read((r) => r.searchReplies({ q: '%' }, { limit: 5, offset: 0 }));
      expect(wild.total).toBe(0);
      expect((await store.read((r) => r.replyFacets())).channels).toEqual(['sms']);
    });

    it('outbox: one row per resident in flight, in queue order; claims by attempt key; leases recovered', async () => {
      const store = await open();
      await participant(store, 'a');
      await participant(store, 'b');
      await direct(store).enqueue([message('a', 'a1'), message('a', 'a2'), message('b', 'b1')], T0);
      await direct(store).enqueue([message('b', 'later', at(10))], T0);

      const claimed = await direct(store).claimOutbox('sms', T0, 10, 30_000);
      expect(claimed.map((r) => r.text).sort()).toEqual(['a1', 'b1']);
      expect(claimed.every((r) => r.status === 'sending' && r.attempts === 1 && r.attemptKey)).toBe(true);
      expect(await direct(store).claimOutbox('sms', T0, 10, 30_000)).toEqual([]);

      const a1 = claimed.find((r) => r.text === 'a1')!;
      const b1 = claimed.find((r) => r.text === 'b1')!;
      expect(
        await direct(store).completeOutbox(
          a1.id,
          'not-the-key',
          { status: 'sent', providerMessageId: 'X' },
          T0,
        ),
      ).toBe(false);
      expect(
        await direct(store).completeOutbox(
          a1.id,
          a1.attemptKey!,
          { status: 'sent', providerMessageId: 'SMa1' },
          T0,
        ),
      ).toBe(true);
      expect((await direct(store).claimOutbox('sms', T0, 10, 30_000)).map((r) => r.text)).toEqual(['a2']);

      // b1's dispatcher died: its lease runs out and the row goes back to the queue.
      expect(await direct(store).recoverClaims(at(0.25))).toBe(0);
      expect(await direct(store).recoverClaims(at(1))).toBeGreaterThanOrEqual(1);
      const again = await direct(store).claimOutbox('sms', at(1), 10, 30_000);
      expect(again.map((r) => r.text)).toContain('b1');
      expect(again.find((r) => r.text === 'b1')?.attempts).toBe(2);
      // The old attempt can no longer complete it.
      expect(
        await direct(store).completeOutbox(
          b1.id,
          b1.attemptKey!,
          { status: 'sent', providerMessageId: 'old' },
          T0,
        ),
      ).toBe(false);

      // Statuses only move forward.
      expect(await direct(store).applyDeliveryStatus('SMa1', 'delivered', null, at(2))).toBe(true);
      expect(await direct(store).applyDeliveryStatus('SMa1', 'sent', null, at(3))).toBe(false);
      expect((await store.read((r) => r.outboxFor('a'))).find((r) => r.text === 'a1')?.status).toBe(
        'delivered',
      );
      expect((await store.read((r) => r.nextOutboxTime(['sms'])))?.getTime()).toBe(at(10).getTime());
    });

    it('outbox: a released claim is pending again without an attempt; cancel stops the queue', async () => {
      const store = await open();
      await participant(store, 'a');
      await direct(store).enqueue([message('a', 'one'), message('a', 'two')], T0);
      const [row] = await direct(store).claimOutbox('sms', T0, 10, 30_000);
      expect(await direct(store).releaseOutbox(row!.id, row!.attemptKey!, at(5), T0)).toBe(true);
      const back = (await store.read((r) => r.outboxFor('a'))).find((r) => r.id === row!.id);
      expect(back).toMatchObject({ status: 'pending', attempts: 0 });
      expect(back?.notBefore.getTime()).toBe(at(5).getTime());
      expect(await direct(store).cancelPending('a', T0)).toBe(2);
      expect(await direct(store).claimOutbox('sms', at(10), 10, 30_000)).toEqual([]);
    });

    it('erases a participant: contact, state, replies and queue go; dedupe keys stay, blank', async () => {
      const store = await open();
      await participant(store, 'p1');
      await direct(store).saveContact('p1', 'sms', 'sealed', 'hash-1');
      await direct(store).insertReply(reply({ participantId: 'p1' }));
      await direct(store).enqueue([message('p1', 'hi')], T0);
      await direct(store).recordInbound('sms:SM9', ['Thank you, p1'], T0, 'p1');
      expect(await store.read((r) => r.contactCiphertext('p1'))).toBe('sealed');

      expect(await direct(store).deleteParticipant('p1', at(1))).toBe(true);
      expect(await store.read((r) => r.participant('p1'))).toBeUndefined();
      expect(await store.read((r) => r.contact('p1'))).toBeUndefined();
      expect(await store.read((r) => r.countReplies())).toBe(0);
      expect(await store.read((r) => r.outboxFor('p1'))).toEqual([]);
      expect((await store.write((tx) => tx.inboundView('p1', 'sms:SM9'))).seen).toEqual([]);
      expect(await direct(store).deleteParticipant('p1', at(2))).toBe(false);
      expect((await store.flushErasures()).done).toBe(true);
    });

    it('due participants: claimed with their state read after the lock', async () => {
      const store = await open();
      await direct(store).saveParticipant('due', 'sms', state({ status: 'active' }), at(-1), T0);
      await direct(store).saveParticipant('later', 'sms', state({ status: 'active' }), at(60), T0);
      await direct(store).saveParticipant('opted_out', 'sms', state({ status: 'opted_out' }), at(-1), T0);
      const due = await store.write((tx) => tx.claimDueParticipants(T0, 10));
      expect(due.map((p) => p.id)).toEqual(['due']);
    });

    it('digests: stored once per period, posted once per destination, reviewed once', async () => {
      const store = await open();
      await importReplies(store, week3());
      const digest = await buildDigest(week3Input());
      const first = await direct(store).saveDigestOnce(WEEK3, digest, T0);
      expect(first.created).toBe(true);
      const again = await direct(store).saveDigestOnce(
        WEEK3,
        { ...digest, generatedAt: at(5).toISOString() },
        at(5),
      );
      expect(again.created).toBe(false);
      expect(again.digest).toEqual(digest);
      expect(await store.read((r) => r.getDigest(digest.id))).toEqual(digest);
      expect(await store.read((r) => r.digestForPeriod(WEEK3))).toEqual(digest);
      expect(await store.read((r) => r.digestsBefore(WEEK3.end, 4))).toEqual([digest]);
      expect((await store.read((r) => r.digestPeriod(digest.id)))?.start.getTime()).toBe(
        WEEK3.start.getTime(),
      );

      expect(await direct(store).claimPost(digest.id, 'slack', T0)).toBe(true);
      expect(await direct(store).claimPost(digest.id, 'slack', T0)).toBe(false);
      await direct(store).claimPost(digest.id, 'discord', T0);
      await direct(store).releasePost(digest.id, 'discord');
      expect(await store.read((r) => r.postedDestinations(digest.id))).toEqual(['slack']);
      expect((await store.read((r) => r.listDigests()))[0]).toMatchObject({
        id: digest.id,
        postedTo: ['slack'],
      });

      expect(await store.read((r) => r.lastDigestRun())).toBeUndefined();
      await direct(store).setLastDigestRun(T0, T0);
      await direct(store).setLastDigestRun(at(1), at(1));
      expect((await store.read((r) => r.lastDigestRun()))?.getTime()).toBe(at(1).getTime());

      const review = await direct(store).openReview(digest.id, T0, at(60));
      expect((await direct(store).openReview(digest.id, at(5), at(120))).reviewUntil).toEqual(
        review.reviewUntil,
      );
      expect(await store.read((r) => r.reviewsDue(at(30)))).toEqual([]);
      expect(await direct(store).approveReview(digest.id, 'ana', at(10))).toBe(true);
      expect(await direct(store).approveReview(digest.id, 'ana', at(11))).toBe(false);
      expect((await store.read((r) => r.reviewsDue(at(30)))).map((r) => r.digestId)).toEqual([digest.id]);
      await direct(store).markReleased(digest.id, at(31));
      expect(await store.read((r) => r.pendingReviews())).toEqual([]);
    });

    it('digests: every revision kept, each destination posted once per revision, late replies seen', async () => {
      const store = await open();
      await importReplies(
        store,
        week3().map((r) => ({ ...r, authorId: `author-${r.participantId ?? r.id}` })),
      );
      const digest = await buildDigest(week3Input());
      await direct(store).saveDigestOnce(WEEK3, digest, T0);
      const source = await store.read((r) => r.periodSource(WEEK3.start, WEEK3.end));
      expect(source.replies).toBe(digest.participation.replies);
      expect((await store.read((r) => r.storedPeriods())).map((p) => p.id)).toEqual([digest.id]);
      // The replies carry their imported author, for counting people.
      const replies = await store.read((r) => r.repliesBetween(WEEK3.start, WEEK3.end));
      expect(replies.some((r) => r.authorId)).toBe(true);

      await importReplies(store, week3().slice(0, 2), 'offline', 'late');
      const later = await store.read((r) => r.periodSource(WEEK3.start, WEEK3.end));
      expect(later.replies).toBe(source.replies + 2);
      expect(later.fingerprint).not.toBe(source.fingerprint);
      const revised = {
        ...digest,
        generatedAt: at(60).toISOString(),
        revision: {
          number: 2,
          revisedAt: at(60).toISOString(),
          addedReplies: 2,
          firstBuiltAt: digest.generatedAt,
        },
      };
      await direct(store).saveRevision(revised, at(60));
      expect(await store.read((r) => r.getDigest(digest.id))).toEqual(revised);
      expect(
        (await store.read((r) => r.digestRevisions(digest.id))).map((d) => d.revision?.number ?? 1),
      ).toEqual([1, 2]);
      // Versions are kept as they read; only the stored digest keeps what the next build starts from.
      const versions = await store.read((r) => r.digestRevisions(digest.id));
      expect(versions.flatMap((v) => v.prompts).some((p) => p.model || p.assignments)).toBe(false);
      expect((await store.read((r) => r.getDigest(digest.id)))?.prompts[0]?.assignments).toBeDefined();
      await expect(direct(store).saveRevision(digest, at(61))).rejects.toThrow(/not a revision/);

      expect(await direct(store).claimPost(digest.id, 'slack', T0)).toBe(true);
      expect(await direct(store).claimPost(digest.id, 'slack', at(61), 2)).toBe(true);
      expect(await direct(store).claimPost(digest.id, 'slack', at(62), 2)).toBe(false);
      expect(await direct(store).claimPost(digest.id, 'files', at(61), 2)).toBe(true);
      await direct(store).releasePost(digest.id, 'files', 2);
      expect(await store.read((r) => r.postedRevisions(digest.id))).toEqual(new Map([['slack', 2]]));
      expect(await store.read((r) => r.postedDestinations(digest.id))).toEqual(['slack']);
      expect((await store.read((r) => r.listDigests()))[0]?.postedTo).toEqual(['slack']);

      expect(await direct(store).dropRevisionsBefore(digest.id, 2)).toBe(1);
      expect(
        (await store.read((r) => r.digestRevisions(digest.id))).map((d) => d.revision?.number ?? 1),
      ).toEqual([2]);
      expect(await store.read((r) => r.getDigest(digest.id))).toEqual(revised);
    });

    it("the organizers' workspace: accounts, sessions that expire, edits in order", async () => {
      const store = await open();
      expect(await direct(store).addAccount('ana', 'hash-a', T0)).toBe(true);
      expect(await direct(store).addAccount('ana', 'hash-b', T0)).toBe(false);
      expect(await store.read((r) => r.accountKeyHash('ana'))).toBe('hash-a');
      const session = JSON.stringify({ organizer: { actor: 'ana' } });
      await direct(store).writeSession('s1', session, at(30));
      expect(await direct(store).readSession('s1', at(10))).toBe(session);
      await direct(store).touchSession('s1', at(60));
      expect(await direct(store).readSession('s1', at(45))).toBe(session);
      expect(await direct(store).readSession('s1', at(61))).toBeUndefined();
      await direct(store).writeSession('s2', session, at(30));
      expect(await direct(store).removeAccount('ana')).toBe(true);
      expect(await direct(store).readSession('s2', at(1))).toBeUndefined();
      expect(await store.read((r) => r.listAccounts())).toEqual([]);

      for (const action of ['rename', 'merge', 'hide-quote']) {
        await direct(store).addThemeEdit(
          { themeKey: 't', action, value: null, digestId: null, actor: 'ana' },
          T0,
        );
      }
      expect((await store.read((r) => r.listThemeEdits())).map((e) => e.action)).toEqual([
        'rename',
        'merge',
        'hide-quote',
      ]);
    });

    it('answers a ping', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe.skipIf(!target.openSecond)('between runners on one database', () => {
      it('two runners claiming at once never take the same outbox row', async () => {
        const one = await open();
        const two = await second();
        const ids = Array.from({ length: 40 }, (_, i) => `r${i}`);
        for (const id of ids) await participant(one, id);
        await direct(one).enqueue(
          ids.map((id) => message(id, `to ${id}`)),
          T0,
        );
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) => direct(i % 2 ? two : one).claimOutbox('sms', T0, 7, 30_000)),
        );
        const claimedIds = claims.flat().map((r) => r.id);
        expect(new Set(claimedIds).size).toBe(claimedIds.length);
        expect(claimedIds.length).toBe(40);
      });

      it("a runner's participant lock holds another's transaction until it commits", async () => {
        const one = await open();
        const two = await second();
        const order: string[] = [];
        let locked!: () => void;
        const holding = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const first = one.write(async (tx) => {
          await tx.lockParticipants(['p1', 'p2']);
          locked();
          order.push('one locked');
          await new Promise((resolve) => setTimeout(resolve, 300));
          order.push('one done');
        });
        await holding;
        await two.write(async (tx) => {
          await tx.lockParticipants(['p2']);
          order.push('two locked');
        });
        await first;
        expect(order).toEqual(['one locked', 'one done', 'two locked']);
      });

      it('a due participant goes to one runner at a time', async () => {
        const one = await open();
        const two = await second();
        await direct(one).saveParticipant('due', 'sms', state({ status: 'active' }), at(-1), T0);
        let release!: () => void;
        const wait = new Promise<void>((resolve) => {
          release = resolve;
        });
        let claimedByOne!: () => void;
        const oneHas = new Promise<void>((resolve) => {
          claimedByOne = resolve;
        });
        const first = one.write(async (tx) => {
          const due = await tx.claimDueParticipants(T0, 10);
          claimedByOne();
          await wait;
          return due.map((p) => p.id);
        });
        await oneHas;
        const byTwo = await two.write((tx) => tx.claimDueParticipants(T0, 10));
        release();
        expect(await first).toEqual(['due']);
        expect(byTwo).toEqual([]);
      });

      it("a runner that is gone loses its claims at once; a live runner's claims stay", async () => {
        const one = await open();
        const two = await second();
        await participant(one, 'a');
        await participant(one, 'b');
        await direct(one).enqueue([message('a', 'a1'), message('b', 'b1')], T0);
        const [byOne] = await direct(one).claimOutbox('sms', T0, 1, 60_000);
        const [byTwo] = await direct(two).claimOutbox('sms', T0, 1, 60_000);
        expect(byOne && byTwo).toBeTruthy();
        expect(await direct(one).recoverClaims(T0)).toBe(0);
        await two.close();
        expect(await direct(one).recoverClaims(T0)).toBe(1);
        const pending = (await one.read((r) => r.outboxFor(byTwo!.participantId)))[0];
        expect(pending?.status).toBe('pending');
      });
    });
  });
}
