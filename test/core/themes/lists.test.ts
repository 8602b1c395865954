import { describe, expect, it } from 'vitest';
import { push } from '../../../src/core/themes/lists.js';

describe('push', () => {
  it('starts a key’s list on its first value and appends after, in order', () => {
    const map = new Map<string, number[]>();
    push(map, 'a', 1);
    push(map, 'b', 2);
    push(map, 'a', 3);
    expect([...map]).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
  });
});
