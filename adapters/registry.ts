/**
 * Adapter modules by the name used in `ADAPTERS`. Each is imported only when enabled, so a
 * deployment with only SMS never loads discord.js or Bolt.
 */
import type { AdapterFactory } from './types.js';

type Loader = () => Promise<{ default: AdapterFactory }>;

export const adapterLoaders: Record<string, Loader> = {
  simulator: () => import('./simulator/index.js'),
  twilio: () => import('./twilio/index.js'),
  slack: () => import('./slack/index.js'),
  discord: () => import('./discord/index.js'),
};
