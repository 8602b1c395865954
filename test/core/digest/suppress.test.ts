import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, suppressTable } from '../../../src/core/digest/suppress.js';

describe('cell', () => {
  it('hides 1 to 4 and shows 0 and 5+', () => {
    expect([0, 1, 2, 3, 4, 5, 12].map((n) => cell(n))).toEqual([0, null, null, null, null, 5, 12]);
  });
});

describe('suppressTable', () => {
  it('drops a small group and hides a second cell when the small one would be the only hidden part', () => {
    const result = suppressTable(
      [
        { key: 'parent', participants: 10, replies: 14 },
        { key: 'youth', participants: 8, replies: 9 },
        { key: 'senior', participants: 3, replies: 3 },
      ],
      21,
      { dropSmall: true },
    );
    expect(result.total).toBe(21);
    expect(result.rows).toEqual([
      { key: 'parent', participants: 10, replies: 14 },
      { key: 'youth', participants: null, replies: null },
    ]);
  });

  it('needs no second cell when participants outside the table already hide the small one', () => {
    const result = suppressTable(
      [
        { key: 'parent', participants: 10, replies: 10 },
        { key: 'senior', participants: 3, replies: 3 },
      ],
      19,
      { dropSmall: true },
    );
    expect(result.rows).toEqual([{ key: 'parent', participants: 10, replies: 10 }]);
  });

  it('hides the total when nothing else can cover a small cell', () => {
    const result = suppressTable(
      [
        { key: 'a', participants: 3, replies: 3 },
        { key: 'b', participants: 1, replies: 1 },
      ],
      4,
    );
    expect(result.total).toBeNull();
    expect(result.rows.every((r) => r.participants === null)).toBe(true);
  });

  it('never shows a count of 1–4, nor lets one be computed from the total (property)', () => {
    const rowsArb = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 0, max: 10 }), fc.boolean(), (sizes, outside, dropSmall) => {
        const rows = sizes.map((n, i) => ({ key: `g${i}`, participants: n, replies: n * 2 }));
        const total = sizes.reduce((s, n) => s + n, 0) + outside;
        const result = suppressTable(rows, total, { dropSmall });
        for (const row of result.rows) {
          if (row.participants !== null) expect(row.participants >= 5 || row.participants === 0).toBe(true);
        }
        if (result.total === null) return;
        const shown = result.rows.reduce((s, r) => s + (r.participants ?? 0), 0);
        const hidden = total - shown;
        // What the reader can compute is the hidden sum: 0 or at least 5 …
        expect(hidden === 0 || hidden >= 5).toBe(true);
        // … and when a small group is in it, it is never alone there.
        const small = sizes.filter((n) => n > 0 && n < 5).length;
        const hiddenParts =
          sizes.filter((n, i) => n > 0 && result.rows.find((r) => r.key === `g${i}`)?.participants !== n)
            .length + (outside > 0 ? 1 : 0);
        if (small > 0) expect(hiddenParts).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });
});
