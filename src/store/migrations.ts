/** Where the committed drizzle-kit migrations are, per dialect (`drizzle/sqlite/`, `drizzle/postgres/`). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, found from this file (works from src/ and from dist/src/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the project root (package.json with drizzle/)');
}

export function migrationsFolder(dialect: 'sqlite' | 'postgres'): string {
  return join(projectRoot(), 'drizzle', dialect);
}
