import { describe, expect, it } from 'vitest';
import { sameWords } from '../../../src/core/themes/describe.js';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import type { ThemeInput, ThemeResult } from '../../../src/core/themes/types.js';
import { frenchVerbOnly } from '../../../src/core/themes/word-class.js';
import { corpus } from './fixtures.js';

const themeWith = (result: ThemeResult, id: string) => result.themes.find((t) => t.replyIds.includes(id))!;

const replies = (prefix: string, texts: readonly string[]): ThemeInput[] =>
  texts.map((text, i) => ({ id: `${prefix}${i}`, text }));

describe('theme keywords', () => {
  it('are the subject words members wrote, never a verb they all use', async () => {
    const fr = replies('f', [
      'Il faut taxer les revenus du capital comme ceux du travail',
      'Taxer davantage les gros revenus du capital',
      'Il faudrait taxer les revenus financiers',
      'Taxer les dividendes et les revenus du capital',
      'On doit taxer les revenus des plus riches',
      'Taxer les revenus de la rente',
    ]);
    const result = await findThemes([...corpus('fr'), ...fr], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 'f0').keywords.map((k) => k.toLowerCase());
    expect(keywords.some((k) => k.includes('revenu'))).toBe(true);
    expect(keywords).not.toContain('taxer');
    const en = replies('e', [
      'I understand the library needs longer opening hours',
      'I understand the library is short of books',
      'We understand the library budget is tight',
      'Nobody can understand why the library closes at five',
      'I understand the library wants more volunteers',
      'They understand the library is the heart of the neighbourhood',
    ]);
    const other = await findThemes([...corpus('en'), ...en], { features: { conceptWeight: 0 } });
    const words = themeWith(other, 'e0').keywords.map((k) => k.toLowerCase());
    expect(words).toContain('library');
    expect(words).not.toContain('understand');
  });

  it('show a word in the phrase members mostly write it in', async () => {
    const spending = replies('s', [
      'Réduire les dépenses publiques avant tout',
      'Les dépenses publiques sont trop élevées',
      'Contrôler les dépenses publiques des ministères',
      'Baisser les dépenses publiques de fonctionnement',
      'Moins de dépenses publiques inutiles',
      'Les dépenses publiques doivent être évaluées',
    ]);
    const result = await findThemes([...corpus('fr'), ...spending], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 's0').keywords;
    expect(keywords).toContain('dépenses publiques');
    expect(keywords).not.toContain('publiques');
  });
});

describe('theme keywords as written', () => {
  it('keep the capitals of a name every member capitalised, and lower case for a word some did not', async () => {
    const rail = replies('r', [
      'A commuter train to Louisville every morning, like the Government promised',
      'We need a train to Louisville for commuters',
      'Bring back the passenger train to Louisville',
      'A fast train to Louisville would help workers, the government should fund it',
      'Daily trains to Louisville and back please',
      'Trains to Louisville would take cars off the road, government money well spent',
    ]);
    const result = await findThemes([...corpus('en'), ...rail], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 'r0').keywords;
    expect(keywords).toContain('Louisville');
    expect(keywords).not.toContain('louisville');
    expect(keywords).not.toContain('Government');
  });
});

describe('theme keywords, English possessives', () => {
  it('never join a possessive and its noun into one phrase', async () => {
    const library = replies('l', [
      "The library's books are old and worn",
      "The library's books need replacing",
      "Our library's books are falling apart",
      "The library's books are never returned on time",
      "The library's books should be digitised",
      "The library's books deserve better shelves",
    ]);
    const result = await findThemes([...corpus('en'), ...library], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 'l0').keywords;
    expect(keywords.length).toBeGreaterThan(0);
    for (const k of keywords) expect(k).not.toMatch(/['’]s\b/u);
  });
});

describe('theme keywords, adjectives', () => {
  it('never list an adjective that says how many or how varied, as "différentes"', async () => {
    const taxes = replies('t', [
      'Les différentes taxes locales pèsent sur les familles',
      'Trop de différentes impositions sur les familles',
      'Simplifier les différentes aides aux familles',
      'Les familles paient différentes contributions chaque année',
      'Réduire les différentes charges des familles',
      'Les familles subissent différentes hausses de prix',
    ]);
    const result = await findThemes([...corpus('fr'), ...taxes], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 't0').keywords.map((k) => k.toLowerCase());
    expect(keywords.some((k) => k.includes('famille'))).toBe(true);
    expect(keywords).not.toContain('différentes');
  });
});

describe('French verb forms (Hunspell)', () => {
  it('tells verb forms from nouns and adjectives', () => {
    for (const verb of ['taxer', 'imposer', 'permettra', 'aimerais', 'comprend', 'développer'])
      expect(frenchVerbOnly(verb)).toBe(true);
    for (const word of ['loyer', 'loyers', 'voitures', 'impôt', 'retraites', 'élus', 'dépenses', 'publiques'])
      expect(frenchVerbOnly(word)).toBe(false);
  });
});

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
