/** bench:themes' own measures: theme stability under added replies, themes led by a word, the noise it adds. */
import { describe, expect, it } from 'vitest';
import type { ThemesJson } from '../../../bench/themes/methods.js';
import { stableShare, themesLedBy } from '../../../bench/themes/scores.js';
import { withNoise } from '../../../bench/themes/sets.js';

const theme = (id: string, replyIds: string[], keywords: string[] = []) => ({
  id,
  label: id,
  keywords,
  replyIds,
  quotes: [],
});
const result = (...themes: ThemesJson['themes']): ThemesJson => ({ themes, unthemed: [] });
const ids = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);

describe('stableShare', () => {
  it('keeps a theme whose best counterpart overlaps ≥ 70 % (Jaccard), over the original replies only', () => {
    const before = result(theme('a', ['1', '2', '3', '4', '5', '6', '7']), theme('b', ['8', '9', '10']));
    // a: 6 of 7 kept plus noise (not counted) → 6/7 ≈ 0.86; b: {8} vs {8,9,10} → 1/3.
    const after = result(
      theme('x', ['1', '2', '3', '4', '5', '6', 'noise-1', 'noise-2']),
      theme('y', ['7', '9', '10']),
      theme('z', ['8']),
    );
    expect(stableShare(before, after, ids)).toEqual({ kept: 1, themes: 2, share: 0.5 });
  });

  it('counts exactly 70 % as kept and a reply listed in two themes in both', () => {
    const before = result(theme('a', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']));
    const after = result(theme('x', ['1', '2', '3', '4', '5', '6', '7']), theme('y', ['7', '8', '9', '10']));
    expect(stableShare(before, after, ids).share).toBe(1);
    expect(stableShare(before, result(theme('x', ['1', '2', '3', '4', '5', '6'])), ids).share).toBe(0);
  });
});

describe('themesLedBy', () => {
  it('counts themes whose first keyword holds one of the words, in any case', () => {
    const r = result(
      theme('a', ['1'], ['bowling green', 'parks']),
      theme('b', ['2'], ['parks', 'bg']),
      theme('c', ['3'], ['BG needs']),
    );
    expect(themesLedBy(r, ['Bowling Green', 'BG'])).toBe(2);
  });
});

describe('withNoise', () => {
  it('adds 2 % rounded up, the same rows every time, with ids of their own', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: String(i), text: `reply ${i}`, label: 'x' }));
    const noise = Array.from({ length: 1000 }, (_, i) => ({ id: `b${i}`, text: `bank ${i}`, label: 'y' }));
    const a = withNoise(rows, noise);
    expect(a).toHaveLength(306);
    expect(a.slice(300).map((r) => r.id)).toEqual([
      'noise-1',
      'noise-2',
      'noise-3',
      'noise-4',
      'noise-5',
      'noise-6',
    ]);
    expect(new Set(a.slice(300).map((r) => r.text)).size).toBe(6);
    expect(withNoise(rows, noise)).toEqual(a);
  });
});
