#!/usr/bin/env node
/** `voices`: the command-line entry point. Each command lives in `./commands/<name>.ts`. */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('voices')
  .description('Gathering Voices: hear residents over SMS, Slack and Discord, and bring the themes back.')
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
