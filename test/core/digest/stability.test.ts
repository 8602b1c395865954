/**
 * With the real theme engine: the bg2050 statements spread over four weeks. A few unrelated replies added to the last
 * week move no earlier week's count and no trend word (the finding: "4 added replies turned 'fading (19→32→30→20)'
 * into 'new (0→0→0→0→13)'"), and a theme keeps its key, name and earlier counts from one week's digest to the next.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type BuildDigestInput, buildDigest, type DigestReply } from '../../../src/core/digest/build.js';
import { addDays, periodOf } from '../../../src/core/digest/period.js';
import { engineThemer } from '../../../src/core/digest/themer.js';
import type { Digest, DigestTheme } from '../../../src/core/digest/types.js';
import { PROMPT_TEXTS } from './fixtures.js';

const DATASETS = resolve(import.meta.dirname, '../../../../shared/datasets');
const TZ = 'America/Toronto';
const FIRST = '2026-10-26';
const week = (w: number) => periodOf(addDays(FIRST, 7 * w), addDays(FIRST, 7 * w + 6), TZ);

function rows(file: string, column = 'text'): string[] {
  return (parse(readFileSync(resolve(DATASETS, file)), { columns: true }) as Array<Record<string, string>>)
    .map((r) => r[column]?.trim() ?? '')
    .filter(Boolean);
}

const statements = rows('community-bg2050-volunteers-topics.csv');
const byWeek: DigestReply[][] = [[], [], [], []];
statements.forEach((text, i) => {
  const w = (i * 7) % 4;
  byWeek[w]!.push({
    id: `s${i}`,
    promptId: 'noticed',
    text,
    group: ['parent', 'youth', 'senior', 'other'][i % 4]!,
    channel: 'offline',
    participantId: null,
    authorId: `a${i}`,
    receivedAt: new Date(week(w).start.getTime() + (i % 150) * 3_600_000),
    language: 'en',
  });
});

function input(w: number, extra: DigestReply[] = [], seed?: Digest): BuildDigestInput {
  return {
    period: week(w),
    replies: [...byWeek[w]!, ...extra],
    history: Array.from({ length: w }, (_, k) => ({ period: week(k), replies: byWeek[k]! })),
    promptTexts: PROMPT_TEXTS,
    organization: 'Bowling Green',
    language: 'en',
    themer: engineThemer,
    backgroundWords: ['Bowling Green', 'BG'],
    ...(seed ? { seed, previous: seed } : {}),
  };
}

const themes = (d: Digest) => new Map(d.prompts.flatMap((p) => p.themes.map((t) => [t.key, t] as const)));
const total = (t: DigestTheme) => t.history.reduce((s, n) => s + n, t.replies);

describe('trends with the real engine', () => {
  it('a few unrelated replies in the last week move no earlier count and no trend word', async () => {
    const week3 = await buildDigest(input(2));
    const before = await buildDigest(input(3, [], week3));
    const noise = rows('banking77-train.csv')
      .filter((_, i) => i % 2_500 === 0)
      .slice(0, 4)
      .map(
        (text, i): DigestReply => ({
          id: `noise${i}`,
          promptId: 'noticed',
          text,
          group: 'parent',
          channel: 'offline',
          participantId: null,
          authorId: `n${i}`,
          receivedAt: new Date(week(3).start.getTime() + i * 3_600_000),
          language: 'en',
        }),
      );
    const after = await buildDigest({ ...input(3, noise, week3), revisionOf: before, seed: before });
    const a = themes(before);
    const b = themes(after);
    expect(a.size).toBeGreaterThan(8);
    for (const [key, x] of a) {
      const y = b.get(key);
      expect(y, key).toBeDefined();
      x.history.forEach((n, i) => {
        expect(Math.abs((y!.history[i] ?? 0) - n), `${x.label} week ${i + 1}`).toBeLessThanOrEqual(0.1 * n);
      });
      if (total(x) >= 10) expect(y!.trend, x.label).toBe(x.trend);
      expect(y!.label).toBe(x.label);
    }
  }, 60_000);

  it('keeps each theme’s key and name from one week’s digest to the next', async () => {
    const week3 = await buildDigest(input(2));
    const week4 = await buildDigest(input(3, [], week3));
    const earlier = themes(week3);
    const shared = [...themes(week4).values()].filter((t) => earlier.has(t.key));
    expect(shared.length).toBeGreaterThan(8);
    for (const t of shared) expect(t.label).toBe(earlier.get(t.key)!.label);
    // Weeks 1–3 were in both windows: each of their replies stays where week 3's digest placed it.
    for (const t of shared) {
      const e = earlier.get(t.key)!;
      expect(t.history.slice(0, 3), t.label).toEqual([...e.history, e.replies]);
    }
  }, 60_000);
});
