/**
 * Starts the real runner with the Slack adapter pointed at a local fake Slack, in a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlackAdapter } from '../../../adapters/slack/slack-adapter.js';
import type { Logger } from '../../../adapters/types.js';
import { type Runner, startRunner } from '../../../src/runner/runner.js';
import { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

export const ORGANIZER = 'UORG000001';
export const ORGANIZER_CHANNEL = 'C0ORGS0001';
export const DIGEST_CHANNEL = 'C0DIGEST01';

/** Everything logged, as JSON lines, to prove no text, id or secret is ever logged. */
export function capturingLogger(lines: string[], bindings: Record<string, unknown> = {}): Logger {
  const write = (level: string) => (fields: Record<string, unknown>, msg: string) => {
    lines.push(JSON.stringify({ level, ...bindings, ...fields, msg }));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => capturingLogger(lines, { ...bindings, ...more }),
  };
}

export interface SlackHarness {
  fake: FakeSlack;
  runner: Runner;
  adapter: SlackAdapter;
  close(): Promise<void>;
}

export async function startSlackHarness(
  env: Record<string, string> = {},
  logger?: Logger,
  now?: () => Date,
): Promise<SlackHarness> {
  const fake = await FakeSlack.start();
  const dir = mkdtempSync(join(tmpdir(), 'voices-slack-'));
  let runner: Runner;
  try {
    runner = await startRunner({
      ...(logger ? { logger } : {}),
      ...(now ? { now } : {}),
      env: {
        VOICES_DB: join(dir, 'voices.db'),
        VOICES_SECRET: 'slack-test-secret-0123456789-0123456789',
        PORT: '0',
        HOST: '127.0.0.1',
        ADAPTERS: 'slack',
        LOG_LEVEL: 'silent',
        QUIET_HOURS: 'off',
        SCHEDULER_INTERVAL_MS: '600000',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_ORGANIZERS: ORGANIZER,
        SLACK_ORGANIZER_CHANNEL: ORGANIZER_CHANNEL,
        SLACK_DIGEST_CHANNEL: DIGEST_CHANNEL,
        ...env,
      },
    });
  } catch (err) {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const adapter = runner.adapters.get('slack') as SlackAdapter;
  return {
    fake,
    runner,
    adapter,
    async close() {
      await runner.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
