/** If a detector ever fails, nothing of the message is stored: the scrubber fails closed, it does not throw. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../../src/core/privacy/scrub/names.js', () => ({
  detectNames: () => {
    throw new Error('detector bug');
  },
}));

const { scrub, WITHHELD } = await import('../../../../src/core/privacy/scrub/index.js');

describe('scrub when a detector fails', () => {
  it('returns the withheld marker instead of the text, and does not throw', () => {
    expect(scrub('Call Marie at 514-555-0199')).toEqual({ text: WITHHELD, findings: [] });
    expect(WITHHELD).toBe('[withheld]');
  });
});
