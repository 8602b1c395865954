import { describe, expect, it } from 'vitest';
import { prepareDoc, tfidf, Vocab } from '../../../src/core/themes/features.js';
import { tokenize } from '../../../src/core/themes/text.js';

const TEXTS = [
  'Bus schedule late again',
  'bus schedule early, parks closed',
  "L'école du quartier est trop loin",
  'The parks need trees and the bus needs seats',
  'Parking near the park is full',
];

describe('prepareDoc', () => {
  it('keeps a word id per token of tokenize, in order (labels rely on it)', () => {
    for (const text of TEXTS) {
      const d = prepareDoc(text);
      const words = Array.from(d.ids.subarray(d.at, d.at + d.wordCount), (id) => d.vocab.words[id]);
      expect(words).toEqual(tokenize(text).map((t) => t.word));
    }
  });

  it('makes bigrams across any whitespace but not across punctuation', () => {
    const { lexicon } = tfidf([prepareDoc('rent\u00a0prices, bus stops', 'en')], 1);
    expect(lexicon.terms).toContain('rent price');
    expect(lexicon.terms).not.toContain('price bus');
    expect(lexicon.terms).toContain('bus stop');
  });
});

describe('tfidf', () => {
  it('gives the same matrix and lexicon when docs come from different vocabularies', () => {
    const one = new Vocab();
    const shared = tfidf(
      TEXTS.map((t) => prepareDoc(t, undefined, one)),
      1,
    );
    const mixed = tfidf(
      TEXTS.map((t, i) => prepareDoc(t, undefined, i % 2 === 0 ? new Vocab() : one)),
      1,
    );
    expect(mixed.lexicon).toEqual(shared.lexicon);
    expect(Array.from(mixed.matrix.cols)).toEqual(Array.from(shared.matrix.cols));
    expect(Array.from(mixed.matrix.vals)).toEqual(Array.from(shared.matrix.vals));
    expect(shared.lexicon.surface[shared.lexicon.terms.indexOf('park')]).toBe('parks');
  });
});

describe('Vocab', () => {
  it('keeps bigram ids and keys when its table grows', () => {
    const v = new Vocab();
    const stems = Array.from({ length: 60 }, (_, i) => v.stem(v.word(`w${i}x`), 'en'));
    const ids = new Map<string, number>();
    for (const a of stems) for (const b of stems) ids.set(`${a}:${b}`, v.bigram(a, b));
    expect(new Set(ids.values()).size).toBe(3600);
    for (const a of stems) {
      for (const b of stems) {
        expect(v.bigram(a, b)).toBe(ids.get(`${a}:${b}`));
      }
    }
    expect(v.key(v.bigram(stems[3]!, stems[7]!))).toBe('w3x w7x');
  });
});

describe('Vocab words', () => {
  it('gives each word one id in first-seen order, from a string or a span of a text, as its table grows', () => {
    const v = new Vocab();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    expect(words.map((w) => v.word(w))).toEqual(words.map((_, i) => i));
    expect(words.map((w) => v.wordIn(` ${w}.`, 1, w.length + 1))).toEqual(words.map((_, i) => i));
    expect(v.wordIn('a w12 b', 2, 5)).toBe(12);
    expect(v.words[v.wordIn('new one', 0, 3)]).toBe('new');
  });
});
