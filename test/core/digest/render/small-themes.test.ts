/**
 * Small themes in every renderer: a reply count under 5 is not printed when the theme's people count is hidden
 * (nor its replies per week), and themes with fewer than 3 replies and no trend word are named in one line.
 */
import { describe, expect, it } from 'vitest';
import { renderDigestEmbeds } from '../../../../src/core/digest/render/discord-embeds.js';
import { renderDigestHtml } from '../../../../src/core/digest/render/html.js';
import { renderDigestJson } from '../../../../src/core/digest/render/json.js';
import { isMinorTheme, MINOR_THEME_REPLIES } from '../../../../src/core/digest/render/labels.js';
import { renderDigestMarkdown } from '../../../../src/core/digest/render/markdown.js';
import { renderDigestSlack } from '../../../../src/core/digest/render/slack-blocks.js';
import { renderDigestText } from '../../../../src/core/digest/render/text.js';
import type { Digest, DigestTheme, Trend } from '../../../../src/core/digest/types.js';

function theme(
  key: string,
  label: string,
  replies: number,
  participants: number | null,
  trend: Trend | null,
  history: number[],
): DigestTheme {
  return {
    key,
    label,
    keywords: [],
    replies,
    participants,
    quotes: [{ text: `${label} quoted reply` }],
    groups: [],
    trend,
    history,
  };
}

function digest(language: 'en' | 'fr'): Digest {
  return {
    id: '2026-11-16_2026-11-23',
    organization: 'Riverside',
    language,
    period: { from: '2026-11-16', to: '2026-11-22', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T09:00:00Z',
    participation: {
      participants: 60,
      newParticipants: 10,
      replies: 100,
      unthemedReplies: 71,
      byChannel: [],
      byGroup: [],
    },
    prompts: [
      {
        promptId: 'p1',
        promptText: 'What is going well?',
        replies: 100,
        participants: 60,
        unthemed: 71,
        themes: [
          theme('big', 'Big theme', 20, 15, 'growing', [5, 8, 10]),
          theme('four', 'Hidden four', 4, null, null, [1, 1, 2]),
          theme('fading', 'Fading small', 2, null, 'fading', [9, 8, 9]),
          theme('one', 'Minor one', 1, null, null, [0, 0, 0]),
          theme('two', 'Minor two', 2, null, null, [0, 1, 0]),
        ],
      },
    ],
    commonGround: [],
    weeks: [
      { label: '2026-10-26', replies: 90, participants: 50 },
      { label: '2026-11-02', replies: 95, participants: 55 },
      { label: '2026-11-09', replies: 98, participants: 58 },
    ],
  };
}

const WORDS = {
  en: {
    few: 'Fewer than 5 replies',
    exact: /(?<!than )\b[1-4] repl(?:y|ies)\b/u,
    also: 'Also mentioned, by fewer than 3 replies each',
  },
  fr: {
    few: 'Moins de 5 réponses',
    exact: /(?<!de )\b[1-4] réponses?(?!\p{L})/u,
    also: 'Aussi mentionnés, par moins de 3 réponses chacun',
  },
} as const;

const colon = (language: 'en' | 'fr') => (language === 'fr' ? ' : ' : ': ');

/** Every text each renderer shows, tags and JSON syntax aside. */
function rendered(d: Digest): Record<string, string> {
  const slack = renderDigestSlack(d)
    .flatMap((m) => m.blocks)
    .flatMap((b) =>
      b.type === 'header' || b.type === 'section'
        ? [b.text.text]
        : b.type === 'context'
          ? b.elements.map((e) => e.text)
          : [],
    );
  const discord = renderDigestEmbeds(d)
    .flatMap((m) => m.embeds)
    .flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]);
  return {
    markdown: renderDigestMarkdown(d),
    html: renderDigestHtml(d),
    slack: slack.join('\n'),
    discord: discord.join('\n'),
    text: renderDigestText(d, 4),
  };
}

