import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  renderDigestSlack,
  SLACK_BLOCK_LIMITS,
  type SlackBlock,
  type SlackDigestMessage,
} from '../../../../src/core/digest/render/slack-blocks.js';
import type { Digest, DigestTheme } from '../../../../src/core/digest/types.js';

function theme(i: number, quoteLength = 120): DigestTheme {
  return {
    key: `k${i}`,
    label: `Theme ${i}`,
    keywords: ['bus', 'route', `word${i}`],
    replies: 10 + i,
    participants: i % 3 === 0 ? null : 5 + i,
    quotes: [
      { text: `Quote ${i} a ${'x'.repeat(quoteLength)}` },
      { text: `Quote ${i} b ${'y'.repeat(quoteLength)}` },
    ],
    groups: i % 2 === 0 ? ['North'] : [],
    trend: 'steady',
    history: [1, 2, 3],
  };
}

function digest(themeCount: number, overrides: Partial<Digest> = {}): Digest {
  const perPrompt = Math.ceil(themeCount / 3);
  const prompts = [0, 1, 2].map((p) => ({
    promptId: `p${p}`,
    promptText: `What would make the street safer? (${p})`,
    replies: 100,
    participants: 40,
    unthemed: 3,
    themes: Array.from({ length: Math.max(0, Math.min(perPrompt, themeCount - p * perPrompt)) }, (_, i) =>
      theme(p * perPrompt + i),
    ),
  }));
  return {
    id: '2026-11-16_2026-11-23',
    organization: 'Riverside Tenants',
    language: 'en',
    period: { from: '2026-11-16', to: '2026-11-23', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T09:00:00Z',
    participation: {
      participants: 120,
      newParticipants: null,
      replies: 300,
      unthemedReplies: 9,
      byChannel: [{ channel: 'slack', participants: 60, replies: 150 }],
      byGroup: [{ group: 'North', participants: 30, replies: 80 }],
    },
    prompts,
    commonGround: [
      {
        themeKey: 'k1',
        label: 'Theme 1',
        promptId: 'p0',
        groups: ['North', 'South'],
        shares: [
          { group: 'North', people: 8, share: 0.4, quote: 'North says this' },
          { group: 'South', people: 6, share: 0.3, quote: 'South says that' },
        ],
        of: 2,
        hidden: [],
      },
    ],
    weeks: [],
    ...overrides,
  };
}

function texts(block: SlackBlock): string[] {
  if (block.type === 'header' || block.type === 'section') return [block.text.text];
  if (block.type === 'context') return block.elements.map((e) => e.text);
  return [];
}

function assertWithinLimits(messages: SlackDigestMessage[]): void {
  for (const message of messages) {
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_BLOCK_LIMITS.blocksPerMessage);
    expect(message.text.length).toBeGreaterThan(0);
    for (const block of message.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'context') {
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(3000);
      }
    }
  }
}

const allText = (messages: SlackDigestMessage[]): string =>
  messages.flatMap((m) => m.blocks.flatMap(texts)).join('\n');

describe('renderDigestSlack', () => {
  it('fits a small digest in one message with a header, a section per theme and its quotes', () => {
    const messages = renderDigestSlack(digest(3));
    expect(messages).toHaveLength(1);
    const [main] = messages;
    expect(main!.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    const themeSections = main!.blocks.filter(
      (b) => b.type === 'section' && b.text.text.startsWith('*Theme'),
    );
    expect(themeSections).toHaveLength(3);
    expect(allText(messages)).toContain('> Quote 0 a');
    expect(allText(messages)).toContain('Common ground');
    expect(allText(messages)).not.toContain('Part ');
    assertWithinLimits(messages);
  });

  it('splits a digest of 60 themes into a main message and thread replies within Block Kit limits', () => {
    const messages = renderDigestSlack(digest(60));
    expect(messages.length).toBeGreaterThan(1);
    assertWithinLimits(messages);
    // Every theme appears exactly once, none lost in the split.
    const themeHeads = messages
      .flatMap((m) => m.blocks)
      .filter((b) => b.type === 'section' && b.text.text.startsWith('*Theme'))
      .map((b) => (b.type === 'section' ? b.text.text.split('*')[1] : ''));
    for (let i = 0; i < 60; i++) {
      expect(themeHeads.filter((h) => h === `Theme ${i}`)).toHaveLength(1);
    }
    // The main message says more follows; each thread reply is labelled.
    expect(texts(messages[0]!.blocks.at(-1)!).join()).toContain(`${messages.length - 1} more`);
    messages.slice(1).forEach((m, i) => {
      expect(texts(m.blocks[0]!).join()).toContain(`Part ${i + 2} of ${messages.length}`);
      expect(m.blocks.some((b) => b.type === 'header')).toBe(false);
    });
    // A theme's section and its context line stay together.
    for (const m of messages) {
      m.blocks.forEach((block, i) => {
        if (block.type === 'section' && block.text.text.startsWith('*Theme')) {
          expect(m.blocks[i + 1]?.type).toBe('context');
        }
      });
    }
  });

  it('splits by block count when themes are short', () => {
    const shortDigest = digest(60);
    for (const prompt of shortDigest.prompts) {
      for (const t of prompt.themes) t.quotes = [{ text: 'ok' }];
    }
    const short = renderDigestSlack(shortDigest);
    assertWithinLimits(short);
    // 60 themes × 2 blocks cannot fit in 50 blocks.
    expect(short.length).toBeGreaterThanOrEqual(3);
    expect(short.some((m) => m.blocks.length > 40)).toBe(true);
  });

  it('keeps every section within 3,000 characters even with very long quotes and labels', () => {
    const long = digest(4);
    for (const prompt of long.prompts) {
      prompt.promptText = 'Q'.repeat(5000);
      for (const t of prompt.themes) {
        t.label = 'L'.repeat(400);
        t.quotes = Array.from({ length: 10 }, () => ({ text: '&'.repeat(2000) }));
      }
    }
    long.organization = 'O'.repeat(300);
    const messages = renderDigestSlack(long);
    assertWithinLimits(messages);
    // Truncation never leaves half an entity behind.
    expect(allText(messages)).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('escapes residents’ words so a quote cannot mention @channel or inject a link', () => {
    const d = digest(1);
    d.prompts[0]!.themes[0]!.quotes = [{ text: 'Hey <!channel> see <https://evil.example|this> & more' }];
    const body = allText(renderDigestSlack(d));
    expect(body).not.toContain('<!channel>');
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).toContain('&amp; more');
    expect(escapeMrkdwn('a<b>&')).toBe('a&lt;b&gt;&amp;');
  });

  it('shows suppressed counts as hidden, never as a number', () => {
    const d = digest(1);
    d.prompts[0]!.themes[0]!.participants = null;
    const body = allText(renderDigestSlack(d));
    expect(body).toContain('10 replies · people: hidden for privacy');
    expect(body).toContain('(new: hidden)');
    expect(body).toContain('“hidden for privacy”: fewer than 5 people');
  });

  it('says nothing about privacy when nothing is hidden', () => {
    const d = digest(1);
    d.participation.newParticipants = 20;
    for (const t of d.prompts[0]!.themes) t.participants = 12;
    expect(allText(renderDigestSlack(d))).not.toContain('hidden');
  });

  it('renders French digests in French and handles an empty digest', () => {
    const messages = renderDigestSlack(digest(0, { language: 'fr', prompts: [], commonGround: [] }));
    expect(messages).toHaveLength(1);
    const body = allText(messages);
    expect(body).toContain('Synthèse de la semaine');
    expect(body).toContain('Aucune réponse');
  });
});
