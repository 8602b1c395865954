import { describe, expect, it } from 'vitest';
import { sameWords } from '../../../src/core/themes/describe.js';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import type { ThemeResult } from '../../../src/core/themes/types.js';
import { corpus } from './fixtures.js';

describe('labels', () => {
  it('are forms of one another when one says nothing the other does not', () => {
    expect(sameWords('Impôt', 'Impôts et taxes', 'fr')).toBe(true);
    expect(sameWords('Impots', 'Impôts et taxes', 'fr')).toBe(true);
    expect(sameWords('Housing', 'Affordable housing', 'en')).toBe(true);
    expect(sameWords('Impôts et taxes', 'Impôt', 'fr')).toBe(false);
    expect(sameWords('Fraude fiscale', 'Impôts et taxes', 'fr')).toBe(false);
    expect(sameWords('Impôt (européens)', 'Impôts et taxes', 'fr')).toBe(false);
  });

  it('never give a theme a modifier said with one noun when its members also wrote a larger theme’s label', async () => {
    const housing = [
      'We need more affordable housing for young families',
      'Build affordable housing near the bus lines',
      'Affordable housing should be a priority for the council',
      'There is not enough affordable housing in town',
      'The city must require affordable housing in every new development',
      'Affordable housing for seniors and students',
      'More affordable housing, fewer luxury condos',
    ].map((text, i) => ({ id: `a${i}`, text }));
    // "Affordable homes" and "affordable housing" are one phrase family here: "Affordable homes" would read as the
    // larger theme's label.
    const overseas = [
      'Affordable homes measures used overseas are no good guide for us',
      'Comparing affordable housing with overseas cities ignores our transport costs',
      'Overseas buyers compete with locals for affordable homes',
      'Overseas speculators should not buy our homes',
    ].map((text, i) => ({ id: `o${i}`, text }));
    const others = corpus('en').filter((r) => r.topic !== 'housing');
    const result = await findThemes([...others, ...housing, ...overseas]);
    const labelOf = (id: string) => result.themes.find((t) => t.replyIds.includes(id))?.label;
    expect(labelOf('a0')).toBe('Affordable housing');
    expect(result.themes.find((t) => t.replyIds.includes('o0'))?.replyIds).toHaveLength(4);
    expect(labelOf('o0')).not.toMatch(/^Affordable/u);
  });
  it('never give a theme a form of a larger theme’s label, even one carried from an earlier run', async () => {
    const first = await findThemes(corpus('en'));
    const model = JSON.parse(JSON.stringify(first.model)) as NonNullable<ThemeResult['model']>;
    const [larger, smaller] = model.themes;
    // The smaller theme was called, in an earlier week, by a word of the larger one's label.
    const word = larger!.label.split(/\s+/u)[0]!;
    smaller!.label = word;
    smaller!.labels = { en: word };
    const second = await findThemes(corpus('en'), { model });
    const labels = second.themes.map((t) => t.label);
    expect(labels).toContain(larger!.label);
    for (const label of labels)
      if (label !== larger!.label) expect(sameWords(label, larger!.label, 'en')).toBe(false);
  });
});
