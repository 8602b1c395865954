import { describe, expect, it } from 'vitest';
import { CONCEPTS, IDIOMS } from '../../../src/core/themes/lexicon.js';
import { PhraseMatcher } from '../../../src/core/themes/phrases.js';
import { Speller } from '../../../src/core/themes/spelling.js';
import { type Lang, tokenize } from '../../../src/core/themes/text.js';

const lexicon = new PhraseMatcher([...CONCEPTS.map((c) => c.terms.split(',')), IDIOMS.split(',')]);
const speller = new Speller(lexicon.words(), 5);
const meant = (word: string, lang: Lang = 'en') => speller.correct(tokenize(word)[0]!, lang);

describe('Speller', () => {
  it('reads a misspelled lexicon word as that word, in English and French', () => {
    expect(meant('goverment')).toBe('government');
    expect(meant('Goverments')).toBe('government');
    expect(meant('enviroment')).toBe('environment');
    expect(meant('accessability')).toBe('accessibility');
    expect(meant('libary')).toBe('library');
    expect(meant('pollusion', 'fr')).toBe('pollution');
    expect(meant('surembalage', 'fr')).toBe('suremballage');
  });

  it('reads a prefix term’s slip only for a long prefix followed by an ending at most', () => {
    // "environment*" and "environmental" from "enviromental"; "sewer*" is too short to stand for "seperate".
    expect(meant('enviromental')).toBe('environmental');
    expect(meant('seperate')).toBeUndefined();
    // A word that only shares a stem with a prefix term is no slip of it.
    expect(meant('specialness')).toBeUndefined();
  });

  it('leaves words a dictionary knows, in either language, and French written without accents', () => {
    expect(meant('county', 'fr')).toBeUndefined();
    expect(meant('reserve')).toBeUndefined();
    expect(meant('developper', 'fr')).toBeUndefined();
    expect(meant('societes', 'fr')).toBeUndefined();
    expect(meant('government')).toBeUndefined();
  });

  it('leaves a slip as near an ordinary word as a lexicon word, and short words', () => {
    // "feture": "feature" as much as "future"; "trian": "train", "trial", "triad".
    expect(meant('feture')).toBeUndefined();
    expect(meant('trian')).toBeUndefined();
    expect(meant('bulding')).toBeUndefined();
    expect(meant('buss')).toBeUndefined();
  });
});
