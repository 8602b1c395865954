/**
 * `npm run bench:themes [-- --quick] [--only SET] [--runs N] [--show]`: our `voices themes` against the
 * scikit-learn peer (`../shared/peers/sklearn-themes.py`, TF-IDF + KMeans and TF-IDF + NMF at the true k), in the
 * same run, on
 * - the hand-coded community sets (`bg2050`, `fr`): ours in automatic mode (what organizers get) and at the true k,
 *   scored by `../shared/tools/score-community.py`, with a verdict per target of issue 15;
 * - `banking77` and `stackoverflow` at the true k, as a regression check;
 * - stability: each community set again with 2 % unrelated banking77 replies added;
 * - scale: 5,000 and 100,000 replies;
 * - read-out: the themes of the Polis affordable-housing statements, to be read.
 *
 * Each side is a child process (ours: `dist/src/cli/main.js themes FILE --json`, built here first; no engine
 * internals, so the bench keeps working while the engine changes); wall time includes its start-up (Node and our
 * modules; Python, numpy and scikit-learn), peak memory is the process's maximum RSS. Every configuration runs once
 * per seed (`--runs`, default 5: ours 42, 1, 2, …; the peer 0, 1, 2, …), interleaved so a slow spell of a shared
 * machine hits every method alike; verdicts use medians.
 *
 * Options: `--quick` (one run each, no scale sets), `--only bg2050|fr|banking77|stackoverflow|stability|scale|polis`
 * (repeatable), `--runs N`, `--show` (print the themes of every run of ours, first seed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  BenchFailure,
  buildCli,
  ours,
  oursTakesSeed,
  peer,
  peerVersion,
  type Run,
  type ThemesJson,
  TimeLimit,
} from './methods.js';
import { median, scoreThemes } from './metrics.js';
import { type CommunityScore, scoreCommunity, stableShare, themesLedBy } from './scores.js';
import {
  DATASETS,
  type LabeledSet,
  labeledSet,
  readPolis,
  scaleRows,
  withNoise,
  writeIdText,
} from './sets.js';

const SECTIONS = ['bg2050', 'fr', 'banking77', 'stackoverflow', 'stability', 'scale', 'polis'] as const;
type Section = (typeof SECTIONS)[number];

const cli = new Command()
  .option('--quick', 'one run per configuration, no scale sets')
  .option(
    '--only <set>',
    `only these sections (repeatable): ${SECTIONS.join(', ')}`,
    (v, acc: string[]) => [...acc, v],
    [],
  )
  .option('--runs <n>', 'runs (seeds) per configuration', '5')
  .option('--show', 'print the themes of every run of ours (its first seed)')
  .parse();
const opts = z
  .object({
    quick: z.boolean().default(false),
    only: z.array(z.enum(SECTIONS)),
    runs: z.coerce.number().int().min(1).max(9),
    show: z.boolean().default(false),
  })
  .parse(cli.opts());
const RUNS = opts.quick ? 1 : opts.runs;
const OUR_SEEDS = [42, 1, 2, 3, 4, 5, 6, 7, 8].slice(0, RUNS);
const PEER_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8].slice(0, RUNS);
const wanted = (s: Section) => (opts.only.length ? opts.only.includes(s) : !(opts.quick && s === 'scale'));

/** Regression baselines: NMI at the true k before the community rebuild (unthemed replies as singletons). */
const BASELINE = { banking77: 0.669, stackoverflow: 0.73 } as const;
const BG2050_TOWN = ['Bowling Green', 'BG', 'Warren County'];
/** The peer's scale runs stop here (its KMeans, n_init=10, can run for many minutes on 100,000 replies): the ratio is then a bound. */
const PEER_LIMIT_S = 180;

const out = (line = '') => process.stdout.write(`${line}\n`);
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const verdicts: string[] = [];
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

