import { defineConfig } from 'drizzle-kit';

/** The SQLite migrations (`npm run db:generate` makes both dialects'; see drizzle.postgres.config.ts). */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/sqlite/schema.ts',
  out: './drizzle/sqlite',
});
