import { describe, expect, it } from 'vitest';
import { foldWord, PhraseMatcher } from '../../../src/core/themes/phrases.js';
import { tokenize } from '../../../src/core/themes/text.js';

const words = tokenize;

describe('foldWord', () => {
  it('drops accents, case and English or French plurals', () => {
    expect(foldWord('Écoles')).toBe('ecole');
    expect(foldWord('cities')).toBe('city');
    expect(foldWord('journaux')).toBe('journal');
    expect(foldWord('bus')).toBe('bus');
    expect(foldWord('class')).toBe('class');
  });
});

describe('PhraseMatcher', () => {
  const matcher = new PhraseMatcher([
    ['bus', 'transport* en commun', 'light rail'],
    ['park', 'parks', 'green space*'],
    ['garde d’enfant*', 'crèche*'],
  ]);

  it('finds words, phrases and prefixes, the longest match first', () => {
    expect(matcher.match(words('More buses and light rail'))).toEqual([{ from: 3, to: 5, targets: [0] }]);
    expect(matcher.match(words('Les transports en commun et les espaces verts'))).toEqual([
      { from: 1, to: 4, targets: [0] },
    ]);
    expect(matcher.match(words('A park with green spaces'))).toEqual([
      { from: 1, to: 2, targets: [1] },
      { from: 3, to: 5, targets: [1] },
    ]);
  });

  it('matches accents, plurals and elided articles as written in a reply', () => {
    expect(matcher.match(words("Plus de crèches et la garde d'enfants"))).toEqual([
      { from: 2, to: 3, targets: [2] },
      { from: 5, to: 7, targets: [2] },
    ]);
    expect(matcher.match(words('Parks, a PARK')).map((m) => m.targets)).toEqual([[1], [1]]);
    expect(matcher.match(words('parking')).map((m) => m.targets)).toEqual([]);
  });
});
