/**
 * `voices digest` themes on the worker thread however the code is run: from TypeScript sources through tsx (as
 * the README's `npx tsx src/cli/main.ts` and `node --import tsx` do) and from a compiled build (what `npm start`
 * runs from `dist/`). Vitest itself runs the sources (theme-worker.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/core/digest/types.js';
import { SqliteStore } from '../../../src/store/sqlite/store.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';

const ROOT = join(import.meta.dirname, '../../..');
const TEXTS = [
  'The bus to the hospital is always late',
  'More buses on Sunday mornings please',
  'Bus drivers are kind but the buses are full',
  'The new library hours are great for students',
  'Love the library and its reading programs',
  'The library should open on Sunday too',
  'Rent is too high for young families',
  'Housing costs keep going up every year',
  'We need affordable housing near downtown',
];

let dir: string;
let compiled: string;

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    VOICES_DB: join(dir, 'v.db'),
    VOICES_SECRET: TEST_SECRET,
    TIMEZONE: 'America/Toronto',
    LOG_LEVEL: 'debug',
  };
}

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

function sources(from: string): string[] {
  return readdirSync(from, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-run-paths-'));
  const store = new SqliteStore(join(dir, 'v.db'));
  await store.insertImported(
    Array.from({ length: 45 }, (_, i) => ({
      participantId: null,
      promptId: 'noticed',
      isFollowUp: false,
      text: `${TEXTS[i % TEXTS.length]} (${i})`,
      channel: 'offline',
      language: 'en',
      group: null,
      receivedAt: new Date(Date.UTC(2026, 10, 17, 12, i)),
      source: 'imported' as const,
      importKey: `k${i}`,
    })),
  );
  await store.close();
  // The compiled layout `npm run build` gives (one .js per .ts, same folders), inside the project so packages
  // resolve; esbuild transpiles in a second where tsc takes most of a minute.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  compiled = mkdtempSync(join(cache, 'voices-test-build-'));
  await build({
    entryPoints: [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'adapters'))].map((f) =>
      relative(ROOT, f),
    ),
    absWorkingDir: ROOT,
    outdir: compiled,
    outbase: '.',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (compiled) rmSync(compiled, { recursive: true, force: true });
});

const digestArgs = (out: string) => [
  'digest',
  '--from',
  '2026-11-16',
  '--to',
  '2026-11-22',
  '--format',
  'json',
  '--out',
  join(dir, out),
];

async function expectThemedOnWorker(result: { code: number | null; stderr: string }, out: string) {
  expect(result.code, result.stderr.slice(-2000)).toBe(0);
  expect(result.stderr).toContain('themed on the worker thread');
  const digest = JSON.parse(readFileSync(join(dir, out), 'utf8')) as Digest;
  expect(digest.participation.replies).toBe(45);
  expect(digest.prompts[0]?.themes.length).toBeGreaterThan(1);
  return digest;
}

describe('voices digest on the theme worker', () => {
  it('from sources with the tsx command and with node --import tsx, the same digest', async () => {
    const [viaTsx, viaImport] = await Promise.all([
      run(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...digestArgs('tsx.json')]),
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...digestArgs('import.json')]),
    ]);
    const a = await expectThemedOnWorker(viaTsx, 'tsx.json');
    const b = await expectThemedOnWorker(viaImport, 'import.json');
    expect({ ...a, generatedAt: '' }).toEqual({ ...b, generatedAt: '' });
  }, 120_000);

  it('from a compiled build, with no TypeScript loader', async () => {
    const result = await run(process.execPath, [
      join(compiled, 'src/cli/main.js'),
      ...digestArgs('built.json'),
    ]);
    await expectThemedOnWorker(result, 'built.json');
  }, 120_000);
});
