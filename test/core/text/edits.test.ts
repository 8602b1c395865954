import { describe, expect, it } from 'vitest';
import { typoDistance } from '../../../src/core/text/edits.js';

describe('typoDistance', () => {
  it('counts a letter dropped, added or changed, and a swap of neighbours, as one edit', () => {
    expect(typoDistance('goverment', 'government')).toBe(1);
    expect(typoDistance('stopp', 'stop')).toBe(1);
    expect(typoDistance('pollusion', 'pollution')).toBe(1);
    expect(typoDistance('stpo', 'stop')).toBe(1);
    expect(typoDistance('tarin', 'train')).toBe(1);
    expect(typoDistance('sotp', 'stop')).toBe(1);
    expect(typoDistance('spot', 'stop')).toBe(2);
    expect(typoDistance('help', 'help')).toBe(0);
  });
});
