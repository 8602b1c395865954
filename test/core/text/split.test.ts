import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../../src/core/text/split.js';

describe('splitMessage', () => {
  it('leaves a short text whole', () => {
    expect(splitMessage('Hello there', 20)).toEqual(['Hello there']);
  });

  it('cuts at sentence ends, then words, never over the limit, losing nothing', () => {
    const text =
      'The park is great. Kids play there every day. Seniors walk there in the morning. We love it.';
    const parts = splitMessage(text, 50);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(50);
    expect(parts[0]).toBe('The park is great. Kids play there every day.');
    expect(splitMessage(text, 30).every((p) => p.length <= 30 && !p.startsWith(' '))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('cuts a word longer than the limit hard, and counts emoji as one character', () => {
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const parts = splitMessage('🌳'.repeat(15), 10);
    expect(parts.map((p) => Array.from(p).length)).toEqual([10, 5]);
  });
});