function showThemes(title: string, result: ThemesJson, texts?: ReadonlyMap<string, string>): void {
  const total = result.themes.reduce((n, t) => n + t.replyIds.length, 0);
  out(
    `\n  ${title}: ${result.themes.length} themes, ${result.unthemed.length} unthemed (${total} theme memberships)`,
  );
  for (const t of result.themes) {
    out(`    ${t.id}  "${t.label}"  (${t.replyIds.length} replies)`);
    out(`        keywords: ${t.keywords.join(', ')}`);
    for (const q of t.quotes) out(`        “${q.text.replace(/\s+/gu, ' ').slice(0, 160)}”`);
  }
  if (texts && result.unthemed.length) {
    out('    unthemed, e.g.:');
    for (const id of result.unthemed.slice(0, 5)) {
      out(`        “${(texts.get(id) ?? id).replace(/\s+/gu, ' ').slice(0, 160)}”`);
    }
  }
}

/** With `--show`: the themes of a run of ours (first seed only, so the output stays readable). */
function shown(title: string, run: Run, texts?: ReadonlyMap<string, string>): Run {
  if (opts.show && run.seed === OUR_SEEDS[0])
    showThemes(`${title}, ${run.who}, seed ${run.seed}`, run.result, texts);
  return run;
}

// ---- community sets ----------------------------------------------------------------------------------------

interface Scored extends Run {
  score: CommunityScore;
  /** Themes whose first keyword is the town's name. */
  townLed: number;
}

function scored(set: LabeledSet, run: Run): Scored {
  return {
    ...run,
    score: scoreCommunity(set.gold, run.raw, set.town),
    townLed: set.town ? themesLedBy(run.result, set.town) : 0,
  };
}

const COLUMNS =
  `  ${'method'.padEnd(18)}${'seed'.padStart(5)}${'themes'.padStart(7)}${'NMI'.padStart(7)}${'coher.'.padStart(8)}` +
  `${'found'.padStart(7)}${'unthemed'.padStart(10)}${'distinct'.padStart(9)}${'town'.padStart(6)}${'wall s'.padStart(8)}${'peak MB'.padStart(9)}`;

function row(
  who: string,
  seed: string,
  s: CommunityScore,
  townLed: string,
  wallS: number,
  peakMb: number,
): string {
  return (
    `  ${who.padEnd(18)}${seed.padStart(5)}${String(Math.round(s.themes)).padStart(7)}${f3(s.nmi).padStart(7)}` +
    `${f2(s.coherent).padStart(8)}${f2(s.recall).padStart(7)}${pct(s.unthemed).padStart(10)}${f2(s.distinct).padStart(9)}` +
    `${townLed.padStart(6)}${f2(wallS).padStart(8)}${peakMb.toFixed(0).padStart(9)}`
  );
}

interface Medians {
  who: string;
  score: CommunityScore;
  wallS: number;
  peakMb: number;
}

function medians(runs: readonly Scored[]): Medians {
  const m = (f: (r: Scored) => number) => median(runs.map(f));
  return {
    who: runs[0]!.who,
    score: {
      nmi: m((r) => r.score.nmi),
      coverage: m((r) => r.score.coverage),
      coherent: m((r) => r.score.coherent),
      recall: m((r) => r.score.recall),
      distinct: m((r) => r.score.distinct),
      themes: m((r) => r.score.themes),
      unthemed: m((r) => r.score.unthemed),
      bglabels: m((r) => r.score.bglabels),
    },
    wallS: m((r) => r.wallS),
    peakMb: m((r) => r.peakMb),
  };
}

/** Ours in automatic mode per seed, kept for the stability section. */
const autoRuns = new Map<string, Scored[]>();

