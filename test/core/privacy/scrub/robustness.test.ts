/** The scrubber runs on every inbound message: it never throws, stays fast on hostile input and never leaks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrub } from '../../../../src/core/privacy/scrub/index.js';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('scrub on nasty input', () => {
  it('handles 20,000 characters of mixed text quickly and scrubs every copy', () => {
    const unit = 'Call Marie at 514-555-0199 or marie@example.com, 12 Baker St. ';
    const input = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
    scrub('warm up');
    const { value, ms } = timed(() => scrub(input));
    expect(value.text).not.toMatch(/514-555-0199|marie@example\.com|Baker St/);
    expect(ms).toBeLessThan(1_000);
  });

  it('handles 20,000 characters without spaces or with only digits', () => {
    for (const input of ['a'.repeat(20_000), '7'.repeat(20_000), '1 '.repeat(10_000), 'A. '.repeat(7_000)]) {
      const { value, ms } = timed(() => scrub(input));
      expect(typeof value.text).toBe('string');
      expect(ms).toBeLessThan(1_000);
    }
  });

  it('keeps lone surrogates, emoji and NUL bytes as they are', () => {
    const inputs = ['\uD800', 'abc\uDFFFdef', '😀😀😀', '\u0000\u0000hello\u0000', '👩‍👩‍👧 Marie 👋'];
    const outputs = inputs.map((i) => scrub(i).text);
    expect(outputs).toEqual([
      '\uD800',
      'abc\uDFFFdef',
      '😀😀😀',
      '\u0000\u0000hello\u0000',
      '👩‍👩‍👧 [name] 👋',
    ]);
  });

  it('scrubs PII next to binary noise', () => {
    const input = '\u0000\u0001\u0002 call 514-555-0199 \uFFFD\uD83D';
    expect(scrub(input).text).toBe('\u0000\u0001\u0002 call [phone] \uFFFD\uD83D');
  });

  it('never throws, and findings are ordered, disjoint and inside the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const { text, findings } = scrub(input);
        expect(typeof text).toBe('string');
        let previousEnd = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(previousEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(input.length);
          previousEnd = f.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never lets an inserted e-mail address or phone number through, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('jo.doe@example.org', 'ana+x@mail.ca'),
        fc.constantFrom('514-555-0199', '+1 613 555 0142', '(416) 555-0100'),
        fc.string({ maxLength: 40 }),
        (before, email, phone, after) => {
          const { text } = scrub(`${before} ${email} and ${phone} ${after}`);
          expect(text).not.toContain(email);
          expect(text).not.toContain(phone);
        },
      ),
      { numRuns: 300 },
    );
  });
});
