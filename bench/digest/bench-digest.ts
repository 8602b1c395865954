/**
 * `npm run bench:digest`: are the digest's trends stable? A community set (default: the bg2050 volunteers' 316
 * statements) is spread over 4 weeks, with groups and participants, and imported into a scratch store; the weekly
 * digests are built in order as the schedule builds them (each starting from the previous one's themes, through
 * the store, with the real theme engine in process). Then 2 % unrelated replies (banking77 questions) arrive late
 * in the last week and its digest is rebuilt.
 *
 * Printed: each theme of the last week with its replies per week and trend word, before and after; then the
 * checks: no earlier week's count of a theme changes by more than 10 %, and no trend word of a theme with at least
 * 10 replies changes. Before the late replies, the trend-word checks of `flips.ts` (a few replies added or removed,
 * a busier week, a real change, words read from noise). No peer exists for this.
 *
 * Options: `--file CSV` (an `id,text` set, e.g. ../shared/datasets/community-fr-topics.csv), `--language en|fr`
 * (the digest's), `--background WORDS` (THEMES_BACKGROUND_WORDS), `--show` (print the last week's digest as
 * Markdown, and the revised one), `--extra SHARE` (default 0.02), `--options JSON` (engine options, see
 * `EngineOptions`, for measurements).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDigestMarkdown } from '../../src/core/digest/render/markdown.js';
import type { Digest, DigestTheme } from '../../src/core/digest/types.js';
import { type EngineOptions, findThemes } from '../../src/core/themes/find-themes.js';
import { ensureDigest, reviseDigests } from '../../src/runner/digest-scheduler.js';
import { FLIP_TARGET, flipCheck } from './flips.js';
import {
  DATASETS,
  DEFAULT_FILE,
  FIRST_DAY,
  GROUPS,
  NO_GROUP,
  readTexts,
  scratchDigests,
  spreadRows,
  TZ,
  WEEKS,
  weekPeriod,
} from './weeks.js';

const COUNT_TOLERANCE = 0.1;
const TREND_MIN_REPLIES = 10;

const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_FILE },
    language: { type: 'string', default: 'en' },
    background: { type: 'string', default: '' },
    show: { type: 'boolean', default: false },
    extra: { type: 'string', default: '0.02' },
    options: { type: 'string', default: '{}' },
  },
});
const language = args.language === 'fr' ? 'fr' : 'en';

/** Replies per week of a theme, this period last. */
const weekly = (t: DigestTheme) => [...t.history, t.replies];