function community(set: LabeledSet): void {
  out(
    `\n== ${set.name}: ${set.rows.length} replies, ${new Set(set.rows.map((r) => r.label)).size} labels, true k ${set.k} — ${set.gold.split('/').pop()}`,
  );
  if (set.town)
    out(
      `   run without THEMES_BACKGROUND_WORDS; "town" counts themes labelled or led by ${BG2050_TOWN.join(' / ')}`,
    );
  const all = { auto: [] as Scored[], forced: [] as Scored[], kmeans: [] as Scored[], nmf: [] as Scored[] };
  for (let r = 0; r < RUNS; r++) {
    all.auto.push(scored(set, ours(set.file, { seed: OUR_SEEDS[r]! })));
    all.forced.push(scored(set, ours(set.file, { seed: OUR_SEEDS[r]!, themes: set.k })));
    all.kmeans.push(scored(set, peer(set.file, set.k, 'kmeans', PEER_SEEDS[r]!)));
    all.nmf.push(scored(set, peer(set.file, set.k, 'nmf', PEER_SEEDS[r]!)));
  }
  autoRuns.set(set.name, all.auto);
  out(COLUMNS);
  for (const runs of Object.values(all)) {
    for (const r of runs) {
      const town = set.town ? `${r.score.bglabels}/${r.townLed}` : '-';
      out(row(r.who, String(r.seed), r.score, town, r.wallS, r.peakMb));
    }
  }
  const m = {
    auto: medians(all.auto),
    forced: medians(all.forced),
    kmeans: medians(all.kmeans),
    nmf: medians(all.nmf),
  };
  out(`  medians of ${RUNS}:`);
  for (const x of Object.values(m)) out(row(`${x.who}`, '', x.score, '', x.wallS, x.peakMb));

  const better = m.kmeans.score.nmi >= m.nmf.score.nmi ? m.kmeans : m.nmf;
  const auto = m.auto.score;
  const allDistinct = all.auto.every((r) => r.score.distinct === 1);
  const townFree = all.auto.every((r) => r.score.bglabels === 0 && r.townLed === 0);
  const checks: Array<[string, boolean, string]> = [
    ['coherent ≥ 0.60', auto.coherent >= 0.6, f2(auto.coherent)],
    ['topics found ≥ 0.50', auto.recall >= 0.5, f2(auto.recall)],
    [
      `NMI ≥ better peer at the true k + 0.05 (${better.who} ${f3(better.score.nmi)} + 0.05 = ${f3(better.score.nmi + 0.05)})`,
      auto.nmi >= better.score.nmi + 0.05,
      f3(auto.nmi),
    ],
    ['unthemed between 2 % and 20 %', auto.unthemed >= 0.02 && auto.unthemed <= 0.2, pct(auto.unthemed)],
    [
      'every label distinct (every run)',
      allDistinct,
      `distinct share ${all.auto.map((r) => f2(r.score.distinct)).join(', ')}`,
    ],
  ];
  if (set.town) {
    checks.push([
      `no theme labelled or led (first keyword) by the town's name, without background words (${BG2050_TOWN.join(', ')})`,
      townFree,
      `labels ${all.auto.map((r) => r.score.bglabels).join(', ')}; themes led by it ${all.auto.map((r) => r.townLed).join(', ')}`,
    ]);
  }
  out(`  targets, ours in automatic mode (medians of ${RUNS} runs):`);
  for (const [what, ok, value] of checks) {
    out(`    ${what}: ${value} — ${verdict(ok)}`);
    verdicts.push(`${set.name}: ${what.replace(/ \([^()]*\)$/u, '')}: ${verdict(ok)}`);
  }
  out(
    `  ours at the true k vs the better peer: NMI ${f3(m.forced.score.nmi)} vs ${f3(better.score.nmi)}; ` +
      `wall time ratio ours (auto) / peer: kmeans ${f2(m.auto.wallS / m.kmeans.wallS)}, nmf ${f2(m.auto.wallS / m.nmf.wallS)}; ` +
      `peak memory ratio: kmeans ${f2(m.auto.peakMb / m.kmeans.peakMb)}, nmf ${f2(m.auto.peakMb / m.nmf.peakMb)}`,
  );
  if (opts.show) {
    const texts = new Map(set.rows.map((r) => [r.id, r.text]));
    shown(set.name, all.auto[0]!, texts);
    shown(set.name, all.forced[0]!, texts);
  }
}

