import { describe, expect, it } from 'vitest';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { corpus } from './fixtures.js';

describe('cluster', () => {
  it('keeps a reply out of a topic theme it shares only a word or two with (topicMinSimilarity)', async () => {
    // "young" and "people" tie it to the housing replies; it names no housing term and is about festivals.
    const festivals = {
      id: 'f1',
      text: 'The young people of this town deserve more concerts and festivals every summer',
    };
    const replies = [...corpus('en'), festivals];
    const housingOf = (result: Awaited<ReturnType<typeof findThemes>>) =>
      result.themes.find((t) => t.key === 'housing')!;
    const loose = await findThemes(replies, { cluster: { topicMinSimilarity: 0 } });
    expect(housingOf(loose).replyIds).toContain('f1');
    const strict = await findThemes(replies);
    expect(strict.unthemed).toContain('f1');
    // The replies that name the topic stay, however long they are.
    const housing = corpus('en').filter((r) => r.topic === 'housing');
    expect(housingOf(strict).replyIds).toEqual(expect.arrayContaining(housing.map((r) => r.id)));
    expect(housingOf(strict).replyIds).toHaveLength(housing.length);
  });
});
