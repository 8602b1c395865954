/**
 * The README's first steps in a fresh clone: `npx voices --help` right after `npm ci` (no build),
 * `--version`, and `npm start`'s build step that compiles only when a source changed.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildState, markBuilt } from '../../bin/build-state.js';

const run = promisify(execFile);
const repo = process.cwd();
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** What `git clone` of this working tree would give once committed: no dist/, no node_modules. */
function cloneInto(dir: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(repo, file), join(dir, file));
    } catch {
      // A file deleted in the working tree but not yet in git.
    }
  }
}

describe('the voices bin in a fresh clone', () => {
  let clone: string;
  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'voices-clone-'));
    cloneInto(clone);
    // `npm ci` would install these; linking the installed tree stands in for the two-minute install.
    symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'));
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('has no dist/, and `npx voices --help` runs from the sources', async () => {
    expect(readdirSync(clone)).not.toContain('dist');
    const { stdout } = await run('npx', ['--no-install', 'voices', '--help'], { cwd: clone });
    expect(stdout).toMatch(/^Usage: voices/);
    for (const command of ['start', 'import', 'export', 'forget', 'themes', 'digest', 'scrub']) {
      expect(stdout).toContain(command);
    }
  });

  it('`voices --version` prints the package version, from any folder', async () => {
    const { stdout } = await run(process.execPath, [join(clone, 'bin', 'voices.js'), '--version'], {
      cwd: tmpdir(),
    });
    expect(stdout.trim()).toBe(version);
  });

  it('a failing command exits non-zero with its message', async () => {
    const failed = await run(process.execPath, [join(clone, 'bin', 'voices.js'), 'start'], {
      cwd: clone,
      env: { ...process.env, PORT: 'abc' },
    }).catch((err: { code: number; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('PORT is "abc": expected a whole number');
  });
});

describe('npm start builds only when the sources changed', () => {
  let dir: string;
  beforeAll(() => {
    // A miniature project: the real build scripts, one source file, and a stand-in compiler that
    // records each run (the real tsc takes ~20 s of both cores).
    dir = mkdtempSync(join(tmpdir(), 'voices-build-'));
    cpSync(join(repo, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(repo, 'scripts', 'build.js'), join(dir, 'scripts', 'build.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'src', 'cli', 'main.ts'), 'export {};\n');
    mkdirSync(join(dir, 'node_modules', 'typescript', 'bin'), { recursive: true });
    writeFileSync(
      join(dir, 'node_modules', 'typescript', 'bin', 'tsc'),
      [
        "const fs = require('node:fs');",
        "fs.mkdirSync('dist/src/cli', { recursive: true });",
        "fs.writeFileSync('dist/src/cli/main.js', '');",
        "fs.appendFileSync('compiled.log', 'x');",
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const build = async () => {
    const { stderr } = await run(process.execPath, ['scripts/build.js', '--if-stale'], { cwd: dir });
    const compiled = readdirSync(dir).includes('compiled.log')
      ? readFileSync(join(dir, 'compiled.log'), 'utf8').length
      : 0;
    return { stderr, compiled };
  };

  it('compiles the first time and says why', async () => {
    expect(buildState(dir)).toEqual({ fresh: false, reason: 'dist/ has no build yet' });
    const first = await build();
    expect(first.stderr).toMatch(/compiling to dist\/ \(dist\/ has no build yet\)/);
    expect(first.stderr).toMatch(/built in \d+\.\d s/);
    expect(first.compiled).toBe(1);
    expect(buildState(dir).fresh).toBe(true);
  });

  it('then does not compile again, and says so', async () => {
    const again = await build();
    expect(again.stderr).toContain('dist/ is up to date, not rebuilding');
    expect(again.compiled).toBe(1);
  });

  it('compiles again after a source changes, naming the file', async () => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), later, later);
    expect(buildState(dir)).toEqual({ fresh: false, reason: 'src/cli/main.ts changed since the last build' });
    const rebuilt = await build();
    expect(rebuilt.stderr).toContain('src/cli/main.ts changed since the last build');
    expect(rebuilt.compiled).toBe(2);
  });

  it('a build stamped before an edit made during it is stale', () => {
    markBuilt(dir, Date.now() - 60_000);
    const edited = new Date(Date.now() - 30_000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), edited, edited);
    expect(buildState(dir).fresh).toBe(false);
  });
});