// ---- regression sets ---------------------------------------------------------------------------------------

function regression(set: LabeledSet, baseline: number): void {
  out(`\n== ${set.name} at the true k (${set.k}), regression check: ${set.rows.length} replies`);
  out(
    '   NMI and ARI with unthemed replies as singletons (as the baseline was measured); distinct from score-community.py',
  );
  const gold = new Map(set.rows.map((r) => [r.id, r.label]));
  const all = { forced: [] as Run[], kmeans: [] as Run[], nmf: [] as Run[] };
  for (let r = 0; r < RUNS; r++) {
    all.forced.push(ours(set.file, { seed: OUR_SEEDS[r]!, themes: set.k }));
    all.kmeans.push(peer(set.file, set.k, 'kmeans', PEER_SEEDS[r]!));
    all.nmf.push(peer(set.file, set.k, 'nmf', PEER_SEEDS[r]!));
  }
  out(
    `  ${'method'.padEnd(18)}${'seed'.padStart(5)}${'themes'.padStart(7)}${'NMI'.padStart(7)}${'ARI'.padStart(7)}` +
      `${'covered'.padStart(9)}${'distinct'.padStart(9)}${'wall s'.padStart(8)}${'peak MB'.padStart(9)}`,
  );
  const summarize = (runs: readonly Run[]) => {
    const nmis: number[] = [];
    for (const r of runs) {
      const s = scoreThemes(gold, r.result);
      nmis.push(s.nmi);
      const distinct = scoreCommunity(set.gold, r.raw).distinct;
      out(
        `  ${r.who.padEnd(18)}${String(r.seed).padStart(5)}${String(r.result.themes.length).padStart(7)}${f3(s.nmi).padStart(7)}` +
          `${f3(s.ari).padStart(7)}${f3(s.coverage).padStart(9)}${f2(distinct).padStart(9)}${f2(r.wallS).padStart(8)}${r.peakMb.toFixed(0).padStart(9)}`,
      );
    }
    return {
      nmi: median(nmis),
      wall: median(runs.map((r) => r.wallS)),
      peak: median(runs.map((r) => r.peakMb)),
    };
  };
  const mine = summarize(all.forced);
  shown(set.name, all.forced[0]!, new Map(set.rows.map((r) => [r.id, r.text])));
  const km = summarize(all.kmeans);
  const nmf = summarize(all.nmf);
  const ok = mine.nmi >= baseline - 0.03;
  out(
    `  medians of ${RUNS}: ours NMI ${f3(mine.nmi)}, kmeans ${f3(km.nmi)}, nmf ${f3(nmf.nmi)}; ` +
      `wall ratio ours/kmeans ${f2(mine.wall / km.wall)}, ours/nmf ${f2(mine.wall / nmf.wall)}; ` +
      `peak memory ratio ours/kmeans ${f2(mine.peak / km.peak)}, ours/nmf ${f2(mine.peak / nmf.peak)}`,
  );
  out(`  target NMI ≥ ${f3(baseline)} − 0.03 = ${f3(baseline - 0.03)}: ${f3(mine.nmi)} — ${verdict(ok)}`);
  verdicts.push(`${set.name}: NMI at the true k ≥ baseline − 0.03: ${verdict(ok)}`);
}

// ---- stability ----------------------------------------------------------------------------------------------