function themeTable(digest: Digest): string[] {
  const lines: string[] = [];
  for (const prompt of digest.prompts) {
    for (const t of prompt.themes) {
      lines.push(
        `  ${t.label.slice(0, 44).padEnd(44)} ${weekly(t)
          .map((n) => String(n).padStart(3))
          .join(' ')}  ${t.trend ?? '(too few)'}`,
      );
    }
    for (const g of prompt.gone ?? []) {
      lines.push(
        `  ${g.label.slice(0, 44).padEnd(44)} ${[...g.history, 0].map((n) => String(n).padStart(3)).join(' ')}  gone`,
      );
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const engine = JSON.parse(args.options) as EngineOptions;
  const { store, settings, close } = scratchDigests({
    language,
    background: args.background,
    themer: async (inputs, options) => findThemes(inputs, { ...options, ...engine }),
  });
  try {
    const texts = readTexts(args.file);
    const rows = spreadRows(texts);
    const authors = rows.map((r) => r.authorId);
    await store.insertImported(rows);
    console.log(
      `${texts.length} replies from ${args.file} spread over ${WEEKS} weeks from ${FIRST_DAY} (${TZ}), ${new Set(authors).size} people, groups ${GROUPS.join(', ')} (${Math.round(NO_GROUP * 100)} % without); digest language ${language}${settings.backgroundWords?.length ? `; background words ${settings.backgroundWords.join(', ')}` : ''}`,
    );

    // The weekly digests in order, as the schedule builds them (each one Monday morning after its week).
    const digests: Digest[] = [];
    const times: number[] = [];
    for (let w = 0; w < WEEKS; w++) {
      const period = weekPeriod(w);
      const t = performance.now();
      digests.push(
        (await ensureDigest(settings, period, new Date(period.end.getTime() + 9 * 3_600_000))).digest,
      );
      times.push(performance.now() - t);
    }
    const before = digests[WEEKS - 1]!;
    console.log(
      `\nweekly digests built in ${times.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} (each themes its week and the previous ones in one run)`,
    );
    console.log(
      `\nweek ${WEEKS} (${before.period.from} … ${before.period.to}): replies per week, oldest first, and trend`,
    );
    for (const line of themeTable(before)) console.log(line);
    if (args.show) console.log(`\n${renderDigestMarkdown(before)}`);
    const flips = await flipCheck(settings, texts, digests);

    // Late replies: unrelated questions arrive in the last week.
    const extraShare = Number(args.extra);
    const bank = readTexts(join(DATASETS, 'banking77-train.csv'));
    const extraCount = Math.ceil(texts.length * extraShare);
    const lastWeek = weekPeriod(WEEKS - 1);
    const stride = Math.floor(bank.length / extraCount);
    await store.insertImported(
      Array.from({ length: extraCount }, (_, i) => ({
        participantId: null,
        promptId: 'noticed',
        isFollowUp: false,
        text: bank[i * stride]!.text,
        channel: 'offline',
        language: null,
        group: GROUPS[i % GROUPS.length]!,
        receivedAt: new Date(lastWeek.start.getTime() + (i + 1) * 3_600_000),
        source: 'imported' as const,
        importKey: `bench-extra-${i}`,
        authorId: `extra-${i}`,
      })),
    );
    const t = performance.now();
    const revised = await reviseDigests(settings, new Date(lastWeek.end.getTime() + 5 * 86_400_000));
    const after = revised.find((d) => d.id === before.id);
    if (!after) throw new Error('the last week was not rebuilt');
    console.log(
      `\n+${extraCount} unrelated replies (${(extraShare * 100).toFixed(0)} %, banking77) in week ${WEEKS}: rebuilt as revision ${after.revision?.number} in ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    for (const line of themeTable(after)) console.log(line);
    if (args.show) console.log(`\n${renderDigestMarkdown(after)}`);

    // The checks, theme by theme (matched by key).
    const themesOf = (d: Digest) =>
      new Map(d.prompts.flatMap((p) => p.themes.map((x) => [x.key, x] as const)));
    const a = themesOf(before);
    const b = themesOf(after);
    const goneAfter = new Map(after.prompts.flatMap((p) => (p.gone ?? []).map((g) => [g.key, g] as const)));
    let worst = 0;
    let worstTheme = '';
    const countProblems: string[] = [];
    const trendProblems: string[] = [];
    for (const [key, x] of a) {
      const y = b.get(key);
      const yHistory = y?.history ?? goneAfter.get(key)?.history ?? x.history.map(() => 0);
      x.history.forEach((n, i) => {
        const m = yHistory[i] ?? 0;
        const change = n === m ? 0 : Math.abs(m - n) / Math.max(n, 1);
        if (change > worst) [worst, worstTheme] = [change, `${x.label} week ${i + 1}: ${n} → ${m}`];
        if (change > COUNT_TOLERANCE) countProblems.push(`${x.label} week ${i + 1}: ${n} → ${m}`);
      });
      const total = weekly(x).reduce((s, n) => s + n, 0);
      if (total >= TREND_MIN_REPLIES && y?.trend !== x.trend) {
        trendProblems.push(`${x.label}: ${x.trend} → ${y ? y.trend : 'missing'}`);
      }
    }
    const newKeys = [...b.keys()].filter((k) => !a.has(k));
    const big = [...a.values()].filter(
      (x) => weekly(x).reduce((s, n) => s + n, 0) >= TREND_MIN_REPLIES,
    ).length;
    console.log(
      `\nthemes: ${a.size} before, ${b.size} after (${newKeys.length} new keys${newKeys.length ? `: ${newKeys.join(', ')}` : ''}); same keys and labels: ${[...a].every(([k, x]) => b.get(k)?.label === x.label) ? 'yes' : 'no'}`,
    );
    console.log(
      `earlier weeks' counts: largest change ${(worst * 100).toFixed(1)} %${worstTheme ? ` (${worstTheme})` : ''}; target ≤ ${COUNT_TOLERANCE * 100} %: ${countProblems.length === 0 ? 'met' : `MISSED (${countProblems.join('; ')})`}`,
    );
    console.log(
      `trend words of the ${big} themes with ≥ ${TREND_MIN_REPLIES} replies: ${trendProblems.length === 0 ? 'none changed: met' : `MISSED (${trendProblems.join('; ')})`}`,
    );
    console.log('peer: none for the digest');
    if (countProblems.length > 0 || trendProblems.length > 0 || flips.rate > FLIP_TARGET)
      process.exitCode = 1;
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
