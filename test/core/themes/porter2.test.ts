import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPlainWord, porter2 } from '../../../src/core/themes/porter2.js';
import { stem } from '../../../src/core/themes/text.js';

const require = createRequire(import.meta.url);
const wink = require('wink-porter2-stemmer') as (word: string) => string;

const SUFFIXES =
  `s es ed ing ly ness ation ational ization ful fulness ment ement ive iveness ize izer ism iti ity ities al
alism aliti alli ally ous ousli ously ousness ence ance enci anci able ably ible abli bli logi logy li er ers ic ical
icate iciti ative ant ent ently entli sion tion ion eed eedly edly ingly y ies ied sses ss us e l ll ator tional alize
lessli lessly biliti bility`.split(/\s+/u);

function words(): string[] {
  const out = new Set<string>();
  const add = (text: string) => {
    for (const w of text.toLowerCase().match(/[a-z]+/gu) ?? []) out.add(w);
  };
  const dic = readFileSync(join(dirname(require.resolve('dictionary-en')), 'index.dic'), 'utf8');
  add(dic.replace(/\/\S*/gu, ''));
  const data = '../shared/datasets';
  if (existsSync(data)) for (const f of readdirSync(data)) add(readFileSync(join(data, f), 'utf8'));
  // Inflected forms reach every step's suffix rules.
  [...out].forEach((w, i) => {
    if (i % 40 === 0) for (const x of SUFFIXES) out.add(w + x);
  });
  add(
    'gener generous generate commune communism arsenal arsenic yy yay ayy yyy ye eyed dyed bye constructor',
  );
  add('tostring proto inning innings proceed proceeding succeeded skies dying news atlas');
  return [...out];
}

describe('porter2', () => {
  it('gives wink-porter2-stemmer stems for words of a-z', () => {
    const list = words();
    expect(list.length).toBeGreaterThan(100_000);
    const diffs = list.filter((w) => porter2(w) !== wink(w)).slice(0, 10);
    expect(diffs.map((w) => [w, porter2(w), wink(w)])).toEqual([]);
  });

  it('takes only lowercase ASCII letters; stem() sends the rest to wink', () => {
    expect(isPlainWord('generalization')).toBe(true);
    expect(isPlainWord('café')).toBe(false);
    expect(isPlainWord('Parks')).toBe(false);
    expect(stem('cafés', 'en')).toBe(wink('cafés'));
    expect(stem('generalizations', 'en')).toBe('general');
  });
});