function stability(sets: LabeledSet[], noise: LabeledSet, dir: string): void {
  out(
    '\n== stability: each community set with 2 % unrelated replies added (banking77 rows at a fixed stride)',
  );
  out(
    "   share of the first run's themes with a counterpart of ≥ 70 % member overlap (Jaccard, over the original replies)",
  );
  for (const set of sets) {
    const rows = withNoise(set.rows, noise.rows);
    const file = writeIdText(dir, `${set.name}-noise`, rows);
    const ids = new Set(set.rows.map((r) => r.id));
    const added = rows.length - set.rows.length;
    const before = autoRuns.get(set.name) ?? OUR_SEEDS.map((seed) => scored(set, ours(set.file, { seed })));
    const shares: number[] = [];
    const peerShares: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const after = shown(`${set.name} + ${added} replies`, ours(file, { seed: OUR_SEEDS[r]! }));
      const s = stableShare(before[r]!.result, after.result, ids);
      shares.push(s.share);
      const pb = peer(set.file, set.k, 'kmeans', PEER_SEEDS[r]!);
      const pa = peer(file, set.k, 'kmeans', PEER_SEEDS[r]!);
      const ps = stableShare(pb.result, pa.result, ids);
      peerShares.push(ps.share);
      out(
        `  ${set.name} + ${added} replies, seed ${OUR_SEEDS[r]}: ours (auto) ${s.kept}/${s.themes} themes kept (${pct(s.share)}); ` +
          `sklearn kmeans (k=${set.k}, seed ${PEER_SEEDS[r]}) ${ps.kept}/${ps.themes} (${pct(ps.share)})`,
      );
    }
    const ok = median(shares) >= 0.9;
    out(
      `  ${set.name}: median ${pct(median(shares))} (peer ${pct(median(peerShares))}); target ≥ 90 %: ${verdict(ok)}`,
    );
    verdicts.push(`${set.name}: stability with 2 % added ≥ 90 %: ${verdict(ok)}`);
  }
}

// ---- scale ----------------------------------------------------------------------------------------------------

function scale(dir: string, sources: { community: string[]; labelled: string[] }): void {
  out('\n== scale (ours in automatic mode; the peer, kmeans, at the number of themes ours found)');
  const small = [...sources.community, ...sources.labelled.filter((_, i) => i % 8 === 3)].slice(0, 5_000);
  const targets = [
    {
      size: 5_000,
      texts: small,
      what: `the ${sources.community.length} community and Polis statements, then banking77 and stackoverflow rows (every 8th)`,
      seconds: 10,
    },
    {
      size: 100_000,
      texts: [...sources.community, ...sources.labelled],
      what: `the ${sources.community.length} community and Polis statements, banking77 and stackoverflow (${sources.labelled.length}), then copies with one word dropped or moved`,
      seconds: 60,
      peakMb: 1536,
    },
  ];
  for (const t of targets) {
    const rows = scaleRows(t.texts, t.size);
    const file = writeIdText(dir, `scale-${t.size}`, rows);
    const texts = opts.show ? new Map(rows.map((r) => [r.id, r.text])) : undefined;
    const runs = OUR_SEEDS.map((seed) => shown(`scale ${t.size}`, ours(file, { seed }), texts));
    const wallS = median(runs.map((r) => r.wallS));
    const peakMb = Math.max(...runs.map((r) => r.peakMb));
    const k = Math.max(2, runs[0]!.result.themes.length);
    const ok = wallS <= t.seconds && (t.peakMb === undefined || peakMb <= t.peakMb);
    out(`  ${t.size.toLocaleString('en')} replies: ${t.what}`);
    let peerFigure: string;
    try {
      const p = peer(file, k, 'kmeans', PEER_SEEDS[0]!, PEER_LIMIT_S);
      peerFigure =
        `sklearn kmeans (k=${k}, one run): ${f2(p.wallS)} s, ${p.peakMb.toFixed(0)} MB; ` +
        `ratio ours/peer: time ${f2(wallS / p.wallS)}, memory ${f2(peakMb / p.peakMb)}`;
    } catch (err) {
      if (!(err instanceof TimeLimit)) throw err;
      peerFigure = `sklearn kmeans (k=${k}, one run): not done after ${err.seconds} s, stopped; time ratio ours/peer < ${f2(wallS / err.seconds)}`;
    }
    out(
      `    ours: ${runs.map((r) => f2(r.wallS)).join(', ')} s (median ${f2(wallS)}), peak ${peakMb.toFixed(0)} MB at most, ` +
        `${runs[0]!.result.themes.length} themes, ${pct(runs[0]!.result.unthemed.length / t.size)} unthemed; ${peerFigure}`,
    );
    const target = `≤ ${t.seconds} s${t.peakMb ? ` and ≤ ${(t.peakMb / 1024).toFixed(1)} GB peak RSS` : ''}`;
    out(`    target ${target}: ${verdict(ok)}`);
    verdicts.push(`scale ${t.size.toLocaleString('en')}: ${target}: ${verdict(ok)}`);
  }
}

