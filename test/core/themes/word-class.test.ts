import { describe, expect, it } from 'vitest';
import {
  englishWordClass,
  frenchAdverb,
  frenchSingular,
  frenchVerbOnly,
  knownWord,
} from '../../../src/core/themes/word-class.js';

describe('French verb forms (Hunspell)', () => {
  it('tells verb forms from nouns and adjectives', () => {
    for (const verb of [
      'taxer',
      'imposer',
      'permettra',
      'aimerais',
      'comprend',
      'développer',
      'faudrait',
      'va',
    ])
      expect(frenchVerbOnly(verb)).toBe(true);
    for (const word of [
      'loyer',
      'loyers',
      'voitures',
      'impôt',
      'retraites',
      'élus',
      'dépenses',
      'portrait',
      'lait',
    ])
      expect(frenchVerbOnly(word)).toBe(false);
  });
});

describe('English word classes (Hunspell)', () => {
  it('calls a verb a verb in any form', () => {
    for (const verb of ['eliminate', 'expand', 'attract', 'invest', 'eliminated', 'Improve', 'grow'])
      expect(englishWordClass(verb)).toBe('verb');
  });

  it('calls comparatives, "-able" adjectives and adverbs adjectives', () => {
    for (const word of ['greater', 'healthier', 'safer', 'affordable', 'quickly', 'unique'])
      expect(englishWordClass(word)).toBe('adjective');
  });

  it('keeps every word that can be a noun a noun: plurals, "-ing" forms, agents, possessives listed apart', () => {
    for (const word of [
      'houses',
      'prices',
      'measures',
      'wages',
      'turns',
      'rent',
      'cycling',
      'dining',
      'parking',
    ])
      expect(englishWordClass(word)).toBe('noun');
    for (const word of ['renter', 'produce', 'housing', 'planning', 'downtown'])
      expect(englishWordClass(word)).toBe('noun');
  });

  it('takes a word the dictionary does not know for a noun (a name, an acronym)', () => {
    for (const word of ['NZers', 'WKU', 'Corvette', 'riverfront'])
      expect(englishWordClass(word)).toBe('noun');
  });
});

describe('French adverbs (Hunspell)', () => {
  it('tells an adverb in "-ment" from a noun in "-ment", which takes a plural', () => {
    for (const word of ['rapidement', 'notamment', 'vraiment', 'également', 'Évidemment'])
      expect(frenchAdverb(word), word).toBe(true);
    for (const word of ['gouvernement', 'logement', 'investissement', 'moment', 'transport'])
      expect(frenchAdverb(word), word).toBe(false);
  });
});

describe('known words (Hunspell)', () => {
  it('knows entries, their suffixed and prefixed forms, and French written without accents', () => {
    for (const word of ['government', 'buses', 'reserve', 'uncontrolled', 'London'])
      expect(knownWord(word, 'en')).toBe(true);
    for (const word of ['développer', 'developper', 'societes', 'arrete'])
      expect(knownWord(word, 'fr')).toBe(true);
    for (const word of ['goverment', 'enviroment', 'accessability'])
      expect(knownWord(word, 'en')).toBe(false);
    expect(knownWord('pollusion', 'fr')).toBe(false);
  });

  it('strictly, takes neither a proper noun written lowercase nor a French word without its accents', () => {
    expect(knownWord('london', 'en', false)).toBe(false);
    expect(knownWord('developper', 'fr', false)).toBe(false);
    expect(knownWord('développer', 'fr', false)).toBe(true);
  });
});

describe('French singulars (Hunspell)', () => {
  it('gives the singular of a plural Snowball leaves apart, and none for a word written so in the singular', () => {
    expect(frenchSingular('emplois')).toBe('emploi');
    expect(frenchSingular('élus')).toBe('élu');
    expect(frenchSingular('revenus')).toBe('revenu');
    expect(frenchSingular('enfants')).toBe('enfant');
    for (const word of ['mois', 'fois', 'pays', 'prix', 'temps', 'bus', 'emploi', 'puis'])
      expect(frenchSingular(word), word).toBeUndefined();
  });
});
