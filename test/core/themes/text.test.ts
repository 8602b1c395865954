import { describe, expect, it } from 'vitest';
import { prepareDoc, tfidf } from '../../../src/core/themes/features.js';
import { languageFromHits, scanTokens, stem, tokenize } from '../../../src/core/themes/text.js';

const words = (text: string) => tokenize(text).map((t) => t.word);

describe('tokenize', () => {
  it('lowercases, keeps technical names, drops placeholders and French elisions', () => {
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

  it('scans ASCII text like the unicode regex path', () => {
    // A trailing non-ASCII word sends the same text through the regex path.
    const cases = [
      ".NET c++ a-b- x.y. _x #tag x## +1 2fa o'neil card's rock'n'roll 1,000 12:30 .js .abcdefg .a1 a..b --x",
      "L'autobus d'accord jusqu'ici QU'IL it's DON'T x_y asp.net e-mail [phone] C# F#+ 3.14.",
      "...' '' -- . ' .x x. x' x- 's",
    ];
    for (const text of cases) {
      const viaRegex = tokenize(`${text} été`);
      expect(viaRegex.pop()?.word).toBe('été');
      expect(tokenize(text)).toEqual(viaRegex);
    }
  });

  it('scanTokens reports the tokens of tokenize', () => {
    const text = "Call [phone] about C# and .NET, l'école d'été";
    const seen: Array<{ word: string; start: number; end: number }> = [];
    scanTokens(text, { token: (word, start, end) => seen.push({ word, start, end }) });
    expect(seen).toEqual(tokenize(text));
  });

  it('keeps offsets into the original text', () => {
    const text = "Voilà l'école du quartier";
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.word);
  });
});

describe('language and stems', () => {
  // French from function words, accents and elisions, English otherwise; "comment", "non", "NE", lone letters ("C"
  // the language) and borrowed words ("café") are no sign of French alone, but French replies with them stay French.
  it.each([
    ['Le loyer est trop cher pour nous', 'fr'],
    ['The rent is too high for us', 'en'],
    ['Wordpress Comment Display Modification', 'en'],
    ['Linq validation non nullable properties', 'en'],
    ['C stack overflow on Project Euler Problem 27', 'en'],
    ['Non merci', 'fr'],
    ['Je ne sais pas', 'fr'],
    ['Comment aider les jeunes', 'fr'],
    ["C'est le bus de nuit qui manque", 'fr'],
    // Accents: a French sign, except in words English borrowed with them.
    ['Love the café', 'en'],
    ['More cafés downtown', 'en'],
    ['Un nouveau café', 'fr'],
    ['Marché fermier', 'fr'],
  ] as const)('guesses the language of %j as %s', (text, lang) => {
    expect(prepareDoc(text).lang).toBe(lang);
  });

  it('gives the same language when told the text is ASCII, whatever the stopword hits', () => {
    for (const text of ["l'eau du bus", 'the bus', "d'accord, c'est ca"]) {
      for (let en = 0; en < 5; en++) {
        for (let fr = 0; fr < 5; fr++) {
          expect(languageFromHits(en, fr, text, true)).toBe(languageFromHits(en, fr, text));
        }
      }
    }
  });

  it('stems per language and leaves names alone', () => {
    expect(stem('parks', 'en')).toBe(stem('park', 'en'));
    expect(stem('logements', 'fr')).toBe(stem('logement', 'fr'));
    expect(stem('c#', 'en')).toBe('c#');
  });
});

describe('tfidf', () => {
  it('builds unit rows over stems and bigrams seen in at least minDf replies', () => {
    const docs = ['bus schedule late', 'bus schedule early', 'park trees'].map((t) => prepareDoc(t));
    const { matrix, lexicon } = tfidf(docs, 2);
    expect(lexicon.terms).toEqual(['bus', 'bus schedul', 'schedul']);
    expect(lexicon.surface).toEqual(['bus', 'bus schedule', 'schedule']);
    for (const r of [0, 1]) {
      let norm = 0;
      for (let j = matrix.rowPtr[r]!; j < matrix.rowPtr[r + 1]!; j++) norm += matrix.vals[j]! ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(matrix.rowPtr[3]! - matrix.rowPtr[2]!).toBe(0);
  });
});
