/** A digest with `n` themes under one prompt, each with long quotes, for the splitting tests. */
import type { Digest, DigestTheme } from '../../../src/core/digest/types.js';

export function digestWithThemes(n: number): Digest {
  const themes: DigestTheme[] = Array.from({ length: n }, (_, i) => ({
    key: `k${i}`,
    label: `Theme ${i}: street lighting and safety`,
    keywords: ['lighting', 'safety', 'school', 'night'],
    replies: 10 + i,
    participants: i % 4 === 0 ? null : 5 + i,
    quotes: [
      { text: 'The lights on our street have been out for weeks and nobody fixed them. '.repeat(4) },
      { text: 'Kids walk home in the dark after practice.' },
    ],
    groups: ['North'],
    trend: 'growing',
    history: [2, 4],
  }));
  return {
    id: '2026-11-16_2026-11-23',
    organization: 'Eastside Neighbours',
    language: 'en',
    period: { from: '2026-11-16', to: '2026-11-23', timezone: 'America/Toronto' },
    generatedAt: '2026-11-23T12:00:00.000Z',
    participation: {
      participants: 150,
      newParticipants: 20,
      replies: 1200,
      unthemedReplies: 30,
      byChannel: [{ channel: 'discord', participants: 150, replies: 1200 }],
      byGroup: [],
    },
    prompts: [
      {
        promptId: 'street-safety',
        promptText: 'What would make your street safer?',
        replies: 1200,
        participants: 150,
        unthemed: 30,
        themes,
      },
    ],
    commonGround: [],
    weeks: [],
  };
}
