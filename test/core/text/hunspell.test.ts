import { describe, expect, it } from 'vitest';
import { hunspellEntries } from '../../../src/core/text/hunspell.js';

describe('hunspellEntries', () => {
  it('reads each word with its flags, skipping the count line and blank lines', () => {
    const dic = new TextEncoder().encode('3\nchat/S.\nêtre/a0p+ \n\nParis\n');
    expect(hunspellEntries(dic)).toEqual([
      { word: 'chat', flags: 'S.' },
      { word: 'être', flags: 'a0p+' },
      { word: 'Paris', flags: '' },
    ]);
  });
});
