import { describe, expect, it } from 'vitest';
import { WordVectorEmbedder } from '../../../src/core/themes/embedder.js';
import { wordVectorsFromMap } from '../../../src/core/themes/word-vectors.js';

describe('word vectors', () => {
  const table = wordVectorsFromMap({ école: [1, 0, 0], bus: [0, 1, 0], asp: [0, 0, 1], net: [0, 0.5, 0.5] });

  it('looks words up through the binary hash table', () => {
    expect(table.size).toBe(4);
    expect([...table.vector(table.lookup('école'))]).toEqual([1, 0, 0]);
    expect([...table.vector(table.lookup('bus'))]).toEqual([0, 1, 0]);
    expect(table.lookup('metro')).toBe(-1);
    expect(table.lookup('')).toBe(-1);
  });

  it('embeds texts as weighted means, using parts of compounds, zeros when nothing is known', async () => {
    const e = new WordVectorEmbedder(table);
    const out = await e.embed(['the bus', 'asp.net', 'zzz qqq']);
    expect(out).toHaveLength(9);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[0]).toBe(0);
    expect(out[5]).toBeGreaterThan(0); // "asp.net" from "asp" and "net"
    expect([...out.subarray(6, 9)]).toEqual([0, 0, 0]);
  });
});
