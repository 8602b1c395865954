import { describe, expect, it } from 'vitest';
import { loadSlackConfig } from '../../../adapters/slack/config.js';
import { ErrorCode, isVoicesError } from '../../../src/core/errors.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'signing-secret-123' };

function configError(env: NodeJS.ProcessEnv): { variable: unknown; message: string } {
  try {
    loadSlackConfig(env);
  } catch (err) {
    if (isVoicesError(err, ErrorCode.ConfigInvalid))
      return { variable: err.detail?.variable, message: err.message };
    throw err;
  }
  throw new Error('expected a config error');
}

describe('loadSlackConfig', () => {
  it('reads HTTP mode with the default API URL and parses organizer ids', () => {
    const config = loadSlackConfig({
      ...base,
      SLACK_ORGANIZERS: ' U012ABCDEF, W0987ZYX ,',
      SLACK_ORGANIZER_CHANNEL: 'C0ORGS0001',
      SLACK_DIGEST_CHANNEL: 'G0DIGEST01',
    });
    expect(config.appToken).toBeUndefined();
    expect(config.apiUrl).toBe('https://slack.com/api/');
    expect([...config.organizers]).toEqual(['U012ABCDEF', 'W0987ZYX']);
    expect(config.organizerChannel).toBe('C0ORGS0001');
    expect(config.digestChannel).toBe('G0DIGEST01');
  });

  it('adds the trailing slash to SLACK_API_URL (GovSlack)', () => {
    expect(loadSlackConfig({ ...base, SLACK_API_URL: 'https://slack-gov.com/api' }).apiUrl).toBe(
      'https://slack-gov.com/api/',
    );
  });

  it('Socket Mode needs no signing secret; HTTP mode does', () => {
    const socket = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(socket.appToken).toBe('xapp-1-abc');
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' }).variable).toBe(
      'SLACK_SIGNING_SECRET',
    );
  });

  it('names the wrong variable without echoing secrets', () => {
    const token = configError({ ...base, SLACK_BOT_TOKEN: 'xoxp-user-token-secret' });
    expect(token.variable).toBe('SLACK_BOT_TOKEN');
    expect(token.message).not.toContain('xoxp-user-token-secret');
    expect(configError({ ...base, SLACK_APP_TOKEN: 'nope' }).variable).toBe('SLACK_APP_TOKEN');
    expect(configError({ ...base, SLACK_ORGANIZERS: 'U012ABCDEF,alice' }).variable).toBe('SLACK_ORGANIZERS');
    expect(configError({ ...base, SLACK_DIGEST_CHANNEL: '#general' }).variable).toBe('SLACK_DIGEST_CHANNEL');
    expect(configError({ ...base, SLACK_API_URL: 'ftp://x' }).variable).toBe('SLACK_API_URL');
    expect(configError({ SLACK_SIGNING_SECRET: 'signing-secret-123' }).variable).toBe('SLACK_BOT_TOKEN');
  });
});
