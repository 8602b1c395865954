import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/core/themes/features.js';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { CONCEPTS } from '../../../src/core/themes/lexicon.js';
import { quotesOf } from '../../../src/core/themes/theme-quotes.js';
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

describe('theme quotes under a topic’s name', () => {
  it('come from members naming the topic more than any other before one naming another topic as much', () => {
    // The wind-farm reply names the sea (nature) and wind turbines (energy) once each; it is made the most central.
    const nature = replies('n', [
      'Je ne comprends pas pourquoi le parc d’éoliennes en mer est inexistant',
      'Protégeons les forêts et les espèces qui y vivent',
      'Il faut protéger les abeilles et les oiseaux des champs',
      'Les zones humides et la faune disparaissent, protégeons la biodiversité',
    ]);
    const inputs = [...corpus('fr'), ...nature];
    const a = analyze(inputs);
    const own = nature.map((r) => inputs.indexOf(r));
    const centroid = new Float32Array(a.space.keys.length);
    const v = a.replyVectors[own[0]!]!;
    for (let j = 0; j < v.idx.length; j++) centroid[v.idx[j]!] = v.val[j]!;
    const members = own.map((r) => ({
      reply: r,
      from: 0,
      to: a.replies[r]!.tokens.length,
      start: 0,
      end: a.replies[r]!.text.length,
      sim: 1,
    }));
    const concept = CONCEPTS.findIndex((c) => c.id === 'nature');
    expect(own.every((r) => a.replyConcepts[r]!.includes(concept))).toBe(true);
    const quotes = quotesOf(
      a,
      members,
      new Map(),
      { fr: 'Nature et biodiversité' },
      centroid,
      () => 1,
      concept,
    );
    expect(quotes).toHaveLength(3);
    expect(quotes.map((q) => q.replyId)).not.toContain('n0');
  });
});

describe('theme quotes and who the writer is', () => {
  it('leave out a member who only says who they are while other members say something on the subject', async () => {
    const income = replies('h', [
      'My household income is less than $50,000',
      'An average household income should be enough to buy an average house',
      'Houses should cost no more than three times the household income',
      'Rents take half of a low household income, that is wrong',
      'Household income has not kept up with house prices for years',
    ]);
    // Set apart by the engine (see self-statements.test.ts); here it stays a member, as outside civic sets.
    const result = await findThemes([...corpus('en'), ...income], { features: { participants: false } });
    const theme = themeWith(result, 'h1');
    expect(theme.replyIds).toContain('h0');
    expect(theme.quotes).toHaveLength(3);
    expect(theme.quotes.map((q) => q.replyId)).not.toContain('h0');
  });
});
