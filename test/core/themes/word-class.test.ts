import { describe, expect, it } from 'vitest';
import { frenchVerbOnly } from '../../../src/core/themes/word-class.js';

describe('French verb forms (Hunspell)', () => {
  it('tells verb forms from nouns and adjectives', () => {
    for (const verb of ['taxer', 'imposer', 'permettra', 'aimerais', 'comprend', 'développer'])
      expect(frenchVerbOnly(verb)).toBe(true);
    for (const word of ['loyer', 'loyers', 'voitures', 'impôt', 'retraites', 'élus', 'dépenses', 'publiques'])
      expect(frenchVerbOnly(word)).toBe(false);
  });
});