// ---- read-out -------------------------------------------------------------------------------------------------

function polis(dir: string): void {
  const rows = readPolis(join(DATASETS, 'polis-affordable-housing-comments.csv'));
  const file = writeIdText(dir, 'polis-housing', rows);
  const run = ours(file, { seed: OUR_SEEDS[0]! });
  out(
    `\n== read-out: polis-affordable-housing-comments.csv (${rows.length} statements, no labels), ours (auto)`,
  );
  showThemes('themes', run.result, new Map(rows.map((r) => [r.id, r.text])));
}

function main(): void {
  out(
    `peer: scikit-learn ${peerVersion()} (../shared/peers/sklearn-themes.py); ours: voices themes --json (npm run build)`,
  );
  buildCli();
  out(
    `machine: ${process.platform} ${process.arch}, ${cpus().length} cores, node ${process.version}, load ${loadAverage()}; ` +
      `${RUNS} run(s) per configuration`,
  );
  if (!oursTakesSeed())
    out('voices themes takes no --seed: every run of ours is the same clustering (timing still varies)');
  const dir = mkdtempSync(join(tmpdir(), 'gv-bench-themes-'));
  try {
    // The word-vector cache is built once per machine: not part of any timed run.
    const warm = writeIdText(dir, 'warm', [{ id: '1', text: 'warm up' }]);
    ours(warm, { seed: 42 });
    const sets = {
      // The issue's true k: bg2050's 25 topics (its "Other / off-topic" label holds one statement); fr's 20 labels,
      // "Autre / hors sujet" (7 answers) included.
      bg2050: labeledSet(dir, 'bg2050', 'community-bg2050-volunteers-topics.csv', {
        k: 25,
        town: BG2050_TOWN,
      }),
      fr: labeledSet(dir, 'fr', 'community-fr-topics.csv', { k: 20 }),
      banking77: labeledSet(dir, 'banking77', 'banking77-train.csv'),
      stackoverflow: labeledSet(dir, 'stackoverflow', 'stackoverflow-titles.csv'),
    };
    if (wanted('bg2050')) community(sets.bg2050);
    if (wanted('fr')) community(sets.fr);
    if (wanted('banking77')) regression(sets.banking77, BASELINE.banking77);
    if (wanted('stackoverflow')) regression(sets.stackoverflow, BASELINE.stackoverflow);
    if (wanted('stability')) stability([sets.bg2050, sets.fr], sets.banking77, dir);
    if (wanted('scale')) {
      const polisTexts = [
        'polis-bg2050-volunteers-comments.csv',
        'polis-affordable-housing-comments.csv',
      ].flatMap((f) => readPolis(join(DATASETS, f)).map((r) => r.text));
      scale(dir, {
        community: [
          ...sets.bg2050.rows.map((r) => r.text),
          ...sets.fr.rows.map((r) => r.text),
          ...polisTexts,
        ],
        labelled: [...sets.banking77.rows, ...sets.stackoverflow.rows].map((r) => r.text),
      });
    }
    if (wanted('polis')) polis(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  out(`\nload at the end: ${loadAverage()}`);
  out(`summary\n${verdicts.map((v) => `  ${v}`).join('\n')}`);
}

try {
  main();
} catch (err) {
  if (!(err instanceof BenchFailure)) throw err;
  process.stderr.write(`bench:themes: ${err.message}\n`);
  process.exitCode = 1;
}
