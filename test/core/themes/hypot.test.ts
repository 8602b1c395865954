import { describe, expect, it } from 'vitest';
import { hypot } from '../../../src/core/themes/hypot.js';

describe('hypot', () => {
  it('gives exactly the bits of Math.hypot', () => {
    let seed = 5;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let t = 0; t < 500; t++) {
      const length = Math.floor(rand() * 300);
      const scale = 10 ** Math.floor(rand() * 20 - 10);
      const values = Float64Array.from({ length }, () => (rand() < 0.2 ? 0 : (rand() - 0.5) * scale));
      expect(Object.is(hypot(values), Math.hypot(...values))).toBe(true);
    }
    for (const special of [[], [0, 0], [Number.NaN, 1], [Number.POSITIVE_INFINITY, Number.NaN], [-3, 4]]) {
      expect(Object.is(hypot(special), Math.hypot(...special))).toBe(true);
    }
  });

  it('takes arrays too long to spread into arguments', () => {
    const values = new Float32Array(500_000).fill(0.5);
    expect(() => Math.hypot(...values)).toThrow(RangeError);
    expect(hypot(values)).toBeCloseTo(Math.sqrt(500_000) * 0.5, 6);
  });
});
