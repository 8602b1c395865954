import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../src/core/digest/build.js';
import { renderDigest } from '../../../src/core/digest/index.js';
import { escapeHtml, renderDigestHtml } from '../../../src/core/digest/render/html.js';
import { renderDigestJson } from '../../../src/core/digest/render/json.js';
import { escapeMarkdown, renderDigestMarkdown } from '../../../src/core/digest/render/markdown.js';
import { renderDigestText } from '../../../src/core/digest/render/text.js';
import type { Digest } from '../../../src/core/digest/types.js';
import { countSegments } from '../../../src/core/sms/index.js';
import { twoGroups, week3Input } from './fixtures.js';

async function digest(language: 'en' | 'fr' = 'en'): Promise<Digest> {
  return buildDigest({ ...week3Input(), language });
}

/** Two groups of 40 that both raised the bus (10 and 12 people). */
async function commonGroundDigest(language: 'en' | 'fr' = 'en'): Promise<Digest> {
  const replies = twoGroups({
    bus: { a: 10, b: 12, a_text: 'The bus should come more often', b_text: 'Bus drivers are kind to us' },
  });
  return buildDigest({ ...week3Input(replies), history: [], language });
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
  it('has participation, each theme with trend, quotes, weeks and groups, in plain words and local dates', async () => {
    const md = renderDigestMarkdown(await digest());
    expect(md).toMatch(/^# Weekly digest · Test org\n/);
    expect(md).toContain('November 16–22, 2026 (Eastern Time)');
    expect(md).toContain('- People: 27 (new: 9) · Replies: 27 (2 without a theme)');
    expect(md).toContain('6 imported replies have no participant column: each is counted as one person.');
    expect(md).toContain('> The bus is late again on route five');
    // Each week's count with the week's replies: a trend compares the theme's share of them.
    expect(md).toContain('- Replies per week: 4 of 10 → 5 of 19 → 10 of 27');
    expect(md).toMatch(/### .* · fading/);
    expect(md).toMatch(/### .* · new/);
    // Group and channel names, the small group hidden (and said so), never its count.
    expect(md).toContain('| Parent or caregiver | 10 | 10 |');
    expect(md).toContain('| Senior | hidden for privacy | hidden for privacy |');
    expect(md).toContain('| Slack | hidden for privacy | hidden for privacy |');
    expect(md).toContain('| Theme | Parent or caregiver | Youth (under 25) |');
    expect(md).toContain('50% (5)');
    expect(md).toContain('“hidden for privacy”: fewer than 5 people');
    expect(md).not.toMatch(/consensus|\bparent\b|\bsenior\b|offline/);
  });

  it('names themes hidden in every group under the theme × group table instead of a row of “hidden”', async () => {
    const d = structuredClone(await digest());
    const prompt = d.prompts[0]!;
    const groups = (prompt.groups ?? []).filter((g) => g.people !== null).map((g) => g.group);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const [shown, hidden] = prompt.themes;
    shown!.label = 'Shown theme';
    shown!.byGroup = groups.map((group, i) => ({
      group,
      people: i === 0 ? 5 : null,
      share: i === 0 ? 0.5 : null,
    }));
    hidden!.label = 'Small theme';
    hidden!.byGroup = groups.map((group) => ({ group, people: null, share: null }));
    prompt.themes = [shown!, hidden!];
    const md = renderDigestMarkdown(d);
    expect(md).toMatch(/\| Shown theme \| 50% \(5\) \| hidden \|/);
    expect(md).not.toMatch(/\| Small theme \|/);
    expect(md).toContain('_Fewer than 5 people in each group, so hidden for privacy: Small theme._');
    const html = renderDigestHtml(d);
    expect(html).toContain('<td>Shown theme</td>');
    expect(html).not.toContain('<td>Small theme</td>');
    expect(html).toContain('Fewer than 5 people in each group, so hidden for privacy: Small theme.');
  });

  it('shows common ground with each group’s share and its own quote, in plain words', async () => {
    const md = renderDigestMarkdown(await commonGroundDigest());
    expect(md).toContain('## Common ground');
    expect(md).toContain('raised in 2 of 2 groups: Senior 30% and Parent or caregiver 25%.');
    expect(md).toMatch(/- Senior: “Bus drivers are kind to us number \d+”/);
    expect(md).toMatch(/- Parent or caregiver: “The bus should come more often number \d+”/);
    expect(md).not.toContain('consensus');
    // Nothing is hidden here: no privacy note.
    expect(md).not.toContain('hidden');
  });

  it('quotes each group in French with French quotation marks', async () => {
    const md = renderDigestMarkdown(await commonGroundDigest('fr'));
    expect(md).toContain('## Terrain d’entente');
    expect(md).toMatch(/- Aîné : « Bus drivers are kind to us number \d+ »/);
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
    // Three themes charted, each a line over three weeks; the fourth's people count is hidden, so are its weeks.
    expect(html.match(/<polyline /g)).toHaveLength(3);
    expect(html).toContain('Fewer than 5 replies, people: hidden for privacy');
    expect(html).not.toContain('0 → 8 → 3');
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
    expect(html).toContain('en baisse');
    expect(html).toContain('4 sur 10 → 5 sur 19 → 10 sur 27');
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
    expect(text).toContain('fading');
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
  it('round-trips the digest, without the theme engine’s definitions and the replies’ placements', async () => {
    const d = await digest();
    const { model: _model, assignments: _assignments, ...prompt } = d.prompts[0]!;
    const shown = { ...d, prompts: [prompt] };
    expect(d.prompts[0]!.model).toBeDefined();
    expect(d.prompts[0]!.assignments).toBeDefined();
    expect(JSON.parse(renderDigestJson(d))).toEqual(shown);
    expect(JSON.parse(renderDigest(d, 'json'))).toEqual(shown);
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
