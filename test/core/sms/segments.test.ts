import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, promptSegmentWarning } from '../../../src/core/sms/segments.js';

describe('countSegments', () => {
  it('counts GSM-7 at 160 for one part and 153 per part beyond', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0, perSegment: 160 });
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(countSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts the extension characters as two septets', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments(`${'a'.repeat(159)}€`)).toMatchObject({ segments: 2, units: 161 });
    for (const c of '^{}\\[~]|€') expect(countSegments(c).units).toBe(2);
  });

  it('never splits an escape sequence across parts', () => {
    // 152 septets then "€" (2): the escape does not fit the first 153-septet part.
    const text = `${'a'.repeat(152)}€${'b'.repeat(152)}`;
    expect(countSegments(text).units).toBe(306);
    expect(countSegments(text).segments).toBe(3);
  });

  it('keeps the GSM accented letters in GSM-7 and sends other letters as UCS-2', () => {
    expect(countSegments('Café à Noël? élève').encoding).toBe('UCS-2'); // ë is not GSM
    expect(countSegments('Déjà vu à Paris, où êtes').encoding).toBe('UCS-2'); // ê is not GSM
    expect(countSegments('Répondez à la question, s’il vous plaît').encoding).toBe('UCS-2'); // î
    expect(countSegments('Café à Paris où été').encoding).toBe('GSM-7');
  });

  it('counts UCS-2 at 70 for one part and 67 per part beyond', () => {
    expect(countSegments('ê'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('ê'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(countSegments('ê'.repeat(134))).toMatchObject({ segments: 2 });
    expect(countSegments('ê'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UCS-2 units and keeps surrogate pairs together', () => {
    expect(countSegments('👍')).toMatchObject({ encoding: 'UCS-2', units: 2, segments: 1 });
    // 66 units then a pair: the pair moves to the second part, 2 + 66 fill it, one more unit spills.
    const text = `${'x'.repeat(66)}👍${'y'.repeat(67)}`;
    expect(countSegments(text)).toMatchObject({ units: 135, segments: 3 });
  });

  it('counts smart punctuation as sent (normalized) unless told otherwise', () => {
    const text = '“Hello” — it’s… fine';
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', units: 22 });
    expect(countSegments(text, { normalize: false }).encoding).toBe('UCS-2');
  });

  it('agrees with the closed formula for plain texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '1', '.'), maxLength: 1200 }), (s) => {
        const n = s.length;
        const expected = n === 0 ? 0 : n <= 160 ? 1 : Math.ceil(n / 153);
        expect(countSegments(s).segments).toBe(expected);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('ê', 'ç', 'a', ' '), minLength: 1, maxLength: 800 }),
        (s) => {
          fc.pre(/[êç]/.test(s));
          const n = s.length;
          expect(countSegments(s).segments).toBe(n <= 70 ? 1 : Math.ceil(n / 67));
        },
      ),
    );
  });
});

describe('promptSegmentWarning', () => {
  it('is null up to two segments and names the counts (not the text) beyond', () => {
    expect(promptSegmentWarning('a'.repeat(306))).toBeNull();
    const warning = promptSegmentWarning(`secret ${'a'.repeat(320)}`);
    expect(warning).toContain('3 SMS segments');
    expect(warning).not.toContain('secret');
    expect(promptSegmentWarning('ê'.repeat(135))).toContain('UCS-2');
    expect(promptSegmentWarning('a'.repeat(200), 1)).toContain('budget 1');
  });
});
