import { describe, expect, it } from 'vitest';
import { nmiAri, scoreThemes } from '../../../bench/themes/metrics.js';

describe('bench metrics', () => {
  it('match scikit-learn on a known case (NMI arithmetic, ARI)', () => {
    // sklearn 1.2: normalized_mutual_info_score / adjusted_rand_score of these labelings.
    const r = nmiAri(['0', '0', '0', '1', '1', '1', '2', '2'], ['0', '0', '1', '1', '2', '2', '3', '4']);
    expect(r.nmi).toBeCloseTo(0.6881041381073283, 12);
    expect(r.ari).toBeCloseTo(0.29411764705882354, 12);
    expect(nmiAri(['a', 'a', 'b'], ['x', 'x', 'y'])).toEqual({ nmi: 1, ari: 1 });
  });

  it('counts unthemed replies as singletons and reports coverage', () => {
    const gold = new Map([
      ['1', 'a'],
      ['2', 'a'],
      ['3', 'b'],
      ['4', 'b'],
    ]);
    const s = scoreThemes(gold, { themes: [{ replyIds: ['1', '2', '3'] }], unthemed: ['4'] });
    expect(s.coverage).toBe(0.75);
    expect(s.nmi).toBeLessThan(1);
    expect(scoreThemes(gold, { themes: [{ replyIds: ['1', '2'] }, { replyIds: ['3', '4'] }] }).nmi).toBe(1);
  });
});
