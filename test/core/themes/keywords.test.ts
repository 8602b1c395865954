import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/themes/features.js';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { keywordsOf } from '../../../src/core/themes/keywords.js';
import { asTheme, corpus, replies, themeWith } from './fixtures.js';

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

  it('leave out an English verb or comparative the context does not give away', async () => {
    const library = replies('x', [
      'Expand library hours, greater choice',
      'Expand library services downtown for greater reach',
      'Expand library branches to greater areas',
      'Expand library programs for kids',
      'Expand library opening hours on Sundays, greater access',
      'Expand library budgets',
    ]);
    const result = await findThemes([...corpus('en'), ...library], { features: { conceptWeight: 0 } });
    const keywords = themeWith(result, 'x0').keywords.map((k) => k.toLowerCase());
    expect(keywords).toContain('library');
    expect(keywords.filter((k) => k.includes('expand') || k.includes('greater'))).toEqual([]);
  });

  it('are written by a share of the theme’s replies, not by one or two in passing', () => {
    // "fountain" is rare, so heavy in the theme's centroid, but only two of fourteen library replies name it;
    // "librarians", written by three, stays.
    const library = replies('p', [
      'The library by the fountain should open on Sundays',
      'Meet at the library fountain, then read inside',
      'The library needs more books for teenagers',
      'The library should lend books in French too',
      'Library books are old and worn',
      'Longer library hours in the evening',
      'The library opening hours are too short',
      'A quiet room at the library for homework',
      'Library wifi is too slow',
      'More library staff on weekends',
      'Librarians help everyone with forms',
      'Our librarians run the reading club for kids',
      'Librarians should teach computer classes',
      'Reading club for kids every week at the library',
    ]);
    // A third writer outside the theme makes "fountain" a feature (a word needs three replies in a set this size).
    const inputs = [...corpus('en'), ...library, ...replies('q', ['The fountain in the park is dry again'])];
    const a = analyze(inputs, { conceptWeight: 0 });
    const { centroid, members } = asTheme(
      a,
      library.map((r) => inputs.indexOf(r)),
    );
    const ids = new Map(a.space.keys.map((k, i) => [k, i]));
    const keywords = keywordsOf(a, centroid, members, ids).map((k) => k.toLowerCase());
    expect(keywords).toContain('library');
    expect(keywords).toContain('librarians');
    expect(keywords.filter((k) => k.includes('fountain'))).toEqual([]);
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

/** Keywords of the members `own` (indices of `inputs`), their centroid the sum of their vectors. */
function keywordsOfReplies(inputs: ReturnType<typeof replies>, own: ReturnType<typeof replies>): string[] {
  const a = analyze(inputs, { conceptWeight: 0 });
  const { centroid, members } = asTheme(
    a,
    own.map((r) => inputs.indexOf(r)),
  );
  return keywordsOf(a, centroid, members, new Map(a.space.keys.map((k, i) => [k, i])));
}

describe('theme keywords, forms and word classes', () => {
  it('show a word in the number the theme’s members wrote it, not the form the whole conversation wrote most', () => {
    // Elsewhere "des économies" (savings) is written more than "l'économie"; this theme's members write the economy.
    const savings = replies('s', [
      'Il faut faire des économies sur le train de vie',
      'Faire des économies dans les ministères',
      'Des économies sur les voitures de fonction',
      'Trouver des économies dans chaque budget',
      'Des économies avant toute hausse',
      'Les économies doivent venir des élus',
    ]);
    const economy = replies('e', [
      "L'économie locale a besoin des entreprises",
      "Soutenir l'économie des petites entreprises",
      "L'économie réelle et les entreprises d'abord",
      "Relancer l'économie par les entreprises",
    ]);
    const keywords = keywordsOfReplies([...corpus('fr'), ...savings, ...economy], economy);
    expect(keywords).toContain('économie');
    expect(keywords).not.toContain('économies');
  });

  it('never list an English irregular past participle or a French adverb', () => {
    const known = replies('k', [
      'The town will be known for its music festivals',
      'Known for music, the town should hold more festivals',
      'We are known for music and festivals downtown',
      'Music festivals should be better known',
    ]);
    const en = keywordsOfReplies([...corpus('en'), ...known], known).map((k) => k.toLowerCase());
    expect(en.some((k) => k.includes('music'))).toBe(true);
    expect(en).not.toContain('known');
    const quickly = replies('r', [
      'Rénover rapidement les logements anciens',
      'Il faut isoler rapidement les logements',
      'Les logements vides doivent être loués rapidement',
      'Construire rapidement des logements sociaux',
    ]);
    const fr = keywordsOfReplies([...corpus('fr'), ...quickly], quickly).map((k) => k.toLowerCase());
    expect(fr.some((k) => k.includes('logement'))).toBe(true);
    expect(fr).not.toContain('rapidement');
  });

  it('show a phrase in lower case when some members wrote it so', () => {
    const heritage = replies('h', [
      'Historic property should be preserved as best it can',
      'The specialness of Historic Property should be preserved',
      'Restore the dilapidated historic properties downtown',
    ]);
    const keywords = keywordsOfReplies([...corpus('en'), ...heritage], heritage);
    expect(keywords).toContain('historic property');
    expect(keywords).not.toContain('Historic Property');
  });

  it('do not count a word written in an expression that gives it another sense', () => {
    // "nos enfants et petits-enfants", "l'avenir de nos enfants": the descendants, said in passing.
    const europe = replies('u', [
      "L'Europe est l'avenir de nos enfants, il faut un budget européen",
      'Une Europe forte pour nos enfants et petits enfants',
      'Un impôt européen pour financer la défense de l’Europe',
      'Les pays européens doivent harmoniser leurs impôts',
    ]);
    const keywords = keywordsOfReplies([...corpus('fr'), ...europe], europe).map((k) => k.toLowerCase());
    expect(keywords.some((k) => k.includes('europ'))).toBe(true);
    expect(keywords).not.toContain('enfants');
  });

  it('do not count a word written in a locution that works as a preposition or an adverb', () => {
    // "en matière de", "à long terme": the nouns say nothing of the subject.
    const climate = replies('k', [
      'Il faut agir en matière de climat et de pollution',
      'En matière de pollution, rien ne change à long terme',
      "La pollution de l'air tue, en matière de santé c'est grave",
      'Le climat change et la pollution aussi, il faut agir à long terme',
    ]);
    const keywords = keywordsOfReplies([...corpus('fr'), ...climate], climate).map((k) => k.toLowerCase());
    expect(keywords).toContain('pollution');
    expect(keywords).not.toContain('matière');
    expect(keywords).not.toContain('terme');
  });
});
