/**
 * The scrubber on real resident statements (the Polis and community sets beside the repository, English and
 * French): at most one false redaction per 200 statements in every set, and every listed person still removed.
 */
import { describe, expect, it } from 'vitest';
import { evaluateStatements, STATEMENTS_PER_FALSE } from '../../../../bench/pii/real-statements.js';

const datasets = new URL('../../../../../shared/datasets/', import.meta.url);

describe('scrub on real statements', () => {
  const results = evaluateStatements(datasets);

  it.each(results.map((r) => [r.file, r] as const))('%s: at most 1 false redaction per 200', (_file, r) => {
    expect(r.rows).toBeGreaterThan(100);
    expect(r.false.length, r.false.join('\n')).toBeLessThanOrEqual(r.rows / STATEMENTS_PER_FALSE);
  });

  it('still replaces every listed name, e-mail and website', () => {
    expect(results.flatMap((r) => r.missed)).toEqual([]);
  });
});
