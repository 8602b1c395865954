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
