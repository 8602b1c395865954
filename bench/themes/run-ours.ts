/**
 * What `voices themes FILE --json [--themes K]` runs, without the CLI's start-up: `src/cli/main.ts` registers every
 * command, and their imports (platform SDKs, store) cost about 2 s before any theme work starts. The bench times
 * this entry so the figure is the theme engine's, and reports the full CLI separately.
 */
import { themesForFile, toJson } from '../../src/cli/commands/themes.js';

const [file, flag, value] = process.argv.slice(2);
if (!file) throw new Error('usage: run-ours.ts FILE [--themes K]');
const themes = flag === '--themes' ? Number(value) : undefined;
const result = await themesForFile(file, { themes });
process.stdout.write(`${toJson(result)}\n`);
