import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/types.js';
import type { Themer } from '../../src/core/digest/build.js';
import { periodOf } from '../../src/core/digest/period.js';
import type { Digest } from '../../src/core/digest/types.js';
import { ErrorCode, isVoicesError, VoicesError } from '../../src/core/errors.js';
import {
  type DigestDestination,
  DigestScheduler,
  type DigestSettings,
  digestDestinations,
  ensureDigest,
  publishToDestinations,
  reviseDigests,
} from '../../src/runner/digest-scheduler.js';
import { createLogger } from '../../src/runner/logger.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { importReplies, PROMPT_TEXTS, ruleThemer, week1, week2, week3 } from '../core/digest/fixtures.js';
import { direct } from '../helpers/store.js';
import { getPage, signIn } from '../helpers/workspace.js';

const silent = createLogger('silent');

let dir: string;
let store: SqliteStore;
let themerCalls: number;
const countingThemer: Themer = (inputs, options) => {
  themerCalls += 1;
  return ruleThemer(inputs, options);
};

function settings(): DigestSettings {
  return {
    store: store,
    organization: 'Test org',
    language: 'en',
    timezone: 'America/Toronto',
    promptTexts: PROMPT_TEXTS,
    themer: countingThemer,
  };
}

/** A destination recording what it was given; `failures` makes its next posts throw. */
function recorder(name: string) {
  const posted: Digest[] = [];
  let failures = 0;
  const destination: DigestDestination = {
    name,
    async publish(digest) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('platform down');
      }
      posted.push(digest);
    },
  };
  return { destination, posted, failNext: (n: number) => (failures = n) };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-digest-'));
  store = new SqliteStore(join(dir, 'voices.db'));
  themerCalls = 0;
  await importReplies(store, [...week1(), ...week2(), ...week3()]);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const WEEK3 = periodOf('2026-11-16', '2026-11-22', 'America/Toronto');

describe('ensureDigest', () => {
  it('builds a period once and then returns the stored digest', async () => {
    const first = await ensureDigest(settings(), WEEK3, new Date('2026-11-23T14:00:00Z'));
    expect(first.created).toBe(true);
    expect(first.digest.participation.replies).toBe(27);
    expect(first.digest.prompts[0]?.themes.find((t) => t.quotes[0]?.text.includes('bus'))?.history).toEqual([
      0, 0, 4, 5,
    ]);
    const calls = themerCalls;
    const second = await ensureDigest(settings(), WEEK3, new Date('2026-11-24T14:00:00Z'));
    expect(second.created).toBe(false);
    expect(second.digest).toEqual(first.digest);
    expect(themerCalls).toBe(calls);
    expect((await direct(store).listDigests()).map((d) => d.id)).toEqual(['2026-11-16_2026-11-23']);
  });
});

