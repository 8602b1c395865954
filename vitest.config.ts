import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // One PostgreSQL server per run for the PostgreSQL store's tests (skipped loudly where none is installed).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native SQLite work and HTTP servers per file; forks isolate native handles.
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
