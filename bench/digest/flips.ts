/**
 * Trend words an organizer can trust, measured on the last week's digest of `bench-digest.ts`:
 * - flips: the last week rebuilt (as a revision of its stored digest) with 1, 2 or 4 of the set's replies added, or
 *   as many of its replies removed, over several seeds; share of the themes with at least 10 replies whose word
 *   changes (0: the rebuild alone, nothing added);
 * - a week with twice the replies (each of the last week's replies once more): words that change;
 * - a theme whose replies double (its last-week replies once more) or fall to a third: its word;
 * - words on the weekly digests: the spread puts each reply in a random week, so the set holds no trend, and every
 *   word but steady (or none) is read from noise.
 */
import { buildDigest, type DigestReply } from '../../src/core/digest/build.js';
import type { Digest, Trend } from '../../src/core/digest/types.js';
import { type DigestSettings, digestInput } from '../../src/runner/digest-scheduler.js';
import { rng } from './rng.js';
import { GROUPS, type Row, WEEKS, weekPeriod } from './weeks.js';

export const FLIP_SIZES = [1, 2, 4];
export const FLIP_SEEDS = [1, 2, 3, 4, 5];
const TREND_MIN_REPLIES = 10;
/** Flip rate of the themes with ≥ 10 replies, over every size and seed: the target. */
export const FLIP_TARGET = 0.05;

type Word = Trend | null | 'missing';

const total = (history: readonly number[], replies: number) => history.reduce((s, n) => s + n, replies);

/** Each theme's word by key: shown themes, gone ones, quiet ones (no word). */
export function wordsOf(digest: Digest): Map<string, Word> {
  const out = new Map<string, Word>();
  for (const p of digest.prompts) {
    for (const t of p.themes) out.set(t.key, t.trend);
    for (const g of p.gone ?? []) out.set(g.key, 'gone');
    for (const q of p.quiet ?? []) out.set(q.key, null);
  }
  return out;
}

function copyOf(text: string, id: string, at: Date, group: string | null): DigestReply {
  return {
    id,
    promptId: 'noticed',
    text,
    group,
    channel: 'offline',
    participantId: null,
    authorId: id,
    receivedAt: at,
    language: null,
  };
}

/** Words of `before`'s big themes that differ in `after`. */
function changed(before: Digest, after: Digest, keys: readonly string[]): string[] {
  const a = wordsOf(before);
  const b = wordsOf(after);
  return keys.filter((k) => (b.has(k) ? b.get(k) : 'missing') !== a.get(k));
}

const show = (w: Word | undefined) => (w === undefined ? 'missing' : (w ?? '(too few)'));

