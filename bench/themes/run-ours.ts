/**
 * What `voices themes FILE --json [--themes K] [--seed S]` runs, without the CLI's start-up: `src/cli/main.ts`
 * registers every command, and their imports (platform SDKs, store) cost about 2 s before any theme work starts.
 * The bench bundles this entry with esbuild (plain JS, no transpiling at run time) and times it as a process; it
 * also reports the in-process time of reading the file and theming it (modules already loaded) as BENCH_WORK_S on
 * stderr, and its peak RSS as BENCH_MAXRSS_KB.
 */
import { parseArgs } from 'node:util';
import { themesForFile, toJson } from '../../src/cli/commands/themes.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { themes: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: run-ours.ts FILE [--themes K]');
const start = performance.now();
const result = await themesForFile(file, {
  themes: values.themes === undefined ? undefined : Number(values.themes),
});
const seconds = (performance.now() - start) / 1000;
process.stdout.write(`${toJson(result)}\n`);
process.stderr.write(`\nBENCH_WORK_S=${seconds.toFixed(3)}\n`);
// Peak RSS as report-rss.mjs reports it for the CLI run, without preloading a module (`--import` costs ~10 ms of
// start-up, which `voices themes` itself does not pay), as the peer reads its own after its run.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
