import { describe, expect, it } from 'vitest';
import { englishCognate } from '../../../src/core/themes/cognates.js';
import { analyze } from '../../../src/core/themes/features.js';

describe('englishCognate', () => {
  it('reads learned French endings as their English counterparts, plurals and accents included', () => {
    expect(englishCognate('identité')).toBe('identity');
    expect(englishCognate('économiques')).toBe('economic');
    expect(englishCognate('nécessaire')).toBe('necessary');
    expect(englishCognate('développement')).toBe('development');
    expect(englishCognate('culturelles')).toBe('cultural');
    expect(englishCognate('dangereux')).toBe('dangerous');
    expect(englishCognate('pollution')).toBe('pollution');
  });

  it('pairs no false friend, no short word and no word without an English counterpart', () => {
    expect(englishCognate('actuel')).toBeNull();
    expect(englishCognate('formation')).toBeNull();
    expect(englishCognate('isolation')).toBeNull();
    expect(englishCognate('pain')).toBeNull();
    expect(englishCognate('logement')).toBeNull();
    expect(englishCognate('gardons')).toBeNull();
  });
});

describe('analyze with French and English replies', () => {
  const english = [
    'Downtown development should keep its small shops',
    'Stop the development of farmland on the edge of town',
    'We need development that fits our neighbourhoods',
  ];
  const keysOf = (a: ReturnType<typeof analyze>, r: number) =>
    Array.from(a.replyVectors[r]!.idx, (f) => a.space.keys[f]!);

  it('gives a French word the key of its English cognate when English replies write it', () => {
    const a = analyze(
      [...english, 'Il faut freiner le développement des terres agricoles'].map((text, i) => ({
        id: `r${i}`,
        text,
      })),
    );
    const french = a.replies.findIndex((r) => r.lang === 'fr');
    expect(keysOf(a, french)).toContain('develop');
  });

  it('keeps French words as they are in French replies alone, and when asked not to', () => {
    const french = [
      'Il faut freiner le développement des terres agricoles',
      'Nous voulons un développement qui respecte nos quartiers',
      'Le développement du centre-ville doit garder ses petits commerces',
    ].map((text, i) => ({ id: `f${i}`, text }));
    expect(keysOf(analyze(french), 0)).toContain('developp');
    const mixed = [...english, 'Il faut freiner le développement des terres agricoles'].map((text, i) => ({
      id: `r${i}`,
      text,
    }));
    const a = analyze(mixed, { cognates: false });
    const fr = a.replies.findIndex((r) => r.lang === 'fr');
    expect(keysOf(a, fr)).not.toContain('develop');
  });
});
