import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WordVectorEmbedder } from '../../../src/core/themes/embedder.js';
import { prepareDoc, Vocab } from '../../../src/core/themes/features.js';
import {
  BinaryWordVectors,
  convertWinkJson,
  encodeWordVectors,
  loadWinkVectors,
  startLoadingWinkVectors,
  wordVectorsFromMap,
} from '../../../src/core/themes/word-vectors.js';

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

  it('embeds docs from their word ids alike whatever Vocab numbered them', async () => {
    const e = new WordVectorEmbedder(table);
    const base = ['the bus', 'asp.net', 'zzz qqq', "L'école, the bus!", 'Bus bus asp'];
    // 60 texts: the common-component removal runs too.
    const texts = Array.from({ length: 60 }, (_, i) => `${base[i % 5]} ${base[(i * 3) % 5]}`);
    // Two vocabularies that give the same words different ids: each needs its own word → rows memo.
    const first = new Vocab();
    const second = new Vocab();
    prepareDoc('zzz qqq asp net école', undefined, second);
    const a = texts.map((t) => prepareDoc(t, undefined, first));
    const b = texts.map((t) => prepareDoc(t, undefined, second));
    expect(a[0]!.ids[a[0]!.at]).not.toBe(b[0]!.ids[b[0]!.at]);
    const together = await e.embedDocs([...a, ...b]);
    expect([...together.subarray(0, 60 * 3)]).toEqual([...together.subarray(60 * 3)]);
    expect(await e.embedDocs(a)).toEqual(await e.embed(texts));
  });
});

describe('cache layout', () => {
  it('refuses a file of another layout', () => {
    const other = encodeWordVectors(['bus'], Float32Array.from([1, 0, 0]), 3);
    other.writeUInt32LE(other.readUInt32LE(4) + 1, 4); // the version word
    expect(() => new BinaryWordVectors(other)).toThrow(/bad header/);
    expect(() => new BinaryWordVectors(Buffer.alloc(64))).toThrow(/bad header/);
  });
});

describe('background loading of the cache file', () => {
  it('gives the dimensions at once and the table once read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voices-wv-'));
    try {
      const vectors = Float32Array.from([1, 0, 0, 0, 1, 0]);
      writeFileSync(join(dir, 'wink-sg-100d.v2.bin'), encodeWordVectors(['bus', 'the'], vectors, 3));
      const pending = startLoadingWinkVectors(dir);
      expect(pending.dimensions).toBe(3);
      const table = await pending.vectors;
      expect(table.lookup('the')).toBe(1);
      expect([...table.vector(0)]).toEqual([1, 0, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loading per cache directory', () => {
  it('gives each cache directory its own table, read once', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'voices-wv-')), mkdtempSync(join(tmpdir(), 'voices-wv-'))];
    try {
      writeFileSync(
        join(dirs[0]!, 'wink-sg-100d.v2.bin'),
        encodeWordVectors(['bus'], Float32Array.from([1, 0]), 2),
      );
      writeFileSync(
        join(dirs[1]!, 'wink-sg-100d.v2.bin'),
        encodeWordVectors(['rent', 'bus'], Float32Array.from([0, 1, 1, 0]), 2),
      );
      const first = loadWinkVectors(dirs[0]);
      const second = await startLoadingWinkVectors(dirs[1]).vectors;
      expect(first.lookup('bus')).toBe(0);
      expect(second.lookup('bus')).toBe(1);
      expect(second.lookup('rent')).toBe(0);
      expect(loadWinkVectors(dirs[1])).toBe(second);
      expect(await startLoadingWinkVectors(dirs[0]).vectors).toBe(first);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wink JSON conversion', () => {
  it('scans the package layout into the binary cache, in frequency order, keeping word-like lowercase entries', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voices-wv-'));
    try {
      const file = join(dir, 'wink.json');
      const json = {
        precision: 8,
        l2NormIndex: 3,
        wordIndex: 4,
        size: 4,
        dimensions: 3,
        words: ['the', 'bus', '"', 'Paris'],
        vectors: {
          bus: [0.5, -0.25, 1, 1.14, 1],
          the: [0.1, 0.2, 0.3, 0.37, 0],
          '"': [1, 1, 1, 1.7, 2],
          Paris: [1, 0, 0, 1, 3],
        },
        unkVector: [0, 0, 0, 0, -1],
      };
      writeFileSync(file, JSON.stringify(json));
      const table = new BinaryWordVectors(convertWinkJson(file));
      expect(table.size).toBe(2);
      expect(table.lookup('the')).toBe(0);
      expect(table.lookup('bus')).toBe(1);
      expect(table.lookup('paris')).toBe(-1);
      const bus = table.vector(1);
      expect(bus[0]).toBeCloseTo(0.5, 2);
      expect(bus[1]).toBeCloseTo(-0.25, 2);
      expect(bus[2]).toBeCloseTo(1, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