export async function flipCheck(
  settings: DigestSettings,
  texts: readonly Row[],
  weekly: readonly Digest[],
): Promise<{ rate: number }> {
  const before = weekly[weekly.length - 1]!;
  const period = weekPeriod(WEEKS - 1);
  const now = new Date(period.end.getTime() + 2 * 86_400_000);
  const base = await digestInput(settings, period, now, before);
  const rebuild = (replies: DigestReply[]) => buildDigest({ ...base, replies, pause: undefined });
  // The word the rule gives such counts in a first build, not what a revision keeps.
  const { revisionOf: _printed, ...fresh } = base;
  const rebuildFresh = (replies: DigestReply[]) => buildDigest({ ...fresh, replies, pause: undefined });
  const themes = before.prompts.flatMap((p) => p.themes);
  const big = themes.filter((t) => total(t.history, t.replies) >= TREND_MIN_REPLIES).map((t) => t.key);
  const labelOf = new Map(themes.map((t) => [t.key, t.label]));

  // Words read from noise: the spread holds no trend.
  const tally = new Map<string, number>();
  for (const d of weekly.slice(1)) {
    for (const w of wordsOf(d).values()) {
      const name = w ?? 'none';
      tally.set(name, (tally.get(name) ?? 0) + 1);
    }
  }
  const noise = ['growing', 'fading', 'gone', 'new'].reduce((s, w) => s + (tally.get(w) ?? 0), 0);
  const noted: string[] = [];
  weekly.slice(1).forEach((d, i) => {
    for (const p of d.prompts) {
      for (const t of p.themes) {
        if (t.trend && t.trend !== 'steady')
          noted.push(`w${i + 2} ${t.label} ${[...t.history, t.replies].join(' ')} ${t.trend}`);
      }
      for (const g of p.gone ?? []) noted.push(`w${i + 2} ${g.label} ${[...g.history, 0].join(' ')} gone`);
    }
  });
  console.log(
    `\nwords on the digests of weeks 2–${WEEKS} (replies spread at random: no trend in the set): ${['steady', 'growing', 'fading', 'new', 'gone', 'none'].map((w) => `${w} ${tally.get(w) ?? 0}`).join(', ')}; read from noise (growing, fading, new, gone): ${noise}${noted.length ? ` (${noted.join('; ')})` : ''}`,
  );

  const rows: string[] = [];
  let flips = 0;
  let cases = 0;
  const control = await rebuild(base.replies);
  const controlFlips = changed(before, control, big);
  rows.push(`  rebuilt, nothing added: ${controlFlips.length} of ${big.length}`);
  for (const k of FLIP_SIZES) {
    for (const sign of [1, -1]) {
      let n = 0;
      const examples = new Map<string, string>();
      for (const seed of FLIP_SEEDS) {
        const random = rng(1000 * seed + 10 * k + (sign > 0 ? 1 : 2));
        let replies: DigestReply[];
        if (sign > 0) {
          const added = Array.from({ length: k }, (_, i) => {
            const row = texts[Math.floor(random() * texts.length)]!;
            const at = new Date(period.start.getTime() + Math.floor(random() * 6 * 86_400_000));
            return copyOf(
              row.text,
              `flip-${seed}-${k}-${i}`,
              at,
              GROUPS[Math.floor(random() * GROUPS.length)]!,
            );
          });
          replies = [...base.replies, ...added];
        } else {
          const drop = new Set<number>();
          while (drop.size < Math.min(k, base.replies.length))
            drop.add(Math.floor(random() * base.replies.length));
          replies = base.replies.filter((_, i) => !drop.has(i));
        }
        const after = await rebuild(replies);
        const moved = changed(before, after, big);
        n += moved.length;
        const words = wordsOf(after);
        for (const key of moved) {
          examples.set(
            key,
            `${labelOf.get(key)}: ${show(wordsOf(before).get(key))} → ${show(words.get(key))}`,
          );
        }
      }
      flips += n;
      cases += big.length * FLIP_SEEDS.length;
      rows.push(
        `  ${sign > 0 ? '+' : '−'}${k}: ${n} of ${big.length * FLIP_SEEDS.length} (${((100 * n) / (big.length * FLIP_SEEDS.length)).toFixed(1)} %)${examples.size ? `  e.g. ${[...examples.values()].slice(0, 3).join('; ')}` : ''}`,
      );
    }
  }
  const rate = cases === 0 ? 0 : flips / cases;
  console.log(
    `\ntrend flips: the last week rebuilt with replies of the set added or its replies removed, ${FLIP_SEEDS.length} seeds each; words changed among the ${big.length} themes with ≥ ${TREND_MIN_REPLIES} replies`,
  );
  for (const r of rows) console.log(r);

  // One reply more or fewer in the theme itself: the words a single reply decides.
  let targeted = 0;
  let targetedCases = 0;
  const targetedExamples: string[] = [];
  for (const key of big) {
    const t = themes.find((x) => x.key === key)!;
    const ids = t.replyIds ?? [];
    if (ids.length === 0) continue;
    const one = base.replies.find((r) => r.id === ids[0])!;
    for (const replies of [
      [...base.replies, { ...one, id: `${one.id}-again`, authorId: `${one.id}-again`, participantId: null }],
      base.replies.filter((r) => r.id !== one.id),
    ]) {
      const after = await rebuild(replies);
      targetedCases += 1;
      if (changed(before, after, [key]).length > 0) {
        targeted += 1;
        const x = after.prompts.flatMap((p) => p.themes).find((y) => y.key === key);
        targetedExamples.push(
          `${t.label} ${[...t.history, t.replies].join(' ')} ${show(t.trend)} → ${x ? x.replies : 0} ${show(wordsOf(after).get(key))}`,
        );
      }
    }
  }
  console.log(
    `one reply more or fewer in the theme itself (each theme with ≥ ${TREND_MIN_REPLIES} replies and some this week): ${targeted} of ${targetedCases} words change${targetedExamples.length ? `  e.g. ${targetedExamples.slice(0, 4).join('; ')}` : ''}`,
  );

  // Twice the replies: each of the last week's replies once more.
  const doubled = await rebuild([
    ...base.replies,
    ...base.replies.map((r) => ({
      ...r,
      id: `${r.id}-again`,
      authorId: `${r.id}-again`,
      participantId: null,
    })),
  ]);
  const doubledMoved = changed(before, doubled, big);
  const dw = wordsOf(doubled);
  console.log(
    `a week with twice the replies (each once more): ${doubledMoved.length} of ${big.length} words change${doubledMoved.length ? ` (${doubledMoved.map((k) => `${labelOf.get(k)}: ${show(wordsOf(before).get(k))} → ${show(dw.get(k))}`).join('; ')})` : ''}`,
  );

  // A real change: one theme's replies doubled, or down to a third (the three largest themes, each alone).
  const top = [...themes].sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key)).slice(0, 3);
  const real: string[] = [];
  for (const t of top) {
    const ids = new Set(t.replyIds ?? []);
    const mine = base.replies.filter((r) => ids.has(r.id));
    const up = await rebuildFresh([
      ...base.replies,
      ...mine.map((r) => ({ ...r, id: `${r.id}-again`, authorId: `${r.id}-again`, participantId: null })),
    ]);
    const keep = new Set(mine.slice(0, Math.ceil(mine.length / 3)).map((r) => r.id));
    const down = await rebuildFresh(base.replies.filter((r) => !ids.has(r.id) || keep.has(r.id)));
    const counts = (d: Digest) => {
      const x = d.prompts.flatMap((p) => p.themes).find((y) => y.key === t.key);
      return x ? `${[...x.history, x.replies].join(' ')}` : '—';
    };
    real.push(
      `  ${t.label} (${[...t.history, t.replies].join(' ')}: ${show(t.trend)}): doubled ${counts(up)} ${show(wordsOf(up).get(t.key))}; a third ${counts(down)} ${show(wordsOf(down).get(t.key))}`,
    );
  }
  console.log(
    'a real change in one theme (its last-week replies doubled, or down to a third; the word of a first build):',
  );
  for (const r of real) console.log(r);
  console.log(
    `trend flip rate (every size and seed): ${(rate * 100).toFixed(1)} %; target ≤ ${FLIP_TARGET * 100} %: ${rate <= FLIP_TARGET ? 'met' : 'MISSED'}`,
  );
  return { rate };
}
