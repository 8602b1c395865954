/**
 * The architecture, enforced: layers point one way (core ← store/config/io ← adapters ← runner ←
 * cli), `src/core/` imports no platform SDK, and platform SDKs appear only under
 * `adapters/<platform>/` (and the CLI command that registers Discord commands).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** The layers, by folder, and what each may import (type-only imports included: a type is a dependency too). */
const LAYERS = {
  core: 'src/core/',
  store: 'src/store/',
  config: 'src/config/',
  io: 'src/io/',
  adapters: 'adapters/',
  runner: 'src/runner/',
  cli: 'src/cli/',
} as const;
type Layer = keyof typeof LAYERS;

const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  store: ['core', 'store'],
  config: ['core', 'config'],
  io: ['core', 'io'],
  adapters: ['core', 'store', 'config', 'io', 'adapters'],
  runner: ['core', 'store', 'config', 'io', 'adapters', 'runner'],
  cli: ['core', 'store', 'config', 'io', 'adapters', 'runner', 'cli'],
};

function layerOf(path: string): Layer | undefined {
  const rel = relative(process.cwd(), path).split('\\').join('/');
  return (Object.keys(LAYERS) as Layer[]).find((layer) => rel.startsWith(LAYERS[layer]));
}

/** Every import of a project file that crosses the layer matrix, as `file → specifier`. */
function layerViolations(roots: readonly string[]): string[] {
  const offenders: string[] = [];
  for (const root of roots) {
    for (const file of files(root)) {
      const from = layerOf(file);
      if (!from) continue;
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = layerOf(resolve(dirname(file), spec));
        if (to && !MAY_IMPORT[from].includes(to)) offenders.push(`${relative('.', file)} → ${spec}`);
      }
    }
  }
  return offenders;
}

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

  it('every project folder belongs to a layer', () => {
    const folders = readdirSync('src').map((name) => `src/${name}/`);
    expect(folders.filter((f) => !layerOf(resolve(f, 'x.ts')))).toEqual([]);
  });

  it('the layer check sees a crossing (so the check below can fail)', () => {
    expect(layerOf(resolve('src/store/store.ts'))).toBe('store');
    expect(layerOf(resolve('src/store', '../../adapters/types.js'))).toBe('adapters');
    expect(MAY_IMPORT.store.includes('adapters')).toBe(false);
    expect(MAY_IMPORT.adapters.includes('runner')).toBe(false);
  });

  it('layers import only the layers below them: core ← store/config/io ← adapters ← runner ← cli', () => {
    expect(layerViolations(['src', 'adapters'])).toEqual([]);
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

  /**
   * Modules a file loads when it is imported: static value imports, followed through relative specifiers
   * (`import type` and dynamic `import()` load nothing up front). Package specifiers are kept as leaves.
   */
  function loadedUpFront(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.endsWith('.ts')) return;
      const source = readFileSync(file, 'utf8');
      const specs = [
        ...source.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm),
        ...source.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
      ].map((m) => m[1]!);
      for (const spec of specs) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
        else seen.add(spec);
      }
    };
    visit(resolve(entry));
    return new Set([...seen].map((f) => (f.startsWith('/') ? relative(process.cwd(), f) : f)));
  }

  const HEAVY = [
    /^src\/store\//,
    /^src\/runner\//,
    /^adapters\//,
    /^src\/core\/privacy\/scrub\//,
    /^src\/cli\/context\.ts$/,
  ];
  const HEAVY_PACKAGES = ['better-sqlite3', 'drizzle-orm', 'pino', '@faker-js/faker', ...PLATFORM_SDKS];
  const heavy = (m: string) =>
    HEAVY.some((re) => re.test(m)) ||
    HEAVY_PACKAGES.some((p) => m === p || m.startsWith(p.endsWith('/') ? p : `${p}/`));

  it('registering the CLI commands loads no store, runner, adapter, scrubber or platform SDK (voices starts fast)', () => {
    // Self-check: the walk does reach the store from the CLI context.
    expect([...loadedUpFront('src/cli/context.ts')].some(heavy)).toBe(true);
    expect([...loadedUpFront('src/cli/commands/index.ts')].filter(heavy)).toEqual([]);
  });
});
