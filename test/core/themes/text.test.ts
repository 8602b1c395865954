import { describe, expect, it } from 'vitest';
import {
  fold,
  guessLanguage,
  mostlyCapitals,
  STOPWORDS,
  stem,
  tokenize,
  usualForm,
} from '../../../src/core/themes/text.js';

const words = (text: string) => tokenize(text).map((t) => t.word);

describe('tokenize', () => {
  it('lowercases, keeps technical names, drops placeholders, French elisions and possessives', () => {
    expect(words('Call [phone] about C# and .NET, asp.net too')).toEqual([
      'call',
      'about',
      'c#',
      'and',
      '.net',
      'asp.net',
      'too',
    ]);
    expect(words("L'autobus d'été n'arrive jamais")).toEqual(['autobus', 'été', 'arrive', 'jamais']);
    expect(words("the card's PIN")).toEqual(['the', 'card', 'pin']);
  });

  it('keeps offsets into the original text and marks capitalised words', () => {
    const text = "Voilà l'école du quartier à Maple Falls";
    const tokens = tokenize(text);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.word);
    expect(tokens.filter((t) => t.capital).map((t) => t.word)).toEqual(['voilà', 'maple', 'falls']);
  });
});

describe('language, folding and stems', () => {
  it.each([
    ['Le loyer est trop cher pour nous', 'fr'],
    ['The rent is too high for us', 'en'],
    ['Non merci', 'fr'],
    ["L'école du quartier", 'fr'],
    ['Love the café downtown', 'en'],
    ['Un nouveau café', 'fr'],
    ['Comment aider les jeunes', 'fr'],
    ['C stack overflow on Project Euler', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(guessLanguage(text, tokenize(text))).toBe(lang);
  });

  it('folds accents and case', () => {
    expect(fold('École')).toBe('ecole');
    expect(fold('Œuvre')).toBe('oeuvre');
  });

  it('stems English and French, without folding parking into parks or training into trains', () => {
    expect(stem('buses', 'en')).toBe(stem('bus', 'en'));
    expect(stem('logements', 'fr')).toBe(stem('logement', 'fr'));
    expect(stem('écoles', 'fr')).toBe('ecol');
    expect(stem('parking', 'en')).not.toBe(stem('parks', 'en'));
    expect(stem('training', 'en')).not.toBe(stem('trains', 'en'));
    expect(stem('i-65', 'en')).toBe('i-65');
  });
});

describe('usualForm', () => {
  it('counts spellings that differ by accents as one word, written with its accents', () => {
    expect(
      usualForm(
        new Map([
          ['impot', 3],
          ['impôt', 2],
          ['impôts', 3],
          ['impots', 1],
        ]),
      ),
    ).toBe('impôt');
    expect(
      usualForm(
        new Map([
          ['eolien', 1],
          ['éolien', 1],
        ]),
      ),
    ).toBe('éolien');
    expect(
      usualForm(
        new Map([
          ['parking', 2],
          ['parks', 3],
        ]),
      ),
    ).toBe('parks');
  });
});

describe('mostlyCapitals', () => {
  const shouted = (text: string) => mostlyCapitals(text, tokenize(text));
  it('tells a text written in capitals from one with acronyms or names', () => {
    expect(shouted('NOUS DEVONS ÉQUIPER TOUS LES TOITS DE PANNEAUX SOLAIRES')).toBe(true);
    expect(shouted('WE NEED MORE BUSES on the weekend')).toBe(true);
    expect(shouted('The EPA and the TVA should talk to Bowling Green')).toBe(false);
    expect(shouted('EPA, TVA')).toBe(false);
    expect(shouted('More buses please')).toBe(false);
  });
});

describe('SMS shorthand', () => {
  it('takes shorthand for function words as stopwords', () => {
    for (const w of ['bcp', 'ds', 'pr', 'tjrs']) expect(STOPWORDS.fr.has(w)).toBe(true);
    for (const w of ['u', 'pls', 'thx']) expect(STOPWORDS.en.has(w)).toBe(true);
  });
});
