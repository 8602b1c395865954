import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL migrations (`npm run db:generate` makes both dialects'; see drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/postgres/schema.ts',
  out: './drizzle/postgres',
});
