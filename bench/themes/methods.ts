/**
 * The two sides of `bench:themes`, each a child process that writes `{"themes":[…],"unthemed":[…]}` and reports its
 * own peak RSS: ours is the `voices themes FILE --json` command as `npm run build` compiles it (the bench knows no
 * engine internals, so it keeps working while the engine changes), the peer is `../shared/peers/sklearn-themes.py`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

export const ROOT = join(import.meta.dirname, '../..');
const PEER = join(ROOT, '../shared/peers/sklearn-themes.py');
export const PYTHON = '/usr/bin/python3';

const themesJson = z.object({
  themes: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      label: z.string(),
      keywords: z.array(z.string()).default([]),
      replyIds: z.array(z.union([z.string(), z.number()]).transform(String)),
      quotes: z.array(z.object({ replyId: z.string(), text: z.string() })).default([]),
    }),
  ),
  unthemed: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
});
export type ThemesJson = z.infer<typeof themesJson>;

export interface Run {
  /** What ran: `ours (auto)`, `ours (k=25)`, `sklearn kmeans`, … */
  who: string;
  seed: number;
  result: ThemesJson;
  /** The JSON as written, for the community scorer. */
  raw: string;
  /** Process wall time, start-up included (s). */
  wallS: number;
  peakMb: number;
}

export class BenchFailure extends Error {}

/** Thrown when a run is stopped at its time limit. */
export class TimeLimit extends Error {
  constructor(readonly seconds: number) {
    super(`stopped after ${seconds} s`);
  }
}

function timed(who: string, seed: number, command: string, args: string[], limitS?: number): Run {
  const started = performance.now();
  const child = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...(limitS ? { timeout: limitS * 1000, killSignal: 'SIGKILL' as const } : {}),
  });
  const wallS = (performance.now() - started) / 1000;
  if (limitS && child.signal === 'SIGKILL') throw new TimeLimit(limitS);
  if (child.status !== 0) {
    throw new BenchFailure(`${who} failed (exit ${child.status}): ${(child.stderr ?? '').slice(-2000)}`);
  }
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr);
  return {
    who,
    seed,
    result: themesJson.parse(JSON.parse(child.stdout)),
    raw: child.stdout,
    wallS,
    peakMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
  };
}

/** `npm run build` (when a source changed since the last one); ours then runs `dist/src/cli/main.js`. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, ['scripts/build.js', '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new BenchFailure(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

export interface OursOptions {
  /** Forced number of themes; automatic when absent. */
  themes?: number;
  seed: number;
  /** THEMES_BACKGROUND_WORDS, as `--background`. */
  background?: readonly string[];
}

let seeded: boolean | undefined;

/** Whether `voices themes` takes `--seed` (the issue keeps `--json` and `--themes`, not necessarily `--seed`). */
export function oursTakesSeed(): boolean {
  seeded ??= spawnSync(process.execPath, ['dist/src/cli/main.js', 'themes', '--help'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.includes('--seed');
  return seeded;
}

/** `voices themes FILE --json`, as installed, with its peak RSS reported by a preloaded module. */
export function ours(file: string, options: OursOptions): Run {
  const args = [
    '--import',
    './bench/themes/report-rss.mjs',
    'dist/src/cli/main.js',
    'themes',
    file,
    '--json',
  ];
  if (options.themes !== undefined) args.push('--themes', String(options.themes));
  if (oursTakesSeed()) args.push('--seed', String(options.seed));
  if (options.background?.length) args.push('--background', options.background.join(','));
  const who = options.themes === undefined ? 'ours (auto)' : `ours (k=${options.themes})`;
  return timed(who, options.seed, process.execPath, args);
}

/**
 * The peer's own script, run as `__main__` with its arguments; its peak RSS is read by the same interpreter after
 * the run.
 */
export function peer(file: string, k: number, method: 'kmeans' | 'nmf', seed: number, limitS?: number): Run {
  const wrapper =
    'import resource, runpy, sys\n' +
    'sys.argv = sys.argv[1:]\n' +
    'try:\n  runpy.run_path(sys.argv[0], run_name="__main__")\n' +
    'finally:\n  sys.stderr.write("\\nBENCH_MAXRSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n';
  const args = ['-c', wrapper, PEER, file, '--themes', String(k), '--method', method, '--seed', String(seed)];
  return timed(`sklearn ${method}`, seed, PYTHON, args, limitS);
}

/** The peer's scikit-learn version, or why it cannot run. */
export function peerVersion(): string {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new BenchFailure(
      `the scikit-learn peer cannot run (${PYTHON}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}).\n` +
        'Install it with: sudo apt-get update && sudo apt-get install -y python3-sklearn',
    );
  }
  return probe.stdout.trim();
}
