/**
 * The architecture, enforced: `src/core/` imports no platform SDK (and nothing from adapters or
 * the runner), and platform SDKs appear only under `adapters/<platform>/` (and the CLI command that
 * registers Discord commands).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const PLATFORM_SDKS = [
  'twilio',
  '@slack/bolt',
  '@slack/web-api',
  '@slack/socket-mode',
  'discord.js',
  '@discordjs/',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|js)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier: static imports, re-exports, dynamic import() and require(). */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1] ?? '');
  return specs;
}

const isSdk = (spec: string) =>
  PLATFORM_SDKS.some((sdk) => spec === sdk || spec.startsWith(sdk.endsWith('/') ? sdk : `${sdk}/`));

describe('architecture', () => {
  it('the import scanner sees every kind of import (so the checks below can fail)', () => {
    const sample = [
      "import { App } from '@slack/bolt';",
      "export * from 'discord.js';",
      "import 'twilio';",
      "const x = await import('@discordjs/rest');",
      "const y = require('twilio/lib/webhooks');",
    ].join('\n');
    expect(importsOf(sample).filter(isSdk)).toEqual([
      '@slack/bolt',
      'discord.js',
      'twilio',
      '@discordjs/rest',
      'twilio/lib/webhooks',
    ]);
  });

  it('nothing under src/core/ imports a platform SDK, an adapter or the runner', () => {
    const offenders: string[] = [];
    for (const file of files('src/core')) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (
          isSdk(spec) ||
          /(^|\/)adapters\//.test(spec) ||
          /\/runner\//.test(spec) ||
          /\/store\//.test(spec)
        ) {
          offenders.push(`${relative('.', file)} → ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('platform SDKs are imported only inside adapters/<platform>/ or the CLI', () => {
    const offenders: string[] = [];
    for (const file of files('src')) {
      if (file.startsWith(join('src', 'cli'))) continue;
      for (const spec of importsOf(readFileSync(file, 'utf8')))
        if (isSdk(spec)) offenders.push(`${file} → ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('each adapter imports only its own platform SDK', () => {
    const own: Record<string, string[]> = {
      twilio: ['twilio'],
      slack: ['@slack/'],
      discord: ['discord.js', '@discordjs/'],
      simulator: [],
    };
    const offenders: string[] = [];
    for (const [platform, allowed] of Object.entries(own)) {
      let list: string[] = [];
      try {
        list = files(join('adapters', platform));
      } catch {
        continue;
      }
      for (const file of list) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          if (isSdk(spec) && !allowed.some((a) => spec === a || spec.startsWith(a)))
            offenders.push(`${file} → ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