describe('publishToDestinations', () => {
  it('posts to each destination once, and retries only a destination that failed', async () => {
    const { digest } = await ensureDigest(settings(), WEEK3, new Date());
    const slack = recorder('slack');
    const discord = recorder('discord');
    discord.failNext(1);
    const now = new Date();
    const first = await publishToDestinations(store, digest, [slack.destination, discord.destination], now);
    expect(first).toEqual({ posted: ['slack'], skipped: [], failed: ['discord'], unconfigured: [] });
    expect(await direct(store).postedDestinations(digest.id)).toEqual(['slack']);
    const second = await publishToDestinations(store, digest, [slack.destination, discord.destination], now);
    expect(second).toEqual({ posted: ['discord'], skipped: ['slack'], failed: [], unconfigured: [] });
    expect(slack.posted).toHaveLength(1);
    expect(discord.posted).toHaveLength(1);
    const third = await publishToDestinations(store, digest, [slack.destination, discord.destination], now);
    expect(third.posted).toEqual([]);
  });

  it('does not retry a destination missing its setting, and still completes the run', async () => {
    const slack: DigestDestination = {
      name: 'slack',
      async publish() {
        throw new VoicesError(ErrorCode.ConfigInvalid, 'SLACK_DIGEST_CHANNEL is not set');
      },
    };
    const files = recorder('files');
    const s = new DigestScheduler({
      ...settings(),
      destinations: [slack, files.destination],
      logger: silent,
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    await s.start();
    await s.runDue(new Date('2026-11-23T14:00:01Z'));
    await s.stop();
    expect(files.posted).toHaveLength(1);
    expect(await direct(store).postedDestinations('2026-11-16_2026-11-23')).toEqual(['files']);
    expect((await direct(store).lastDigestRun())?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
  });

  it('writes HTML and Markdown files, and takes adapters that can publish', async () => {
    const { digest } = await ensureDigest(settings(), WEEK3, new Date());
    const published: string[] = [];
    const adapters = [
      { name: 'sms' } as Adapter,
      { name: 'slack', publishDigest: async (d: Digest) => void published.push(d.id) } as unknown as Adapter,
    ];
    const out = join(dir, 'digests');
    const destinations = digestDestinations(adapters, out);
    expect(destinations.map((d) => d.name)).toEqual(['slack', 'files']);
    await publishToDestinations(store, digest, destinations, new Date());
    expect(published).toEqual([digest.id]);
    expect(readFileSync(join(out, `${digest.id}.html`), 'utf8')).toContain('<svg id="themes-chart"');
    expect(readFileSync(join(out, `${digest.id}.md`), 'utf8')).toContain('# Weekly digest · Test org');
  });
});

describe('DigestScheduler', () => {
  function scheduler(now: () => Date, destinations: DigestDestination[]) {
    return new DigestScheduler({ ...settings(), destinations, logger: silent, now });
  }

  it('runs Monday 09:00 in the organizers timezone, posts once, and catches up a run missed while down', async () => {
    const slack = recorder('slack');
    let t = new Date('2026-11-20T12:00:00Z');
    const first = scheduler(() => t, [slack.destination]);
    await first.start();
    // First start: nothing was missed.
    expect(slack.posted).toHaveLength(0);
    expect(first.nextRun()?.toISOString()).toBe('2026-11-23T14:00:00.000Z'); // 09:00 EST
    await first.stop();

    // Down over Monday 09:00; started again on Tuesday: the missed run happens at start.
    t = new Date('2026-11-24T08:00:00Z');
    const second = scheduler(() => t, [slack.destination]);
    await second.start();
    expect(slack.posted.map((d) => d.id)).toEqual(['2026-11-16_2026-11-23']);
    expect(slack.posted[0]?.participation.replies).toBe(27);
    expect((await direct(store).lastDigestRun())?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    // Due again later the same week: nothing new.
    await second.runDue(new Date('2026-11-25T08:00:00Z'));
    await second.stop();

    // A restart does not post the same period twice.
    const third = scheduler(() => t, [slack.destination]);
    await third.start();
    await third.stop();
    expect(slack.posted).toHaveLength(1);
  });

  it('keeps a run due until every destination took it, without posting twice to the others', async () => {
    const slack = recorder('slack');
    const discord = recorder('discord');
    discord.failNext(1);
    const t = new Date('2026-11-20T12:00:00Z');
    const s = scheduler(() => t, [slack.destination, discord.destination]);
    await s.start();
    await s.runDue(new Date('2026-11-23T14:00:01Z'));
    expect(slack.posted).toHaveLength(1);
    expect(discord.posted).toHaveLength(0);
    expect((await direct(store).lastDigestRun())?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    await s.runDue(new Date('2026-11-23T14:05:00Z'));
    expect(slack.posted).toHaveLength(1);
    expect(discord.posted).toHaveLength(1);
    expect((await direct(store).lastDigestRun())?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    await s.stop();
  });

  it('refuses a bad DIGEST_CRON with a config error naming it', () => {
    try {
      new DigestScheduler({ ...settings(), cron: 'every monday', destinations: [], logger: silent });
      expect.unreachable();
    } catch (err) {
      expect(isVoicesError(err, 'config_invalid')).toBe(true);
      expect((err as Error).message).toContain('DIGEST_CRON');
    }
  });

  it('rebuilds a stored digest at the next schedule when late notes of its week arrive, replacing only the files', async () => {
    const slack = recorder('slack');
    const files = recorder('files');
    files.destination.replacesInPlace = true;
    const s = scheduler(() => new Date('2026-11-20T12:00:00Z'), [slack.destination, files.destination]);
    await s.start();
    await s.runDue(new Date('2026-11-23T14:00:01Z'));
    expect(slack.posted.map((d) => d.id)).toEqual(['2026-11-16_2026-11-23']);
    // Three notes from the week of Nov 16 are imported on Friday.
    const late = week3({ imported: false }).slice(0, 3);
    await importReplies(
      store,
      late.map((r) => ({ ...r, text: `${r.text}, written on paper` })),
      'offline',
      'late',
    );
    // Monday: the next run revises the earlier week, then builds the new one.
    await s.runDue(new Date('2026-11-30T14:00:01Z'));
    await s.stop();
    const revisions = await store.read((r) => r.digestRevisions('2026-11-16_2026-11-23'));
    expect(revisions.map((d) => [d.revision?.number ?? 1, d.participation.replies])).toEqual([
      [1, 27],
      [2, 30],
    ]);
    expect(revisions[1]?.revision?.addedReplies).toBe(3);
    // Slack has the first version and the new week; the files got the revision too.
    expect(slack.posted.map((d) => [d.id, d.revision?.number])).toEqual([
      ['2026-11-16_2026-11-23', undefined],
      ['2026-11-23_2026-11-30', undefined],
    ]);
    expect(files.posted.map((d) => [d.id, d.revision?.number])).toEqual([
      ['2026-11-16_2026-11-23', undefined],
      ['2026-11-16_2026-11-23', 2],
      ['2026-11-23_2026-11-30', undefined],
    ]);
    // Nothing changed since: the run after revises nothing.
    expect(await reviseDigests(settings(), new Date('2026-12-07T14:00:00Z'))).toEqual([]);
  });

  it('after an erasure, the rebuild replaces every earlier version: none keeps the erased words', async () => {
    const erased = 'The bus driver on route nine, Sam, is always rude to me';
    const [one] = week3({ imported: false });
    await importReplies(store, [{ ...one!, text: erased, authorId: 'author-to-erase' }], 'offline', 'erase');
    const { digest } = await ensureDigest(settings(), WEEK3, new Date('2026-11-23T14:00:00Z'));
    expect(JSON.stringify(digest)).toContain(erased);
    expect(await direct(store).deleteAuthor('author-to-erase')).toBe(true);
    const [revised] = await reviseDigests(settings(), new Date('2026-11-24T14:00:00Z'));
    expect(revised?.revision).toMatchObject({ number: 2, addedReplies: -1 });
    const versions = await store.read((r) => r.digestRevisions(digest.id));
    expect(versions.map((d) => d.revision?.number ?? 1)).toEqual([2]);
    for (const version of versions) expect(JSON.stringify(version)).not.toContain(erased);
    expect(JSON.stringify(await store.read((r) => r.getDigest(digest.id)))).not.toContain(erased);
  });

  it('posts each destination in its own language', async () => {
    const { digest } = await ensureDigest(settings(), WEEK3, new Date());
    const seen: Array<[string, string]> = [];
    const adapters = [
      {
        name: 'slack',
        publishDigest: async (d: Digest) => void seen.push(['slack', d.prompts[0]!.promptText]),
      },
      {
        name: 'discord',
        publishDigest: async (d: Digest) => void seen.push(['discord', d.prompts[0]!.promptText]),
      },
    ] as unknown as Adapter[];
    const out = join(dir, 'fr');
    await publishToDestinations(
      store,
      digest,
      digestDestinations(adapters, out, { slack: 'fr', files: 'fr' }),
      new Date(),
    );
    expect(seen).toEqual([
      ['slack', PROMPT_TEXTS.noticed.fr],
      ['discord', PROMPT_TEXTS.noticed.en],
    ]);
    expect(readFileSync(join(out, `${digest.id}.md`), 'utf8')).toContain('# Synthèse de la semaine');
  });

  it('writes no file before the first scheduled time', async () => {
    const out = join(dir, 'out');
    const s = scheduler(() => new Date('2026-11-20T12:00:00Z'), digestDestinations([], out));
    await s.start();
    await s.stop();
    expect(existsSync(out)).toBe(false);
  });
});

describe('digest in the runner', () => {
  it('catches up a Monday run missed while down, posts files once, and shows it in the workspace', async () => {
    const { startRunner } = await import('../../src/runner/runner.js');
    const out = join(dir, 'digests');
    const token = 'organizers-token-0123456789';
    let now = new Date('2026-11-20T12:00:00Z');
    const env = {
      VOICES_DB: join(dir, 'voices.db'),
      VOICES_SECRET: 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADAPTERS: 'simulator',
      ORG_NAME: 'Riverside Community Centre',
      TIMEZONE: 'America/Toronto',
      SCHEDULER_INTERVAL_MS: '3600000',
      DIGEST_DIR: out,
      DASHBOARD_TOKEN: token,
    };
    await store.close();
    const html = join(out, '2026-11-16_2026-11-23.html');

    // Friday: the first start; nothing is due yet.
    let runner = await startRunner({ env, now: () => now });
    await runner.close();
    expect(existsSync(out)).toBe(false);

    // Down over Monday 09:00; started on Tuesday: the missed digest is built and written.
    now = new Date('2026-11-24T13:00:00Z');
    runner = await startRunner({ env, now: () => now });
    await expect.poll(() => existsSync(html), { timeout: 120_000, interval: 200 }).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('Riverside Community Centre');
    const page = await getPage(
      runner.url,
      '/organizers/digests/2026-11-16_2026-11-23',
      await signIn(runner.url, token),
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('posted to files');
    expect(await direct(runner.store).postedDestinations('2026-11-16_2026-11-23')).toEqual(['files']);
    await runner.close();

    // Started again: the period is not posted twice.
    rmSync(html);
    runner = await startRunner({ env, now: () => now });
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(html)).toBe(false);
    expect(await direct(runner.store).listDigests()).toHaveLength(1);
    await runner.close();
    store = new SqliteStore(join(dir, 'voices.db'));
  }, 180_000);
});
