/**
 * `npm run build` compiles src/ and adapters/ to dist/ with tsc and stamps the build;
 * `--if-stale` (what `npm start` runs) builds only when a source changed since, and says so.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState, markBuilt } from '../bin/build-state.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const say = (line) => process.stderr.write(`voices: ${line}\n`);

const state = buildState(root);
if (process.argv.includes('--if-stale') && state.fresh) {
  say('dist/ is up to date, not rebuilding');
  process.exit(0);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // A production install (npm ci --omit=dev) has no compiler: the bin runs the sources through tsx.
  say(`${state.reason}, and TypeScript is not installed: running from the sources through tsx`);
  process.exit(0);
}

say(`compiling to dist/ (${state.fresh ? 'requested' : state.reason}); this takes about 20 s`);
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  say('the build failed (errors above); fix them, then run it again');
  process.exit(result.status ?? 1);
}
markBuilt(root, started);
say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
