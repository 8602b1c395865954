/** The Discord adapter module: the runner imports it only when `ADAPTERS` lists `discord`. */
import type { AdapterFactory } from '../types.js';
import { DiscordAdapter } from './adapter.js';
import { loadDiscordConfig } from './config.js';

const createDiscordAdapter: AdapterFactory = (env) => new DiscordAdapter(loadDiscordConfig(env));

export default createDiscordAdapter;
export { DiscordAdapter } from './adapter.js';
export { loadDiscordConfig } from './config.js';
