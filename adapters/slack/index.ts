/**
 * The Slack adapter module: the runner imports it only when `ADAPTERS` lists `slack`.
 *
 * @example
 * ADAPTERS=slack SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… npm start
 */
import type { AdapterFactory } from '../types.js';
import { loadSlackConfig } from './config.js';
import { SlackAdapter } from './slack-adapter.js';

const createSlackAdapter: AdapterFactory = (env) => new SlackAdapter(loadSlackConfig(env));

export default createSlackAdapter;
export { SlackAdapter };
