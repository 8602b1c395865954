import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/core/digest/build.js';
import { renderDigest } from '../../../src/core/digest/index.js';
import { escapeHtml, renderDigestHtml } from '../../../src/core/digest/render/html.js';
import { renderDigestJson } from '../../../src/core/digest/render/json.js';
import { escapeMarkdown, renderDigestMarkdown } from '../../../src/core/digest/render/markdown.js';
import { renderDigestText } from '../../../src/core/digest/render/text.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { countSegments } from '../../../src/core/sms/index.js';
import { week3Input } from './fixtures.js';

async function digest(language: 'en' | 'fr' = 'en'): Promise<Digest> {
  return buildDigest({ ...week3Input(), language });
}

const HOSTILE = '<script>alert(1)</script> **bold** [link](http://x) & "quotes"';

function withHostileText(d: Digest): Digest {
  const copy = structuredClone(d);
  const theme = copy.prompts[0]!.themes[0]!;
  theme.label = HOSTILE;
  theme.quotes = [{ text: HOSTILE }];
  copy.organization = '<b>Org</b>';
  return copy;
}

describe('markdown', () => {
  it('has participation, common ground and each theme with trend, quotes and history', async () => {
    const md = renderDigestMarkdown(await digest());
    expect(md).toMatch(/^# Weekly digest · Test org\n/);
    expect(md).toContain('2026-11-16 → 2026-11-22 (America/Toronto)');
    expect(md).toContain('- Participants: 27 (9 new)');
    expect(md).toContain('## Common ground');
    expect(md).toContain('> The bus is late again on route five');
    expect(md).toContain('- Last weeks: 4 → 5 → 10');
    expect(md).toMatch(/### .* · growing/);
    expect(md).toMatch(/### .* · new/);
    expect(md).not.toContain('senior');
    expect(md).toContain('| slack | hidden | hidden |');
  });

  it('escapes residents words so they cannot format the page', async () => {
    const md = renderDigestMarkdown(withHostileText(await digest()));
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('**bold**');
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
  });
});

describe('html', () => {
  it('is a self-contained page with both charts and no external asset', async () => {
    const html = renderDigestHtml(await digest());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg id="themes-chart"');
    expect(html).toContain('<svg id="participation-chart"');
    // Four themes charted, each a line over three weeks.
    expect(html.match(/<polyline /g)).toHaveLength(4);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|\ssrc=|url\(|@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toContain('senior');
  });

  it('escapes every text', async () => {
    const html = renderDigestHtml(withHostileText(await digest()));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>Org</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`<a href="x">'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;');
  });

  it('renders in French', async () => {
    const html = renderDigestHtml(await digest('fr'));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Synthèse de la semaine');
    expect(html).toContain('en hausse');
  });
});

describe('text', () => {
  it('fits two SMS segments and names the top themes', async () => {
    const d = await digest();
    const text = renderDigestText(d);
    const count = countSegments(text);
    expect(count.segments).toBeLessThanOrEqual(2);
    expect(count.encoding).toBe('GSM-7');
    expect(text).toContain('27 replies, 27 people');
    expect(text).toContain('growing');
  });

  it('still fits two segments with long labels and non-GSM characters', async () => {
    const d = structuredClone(await digest('fr'));
    for (const theme of d.prompts[0]!.themes) {
      theme.label = `${theme.label} très très longue étiquette avec des accents ê î ô û ç ${'x'.repeat(80)}`;
    }
    d.organization = 'Centre communautaire de la Côte-des-Neiges';
    const text = renderDigestText(d);
    expect(countSegments(text).segments).toBeLessThanOrEqual(2);
    expect(text).toContain('Centre communautaire');
    expect(text).toContain('réponses');
  });

  it('fits one segment when asked', async () => {
    const text = renderDigestText(await digest(), 1);
    expect(countSegments(text).segments).toBe(1);
  });
});

describe('json and renderDigest', () => {
  it('round-trips the digest', async () => {
    const d = await digest();
    expect(JSON.parse(renderDigestJson(d))).toEqual(d);
    expect(JSON.parse(renderDigest(d, 'json'))).toEqual(d);
  });

  it('dispatches every format', async () => {
    const d = await digest();
    expect(renderDigest(d, 'md')).toContain('# Weekly digest');
    expect(renderDigest(d, 'html')).toContain('<svg');
    expect(renderDigest(d, 'text').endsWith('\n')).toBe(true);
    expect(Array.isArray(JSON.parse(renderDigest(d, 'slack')))).toBe(true);
    expect(Array.isArray(JSON.parse(renderDigest(d, 'discord')))).toBe(true);
  });
});
