import { describe, expect, it } from 'vitest';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { corpus, replies, themeWith } from './fixtures.js';

describe('theme quotes', () => {
  it('are members about the theme throughout, judged by the text a facilitator reads', async () => {
    const parking = replies('p', [
      'How did you come up with these questions? They keep asking about parking downtown.',
      'Parking downtown is impossible to find on weekdays',
      'More parking downtown near the shops',
      'The parking garage downtown is always full',
      'Parking downtown costs far too much now',
      'We need cheaper parking downtown for workers',
    ]);
    const result = await findThemes([...corpus('en'), ...parking]);
    const theme = themeWith(result, 'p1');
    expect(theme.quotes).toHaveLength(3);
    expect(theme.quotes.map((q) => q.replyId)).not.toContain('p0');
  });
});

describe('theme quotes of long replies', () => {
  it('show the sentence holding the clause closest to the theme, not the clause alone', async () => {
    const long =
      'We moved here ten years ago and much has changed since then, mostly for the better, I would say. ' +
      'The library closes too early on weekdays, so please open the library on Sundays for students. ' +
      'The schools are good and the parks are clean, and the people are friendly to newcomers like us.';
    const library = replies('g', [
      long,
      'The library should open on Sundays',
      'Longer library hours for students please',
    ]);
    const result = await findThemes([...corpus('en'), ...library]);
    const theme = themeWith(result, 'g1');
    const quote = theme.quotes.find((q) => q.replyId === 'g0');
    expect(quote?.text).toMatch(
      /^The library closes too early on weekdays, so please open the library on Sundays/u,
    );
    expect(long.length).toBeGreaterThan(240);
  });
});
