#!/usr/bin/env node
/** `voices`: the command-line entry point. Each command lives in `./commands/<name>.ts`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

/** The package's version, from src/cli/ or dist/src/cli/ alike. */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'gathering-voices') return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

const program = new Command();
program
  .name('voices')
  .description('Gathering Voices: hear residents over SMS, Slack and Discord, and bring the themes back.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  process.stderr.write(
    `voices: ${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}\n`,
  );
  process.exitCode = 1;
});
