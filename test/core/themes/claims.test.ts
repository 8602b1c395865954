import { describe, expect, it } from 'vitest';
import { splitClaims } from '../../../src/core/themes/claims.js';

const claims = (text: string) => splitClaims(text).map((s) => text.slice(s.start, s.end));

describe('splitClaims', () => {
  it('splits sentences, list items and clauses long enough to stand alone', () => {
    expect(claims('Fix the traffic, bring in fiber, support small business')).toEqual([
      'Fix the traffic',
      'bring in fiber',
      'support small business',
    ]);
    expect(claims('More buses! Cheaper rent.\n- a dog park')).toEqual([
      'More buses',
      'Cheaper rent',
      '- a dog park',
    ]);
    expect(claims('BG should foster collaboration.It’s our differentiator.')).toEqual([
      'BG should foster collaboration',
      'It’s our differentiator',
    ]);
  });

  it('keeps lists of nouns, abbreviations and decimals whole', () => {
    expect(claims('Parks, trails and pools')).toEqual(['Parks, trails and pools']);
    expect(claims('Cafés, e.g. on Main St. near the square')).toEqual([
      'Cafés, e.g. on Main St. near the square',
    ]);
    expect(claims('A 3.5 percent tax on asp.net hosting')).toEqual(['A 3.5 percent tax on asp.net hosting']);
  });

  it('covers every word, and gives nothing for a text without words', () => {
    expect(claims('!!! ...')).toEqual([]);
    const text = 'Un, deux. Trois quatre cinq, six sept huit; neuf';
    const words = claims(text)
      .join(' ')
      .match(/\p{L}+/gu);
    expect(words).toEqual(text.match(/\p{L}+/gu));
  });
});
