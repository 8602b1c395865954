import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPromptFile } from '../../../src/core/prompts/load.js';
import { promptSegmentWarnings } from '../../../src/core/sms/prompt-check.js';

const shipped = loadPromptFile(resolve('prompts/community-conversation.yaml'));

describe('promptSegmentWarnings', () => {
  it('flags prompts, follow-ups and reminders beyond two segments, per language', () => {
    const long = `${'Tell us about the places in your neighbourhood where you feel at home. '.repeat(5)}`;
    const first = shipped.prompts[0]!;
    const file = {
      ...shipped,
      prompts: [{ ...first, text: { en: long, fr: first.text.fr } }, ...shipped.prompts.slice(1)],
    };
    const warnings = promptSegmentWarnings(file, 'Riverside Community Centre');
    const mine = warnings.filter((w) => w.promptId === first.id);
    expect(mine).toContainEqual({
      promptId: first.id,
      part: 'text',
      language: 'en',
      segments: 3,
      encoding: 'GSM-7',
    });
    expect(mine.some((w) => w.part === 'reminder' && w.language === 'en')).toBe(true);
    expect(mine.some((w) => w.language === 'fr' && w.part === 'text')).toBe(false);
  });

  it('respects the budget it is given', () => {
    expect(promptSegmentWarnings(shipped, 'Org', 100)).toEqual([]);
    expect(promptSegmentWarnings(shipped, 'Org', 0).length).toBeGreaterThan(0);
  });
});
