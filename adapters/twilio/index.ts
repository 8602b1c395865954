/** The Twilio SMS adapter module: the runner imports it only when ADAPTERS lists `twilio`. */
import type { AdapterFactory } from '../types.js';
import { TwilioAdapter } from './adapter.js';
import { loadTwilioConfig } from './config.js';

const createTwilioAdapter: AdapterFactory = (env) => new TwilioAdapter(loadTwilioConfig(env));

export default createTwilioAdapter;
export { TwilioAdapter } from './adapter.js';
export { loadTwilioConfig, type TwilioConfig } from './config.js';
