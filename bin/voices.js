#!/usr/bin/env node
/**
 * The `voices` command. Runs the compiled dist/ when it is a build of the current sources, and
 * otherwise the TypeScript sources through tsx, so `npx voices` works right after `npm ci`.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildState, DIST_ENTRY } from './build-state.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

if (buildState(root).fresh) {
  await import(pathToFileURL(join(root, DIST_ENTRY)).href);
} else {
  // A child node with tsx's loader rather than an in-process hook: worker threads inherit --import.
  // tsx is resolved from here, not from the working directory, so `voices` works from any folder.
  const tsx = import.meta.resolve('tsx');
  const main = join(root, 'src', 'cli', 'main.ts');
  const child = spawn(
    process.execPath,
    [...process.execArgv, '--import', tsx, main, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  // Ctrl-C reaches the child from the terminal itself; a second SIGINT would cut its graceful stop short.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1));
  });
}
