/**
 * Whether dist/ holds a build of the current sources. Plain JavaScript with no dependencies: the
 * `voices` bin and `npm start` read it before anything is compiled.
 */
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the TypeScript build reads (tsconfig.build.json includes src/ and adapters/). */
const SOURCE_DIRS = ['src', 'adapters'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];
export const STAMP = join('dist', '.build-stamp');
export const DIST_ENTRY = join('dist', 'src', 'cli', 'main.js');

/** The newest source file and its modification time (ms). */
function newestSource(root) {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (/\.(ts|mts|json)$/.test(path) && !path.endsWith('.test.ts') && stat.mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs: stat.mtimeMs };
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return { path: relative(root, newest.path), mtimeMs: newest.mtimeMs };
}

/**
 * `{ fresh: true }` when dist/ was built after the last change to the sources; otherwise
 * `{ fresh: false, reason }` saying why, for the message `npm start` prints.
 */
export function buildState(root) {
  const stamp = statSync(join(root, STAMP), { throwIfNoEntry: false });
  if (!stamp || !existsSync(join(root, DIST_ENTRY)))
    return { fresh: false, reason: 'dist/ has no build yet' };
  const newest = newestSource(root);
  if (newest.mtimeMs > stamp.mtimeMs) {
    return { fresh: false, reason: `${newest.path} changed since the last build` };
  }
  return { fresh: true, reason: 'dist/ is up to date' };
}

/** Records a successful build (the stamp's time is the build's start, so edits during it count). */
export function markBuilt(root, startedAtMs) {
  const path = join(root, STAMP);
  writeFileSync(path, `${new Date(startedAtMs).toISOString()}\n`);
  const at = new Date(startedAtMs);
  utimesSync(path, at, at);
}
