import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native SQLite work and HTTP servers per file; forks isolate native handles.
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