describe.each(['en', 'fr'] as const)('small themes (%s)', (language) => {
  const w = WORDS[language];
  const d = digest(language);
  const out = rendered(d);

  it('keeps the threshold in one named constant', () => {
    expect(MINOR_THEME_REPLIES).toBe(3);
    expect(d.prompts[0]!.themes.filter(isMinorTheme).map((t) => t.key)).toEqual(['one', 'two']);
  });

  it.each(Object.keys(out))(
    '%s: no exact reply count under 5 for a theme whose people count is hidden',
    (name) => {
      const text = out[name]!;
      expect(text).not.toMatch(w.exact);
      // The short text says "fewer than 5" after the theme's name, without the word for replies.
      expect(text).toContain(name === 'text' ? w.few.replace(/ \S+$/, '').toLowerCase() : w.few);
      // The big theme's count is still shown.
      expect(text).toContain('20');
    },
  );

  it.each(['markdown', 'html', 'slack', 'discord'])(
    '%s: replies per week only for themes whose people count is shown',
    (name) => {
      const text = out[name]!;
      expect(text).toContain('5 → 8 → 10 → 20');
      expect(text).not.toContain('1 → 1 → 2 → 4'); // Hidden four
      expect(text).not.toContain('9 → 8 → 9 → 2'); // Fading small
    },
  );

  it.each(['markdown', 'html', 'slack'])('%s: minor themes in one line after the theme sections', (name) => {
    const text = out[name]!;
    const line = `${w.also}${colon(language)}Minor one, Minor two`;
    expect(text).toContain(line);
    expect(text.indexOf(line)).toBeGreaterThan(text.indexOf('Fading small'));
    expect(text).not.toContain('Minor one quoted reply');
    expect(text).not.toContain('Minor two quoted reply');
    // A small theme with a trend word keeps its section.
    expect(text).toContain('Fading small quoted reply');
  });

  it('markdown: no heading for a minor theme', () => {
    expect(out.markdown).not.toMatch(/^### Minor/m);
    expect(out.markdown).toMatch(/^### Fading small · /m);
    expect(out.markdown).toMatch(/^### Hidden four$/m);
  });

  it('html: no section for a minor theme, and the chart leaves out themes whose people count is hidden', () => {
    expect(out.html).not.toContain('<h3>Minor');
    expect(out.html).toContain('<p class="also-mentioned">');
    const html = out.html!;
    const start = html.indexOf('id="themes-chart"');
    const chart = html.slice(start, html.indexOf('</figure>', start));
    expect(chart).toContain('Big theme');
    expect(chart).not.toMatch(/Hidden four|Fading small|Minor/);
  });

  it('discord: minor themes in one field after the theme fields', () => {
    const fields = renderDigestEmbeds(d).flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []));
    expect(fields.map((f) => f.name)).toEqual(['Big theme', 'Hidden four', 'Fading small', w.also]);
    expect(fields[3]!.value).toBe('Minor one, Minor two');
  });

  it('text: minor themes are never among the top themes', () => {
    expect(out.text).not.toContain('Minor');
    expect(out.text).toContain('Big theme');
  });

  it('json keeps every theme', () => {
    const json = JSON.parse(renderDigestJson(d)) as Digest;
    expect(json.prompts[0]!.themes.map((t) => t.key)).toEqual(['big', 'four', 'fading', 'one', 'two']);
    expect(json.prompts[0]!.themes[1]!.replies).toBe(4);
  });
});

describe.each(['en', 'fr'] as const)('quiet themes (%s)', (language) => {
  // Raised by a few replies in earlier weeks, by none this week: named in one line, with no count.
  const d = digest(language);
  d.prompts[0]!.quiet = [
    { key: 'waste', label: 'Waste and recycling' },
    { key: 'health', label: 'Health care' },
  ];
  const out = rendered(d);
  const title =
    language === 'fr'
      ? 'Sans réponse cette semaine, soulevés par quelques réponses les semaines précédentes'
      : 'Quiet this week, raised by a few replies in earlier weeks';

  it.each(['markdown', 'html', 'slack'])('%s: named in one line after the themes', (name) => {
    const text = out[name]!;
    const line = `${title}${colon(language)}Waste and recycling, Health care`;
    expect(text).toContain(line);
    expect(text.indexOf(line)).toBeGreaterThan(text.indexOf('Fading small quoted reply'));
  });

  it('discord: named in one field after the theme fields', () => {
    const fields = renderDigestEmbeds(d).flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []));
    expect(fields.at(-1)).toEqual({ name: title, value: 'Waste and recycling, Health care' });
  });

  it('leaves no quiet line when there is none', () => {
    const none = rendered(digest(language));
    for (const text of Object.values(none)) expect(text).not.toContain(title);
  });
});
