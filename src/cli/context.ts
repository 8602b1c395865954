/**
 * What a one-shot CLI command needs (config, keys, store, prompts) without starting the server.
 * Logs go to stderr so stdout stays clean for data (`voices export > replies.csv`).
 */
import type { Logger } from '../../adapters/types.js';
import { type AppConfig, parseEnv, resolvePromptsPath } from '../config/env.js';
import { resolveSecret } from '../config/secret.js';
import type { Store } from '../core/ports/store.js';
import { deriveKeys, type PrivacyKeys } from '../core/privacy/keys.js';
import { loadPromptFile } from '../core/prompts/load.js';
import type { PromptFile } from '../core/prompts/schema.js';
import { Conversations, conversationSettings } from '../runner/conversations.js';
import { createLogger } from '../runner/logger.js';
import { openStore } from '../store/index.js';
import { projectRoot } from '../store/migrations.js';
import { loadDotenv } from './env-file.js';

export interface CliContext {
  config: AppConfig;
  logger: Logger;
  keys: PrivacyKeys;
  store: Store;
  script: PromptFile;
  conversations: Conversations;
  close(): Promise<void>;
}

export async function openCliContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  loadDotenv();
  const config = parseEnv(env);
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, process.stderr);
  const script = loadPromptFile(resolvePromptsPath(config.PROMPTS_FILE, projectRoot()));
  const keys = deriveKeys(resolveSecret(config, logger));
  const store = await openStore(config.VOICES_DB, {
    // A command needs few connections; the runners on the same database keep theirs.
    poolSize: 2,
    statementTimeoutMs: config.VOICES_DB_STATEMENT_TIMEOUT_MS,
  });
  const conversations = new Conversations(
    store,
    keys,
    conversationSettings(config, script),
    () => undefined,
    () => new Date(),
  );
  return { config, logger, keys, store, script, conversations, close: () => store.close() };
}
