/** Every CLI command registers itself here: one import and one line per command. */
import type { Command } from 'commander';
import { registerDigest } from './digest.js';
import { registerDiscord } from './discord.js';
import { registerExport } from './export.js';
import { registerForget } from './forget.js';
import { registerImport } from './import.js';
import { registerOrganizer } from './organizer.js';
import { registerReport } from './report.js';
import { registerScrub } from './scrub.js';
import { registerStart } from './start.js';
import { registerThemes } from './themes.js';

type Register = (program: Command) => void;

const registrations: Register[] = [
  registerThemes,
  registerStart,
  registerImport,
  registerExport,
  registerForget,
  registerDiscord,
  registerScrub,
  registerDigest,
  registerOrganizer,
  registerReport,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
