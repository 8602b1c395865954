/**
 * Headless Chromium for browser tests (Debian `chromium`, driven by playwright-core). Outside CI a
 * machine without it skips the file, loudly; in CI (`CI=true`, where `.ci/run` installs it) a
 * missing browser fails the file.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network (this machine's is closed) and quiet. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const inCi = process.env.CI === 'true';
const available = existsSync(CHROMIUM);

/** True when the file's browser tests must be skipped (no browser, not in CI); says so on stderr. */
export function skipBrowserTests(file: string): boolean {
  if (available || inCi) return false;
  process.stderr.write(
    `\n*** SKIPPED ${file}: no Chromium at ${CHROMIUM}. ` +
      'Install it with `apt-get install -y chromium` (CI installs it and fails without it). ***\n\n',
  );
  return true;
}

export async function launchChromium(): Promise<Browser> {
  if (!available) throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run must install it`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}
