import { existsSync } from 'node:fs';
import { config } from 'dotenv';

/** Loads `.env` from the working directory when present; real environment variables win. */
export function loadDotenv(path = '.env'): void {
  if (existsSync(path)) config({ path, quiet: true });
}
