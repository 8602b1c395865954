/** `npm run bench`: every benchmark in turn; each prints its own figures (and its peer's, where one exists). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = Object.keys(
  (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts,
).filter((name) => name.startsWith('bench:'));

let failed = 0;
for (const name of scripts) {
  process.stdout.write(`\n=== npm run ${name} ===\n`);
  const run = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
