import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DiscordDigestMessage,
  embedLength,
  DISCORD_EMBED_LIMITS as L,
  renderDigestEmbeds,
  truncate,
} from '../../../../src/core/digest/render/discord-embeds.js';
import type { Digest, DigestTheme } from '../../../../src/core/digest/types.js';

function theme(i: number, overrides: Partial<DigestTheme> = {}): DigestTheme {
  return {
    key: `k${i}`,
    label: `Theme ${i}: street lighting and safety near the school`,
    keywords: ['lighting', 'safety', 'school', 'night', 'walk'],
    replies: 10 + i,
    participants: i % 3 === 0 ? null : 5 + i,
    quotes: [
      { text: `The lights on our street have been out for weeks, number ${i}. `.repeat(6) },
      { text: 'Kids walk home in the dark after practice and parents worry about it every single evening.' },
    ],
    groups: ['North', 'Riverside'],
    trend: (['new', 'growing', 'steady', 'fading'] as const)[i % 4]!,
    history: [1, 2, 3],
    ...overrides,
  };
}

function digestWith(themes: DigestTheme[], language: 'en' | 'fr' = 'en'): Digest {
  return {
    id: '2026-11-16_2026-11-23',
    organization: 'Eastside Neighbours',
    language,
    period: { from: '2026-11-16', to: '2026-11-23', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T12:00:00.000Z',
    participation: {
      participants: 120,
      newParticipants: null,
      replies: 900,
      unthemedReplies: 40,
      byChannel: [{ channel: 'discord', participants: 60, replies: 400 }],
      byGroup: [{ group: 'North', participants: null, replies: null }],
    },
    prompts: [
      {
        promptId: 'p1',
        promptText: 'What would make your street better?',
        replies: 900,
        participants: 120,
        unthemed: 40,
        themes,
      },
    ],
    commonGround: [
      {
        themeKey: 'k1',
        label: 'Lighting',
        promptId: 'p1',
        groups: ['North', 'Riverside'],
        shares: [
          { group: 'North', people: 8, share: 0.4 },
          { group: 'Riverside', people: 6, share: 0.3 },
        ],
        of: 3,
        hidden: [],
      },
    ],
    weeks: [],
  };
}

function assertWithinLimits(messages: DiscordDigestMessage[]): void {
  for (const message of messages) {
    expect(message.embeds.length).toBeGreaterThan(0);
    expect(message.embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
    expect(message.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(L.charsPerMessage);
    for (const embed of message.embeds) {
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(L.title);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(L.description);
      expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(L.footer);
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
      for (const field of embed.fields ?? []) {
        expect(field.name.length).toBeGreaterThan(0);
        expect(field.name.length).toBeLessThanOrEqual(L.fieldName);
        expect(field.value.length).toBeGreaterThan(0);
        expect(field.value.length).toBeLessThanOrEqual(L.fieldValue);
      }
    }
  }
}

describe('renderDigestEmbeds', () => {
  it('splits a 60-theme digest into several messages, each within Discord limits, losing no theme', () => {
    const themes = Array.from({ length: 60 }, (_, i) => theme(i));
    const messages = renderDigestEmbeds(digestWith(themes));

    assertWithinLimits(messages);
    expect(messages.length).toBeGreaterThan(1);
    const fieldNames = messages.flatMap((m) => m.embeds.flatMap((e) => (e.fields ?? []).map((f) => f.name)));
    for (const t of themes) expect(fieldNames).toContain(t.label);
    // Continuation embeds say so, and the summary comes first.
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles[0]).toBe('Weekly digest · Eastside Neighbours');
    expect(titles).toContain('What would make your street better? (continued)');
  });

  it('shows suppressed counts as hidden, never as a number', () => {
    const messages = renderDigestEmbeds(digestWith([theme(3)]));
    const text = JSON.stringify(messages);
    expect(text).toContain('13 replies · people: hidden for privacy');
    expect(messages[0]!.embeds[0]!.fields?.find((f) => f.name === 'Group')?.value).toBe(
      'North: hidden / hidden',
    );
    expect(messages.at(-1)!.embeds.at(-1)!.footer?.text).toContain('“hidden for privacy”');
  });

  it('renders French labels for a French digest', () => {
    const messages = renderDigestEmbeds(digestWith([theme(1)], 'fr'));
    expect(messages[0]!.embeds[0]!.title).toBe('Synthèse de la semaine · Eastside Neighbours');
    expect(JSON.stringify(messages)).toContain('masqué');
  });

  it('stays within limits for arbitrary labels, quotes and theme counts', () => {
    const themeArb = fc.record({
      label: fc.string({ minLength: 0, maxLength: 400 }),
      quote: fc.string({ minLength: 0, maxLength: 3000 }),
      keywords: fc.array(fc.string({ maxLength: 300 }), { maxLength: 10 }),
      groups: fc.array(fc.string({ maxLength: 200 }), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(
        fc.array(themeArb, { maxLength: 120 }),
        fc.string({ maxLength: 5000 }),
        (arbs, promptText) => {
          const digest = digestWith(
            arbs.map((a, i) =>
              theme(i, {
                label: a.label,
                quotes: [{ text: a.quote }],
                keywords: a.keywords,
                groups: a.groups,
              }),
            ),
          );
          digest.prompts[0]!.promptText = promptText;
          const messages = renderDigestEmbeds(digest);
          assertWithinLimits(messages);
          const fields = messages.flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []));
          // Every theme plus the two summary fields and the common-ground field.
          expect(fields.length).toBe(arbs.length + 3);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
  });

  it('never leaves half of a surrogate pair', () => {
    const cut = truncate('ab😀😀😀', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});
