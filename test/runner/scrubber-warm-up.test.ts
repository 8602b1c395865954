/** The runner loads the scrubber's word lists before it listens, so no webhook pays for that load. */
import { describe, expect, it } from 'vitest';
import { lexiconLoaded } from '../../src/core/privacy/scrub/lexicon.js';
import { startTestRunner } from '../helpers/test-runner.js';

describe('scrubber warm-up', () => {
  it('has the name and word lists in memory once the runner is listening', async () => {
    expect(lexiconLoaded()).toBe(false);
    const runner = await startTestRunner();
    try {
      expect(lexiconLoaded()).toBe(true);
    } finally {
      await runner.dispose();
    }
  });
});
