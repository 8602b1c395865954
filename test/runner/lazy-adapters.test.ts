/** Adapters load on demand: a deployment that does not enable a platform never loads its SDK. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function loadedSdks(adapters: string, extra?: string): Promise<string[]> {
  const args = [
    '--import',
    'tsx',
    'test/runner/fixtures/loaded-sdks.mts',
    adapters,
    ...(extra ? [extra] : []),
  ];
  const { stdout } = await run(process.execPath, args, { cwd: process.cwd() });
  return JSON.parse(stdout) as string[];
}

describe('adapters load on demand', () => {
  it('the simulator alone loads no platform SDK', async () => {
    expect(await loadedSdks('simulator')).toEqual([]);
  });

  it('an SMS-only deployment loads twilio and neither Bolt nor discord.js', async () => {
    expect(await loadedSdks('twilio')).toEqual(['twilio']);
  });

  it('the probe sees an SDK once it is loaded (so the check above can fail)', async () => {
    expect(await loadedSdks('simulator', 'load-discord')).toEqual(['discord.js']);
  });
});
