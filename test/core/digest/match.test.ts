import { describe, expect, it } from 'vitest';
import { keywordSet, matchScore, matchThemes } from '../../../src/core/digest/match.js';

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

describe('matching themes across weeks', () => {
  it('normalizes keywords: case, accents, plurals, phrases split into words', () => {
    expect([...keywordSet(['Buses', 'écoles', 'bus stop'])]).toEqual(['bus', 'ecol', 'stop']);
  });

  it('matches on shared keywords whatever the label', () => {
    expect(
      matchScore({ keywords: ['park', 'trails', 'lovely'] }, { keywords: ['benches', 'new', 'parks'] }),
    ).toBeGreaterThanOrEqual(1);
    expect(matchScore({ keywords: ['rent', 'going'] }, { keywords: ['snow', 'removal'] })).toBeLessThan(1);
  });

  it('matches on centroids of the same space, and ignores centroids of another length', () => {
    const a = { keywords: ['x'], centroid: unit([1, 0.1, 0]) };
    const b = { keywords: ['y'], centroid: unit([1, 0.05, 0.02]) };
    const c = { keywords: ['z'], centroid: unit([0, 1, 0]) };
    expect(matchScore(a, b)).toBeGreaterThanOrEqual(1);
    expect(matchScore(a, c)).toBeLessThan(1);
    expect(matchScore(a, { keywords: ['y'], centroid: [1, 0] })).toBeLessThan(1);
  });

  it('pairs one to one, best score first', () => {
    const current = [
      { keywords: ['bus', 'late'] },
      { keywords: ['bus', 'route', 'late'] },
      { keywords: ['rent'] },
    ];
    const previous = [{ keywords: ['bus', 'route', 'late'] }, { keywords: ['snow'] }];
    const matches = matchThemes(current, previous);
    expect([...matches.entries()]).toEqual([[1, 0]]);
  });
});
