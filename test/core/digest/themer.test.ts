import { describe, expect, it } from 'vitest';
import type { Themer } from '../../../src/core/digest/build.js';
import { withBackgroundWords } from '../../../src/core/digest/themer.js';
import type { ThemeOptions } from '../../../src/core/themes/types.js';

describe('withBackgroundWords', () => {
  it('adds the background words to every call and keeps the caller options', async () => {
    const seen: Array<ThemeOptions | undefined> = [];
    const themer: Themer = (_inputs, options) => {
      seen.push(options);
      return { themes: [], unthemed: [] };
    };
    await withBackgroundWords(themer, ['BG'])([], { themes: 3 });
    expect(seen).toEqual([{ themes: 3, backgroundWords: ['BG'] }]);
  });

  it('is the themer itself when there are none', () => {
    const themer: Themer = () => ({ themes: [], unthemed: [] });
    expect(withBackgroundWords(themer, [])).toBe(themer);
  });
});
