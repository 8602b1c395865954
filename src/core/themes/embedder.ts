/**
 * Sentence embedders. The engine only needs `embed(texts)`; the default is SIF-weighted word vectors
 * (Arora et al. 2017: weight a/(a+p(w)), then remove the corpus' first principal component), which need no model
 * download. A local transformer or an OpenAI-compatible endpoint can implement the same interface later.
 */

import { type Doc, prepareDoc, Vocab } from './features.js';
import { hypot } from './hypot.js';
import { covariance } from './pca.js';
import { isStopword } from './text.js';
import { type PendingWordVectors, startLoadingWinkVectors, type WordVectors } from './word-vectors.js';

export interface Embedder {
  /** Stable name, e.g. `wink-sg-100d-sif`; shown in bench output. */
  readonly name: string;
  readonly dimensions: number;
  /**
   * One vector per text, row-major in one array of `texts.length * dimensions`. A row of zeros means "no signal"
   * (e.g. no known word); the engine then relies on lexical features alone for that reply.
   */
  embed(texts: readonly string[]): Promise<Float32Array>;
  /**
   * Optional: the same matrix as `embed(docs.map((d) => d.text))`, from the words the docs already hold (no second
   * tokenisation). The engine uses it when present.
   */
  embedDocs?(docs: readonly Doc[]): Promise<Float32Array>;
}

/** SIF smoothing constant from the paper. */
const SIF_A = 1e-3;
/** Below this many texts the first principal component is the topic itself, not common discourse: keep it. */
const MIN_FOR_PC_REMOVAL = 50;

export class WordVectorEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  /** Zipf normaliser of the source's ranks (see `weight`). */
  private readonly zipf: number;
  /** Center on the corpus mean before removing the common component. */
  center = true;

  constructor(
    private readonly vectors: WordVectors,
    name = 'word-vectors-sif',
  ) {
    this.name = name;
    this.dimensions = vectors.dimensions;
    this.zipf = Math.log(Math.max(vectors.size, 2)) + 0.5772;
  }

  /**
   * SIF weight of row `r`, with p(w) from Zipf's law on the source's frequency rank (the source carries ranks, not
   * counts). Computed per use and rounded to float32 as the table of all 341k rows it replaces was: filling that
   * table cost ~6 ms of every cold run, for the few thousand rows a run uses.
   */
  private weight(r: number): number {
    const p = 1 / ((r + 1) * this.zipf);
    return Math.fround(SIF_A / (SIF_A + p));
  }

  /** Row of a token, trying its parts for compounds like "asp.net" or "e-mail". */
  private rows(word: string): number[] {
    const idx = this.vectors.lookup(word);
    if (idx >= 0) return [idx];
    const parts = word.split(/[.\-']/u).filter((p) => p.length > 1 && !isStopword(p));
    if (parts.length < 2) return [];
    return parts.map((p) => this.vectors.lookup(p)).filter((i) => i >= 0);
  }

  async embed(texts: readonly string[]): Promise<Float32Array> {
    return this.embedSync(texts);
  }

  async embedDocs(docs: readonly Doc[]): Promise<Float32Array> {
    return this.embedDocsSync(docs);
  }

  /** `embedDocsSync` of the texts, tokenised into a Vocab of their own (the engine's shared one is left alone). */
  embedSync(texts: readonly string[]): Float32Array {
    const vocab = new Vocab();
    return this.embedDocsSync(texts.map((t) => prepareDoc(t, undefined, vocab)));
  }

  /**
   * Weighted mean word vectors of the docs, from the word ids they already hold (no second tokenisation), each
   * word's rows looked up once per Vocab: cold, stackoverflow's ~1,100 replies embedded after clustering, summing
   * 41.6 → 22.9 ms against re-tokenising each text.
   */
  embedDocsSync(docs: readonly Doc[]): Float32Array {
    const d = this.dimensions;
    const out = new Float32Array(docs.length * d);
    const counts = new Int32Array(docs.length);
    const memos = new Map<Vocab, WordRows>();
    for (let i = 0; i < docs.length; i++) {
      const { vocab, ids, at, wordCount } = docs[i]!;
      let memo = memos.get(vocab);
      if (!memo) {
        memo = new WordRows(vocab.words.length);
        memos.set(vocab, memo);
      }
      const row = out.subarray(i * d, (i + 1) * d);
      for (let k = at; k < at + wordCount; k++) {
        const w = ids[k]!;
        let m = memo.at[w]!;
        if (m < 0) m = memo.add(w, this.rowsOf(vocab.words[w]!));
        const { rows } = memo;
        const n = rows[m]!;
        for (let j = m + 1; j <= m + n; j++) this.vectors.addTo(rows[j]!, row, this.weight(rows[j]!));
        counts[i]! += n;
      }
    }
    return this.mean(out, counts);
  }

  /** Rows to sum for a token: none for a stopword. */
  private rowsOf(word: string): readonly number[] {
    return isStopword(word) ? [] : this.rows(word);
  }

  /** Each row divided by its count of summed vectors, then without the common component. */
  private mean(out: Float32Array, counts: Int32Array): Float32Array {
    const d = this.dimensions;
    const count = counts.length;
    for (let i = 0; i < count; i++) {
      const n = counts[i]!;
      if (n > 0) for (let j = i * d; j < (i + 1) * d; j++) out[j]! /= n;
    }
    if (count >= MIN_FOR_PC_REMOVAL) {
      if (this.center) subtractMean(out, count, d);
      removeFirstComponent(out, count, d);
    }
    return out;
  }
}

/** Word-vector rows per word id of one Vocab, in one flat list: at `at[word]`, their count, then the rows. */
class WordRows {
  readonly at: Int32Array;
  readonly rows: number[] = [];

  constructor(words: number) {
    this.at = new Int32Array(words).fill(-1);
  }

  add(word: number, rows: readonly number[]): number {
    const m = this.rows.length;
    this.rows.push(rows.length, ...rows);
    this.at[word] = m;
    return m;
  }
}

/** Centers rows on the corpus mean, so unrelated replies score near 0 rather than sharing a common direction. */
export function subtractMean(x: Float32Array, n: number, d: number): void {
  const mean = new Float64Array(d);
  sumRows(x, n, d, mean);
  for (let a = 0; a < d; a++) mean[a]! /= n;
  subtractFromRows(x, n, d, mean);
}

// One loop per function (see covariance in pca.ts for why).

function sumRows(x: Float32Array, n: number, d: number, sum: Float64Array): void {
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) sum[a]! += x[i * d + a]!;
}

function subtractFromRows(x: Float32Array, n: number, d: number, v: Float64Array): void {
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) x[i * d + a]! -= v[a]!;
}

/** Removes the projection on the first (uncentered) principal component, found by power iteration on XᵀX. */
export function removeFirstComponent(x: Float32Array, n: number, d: number): void {
  // 500 rows estimate the common direction well enough: 4,000, 1,500 and 500 give the same NMI over 8 seeds of both
  // datasets, and the cost is rows × d²/2 (22 → 7 ms for a 1,500-reply request on large inputs).
  const cov = covariance(x, n, d, 500);
  const u = firstComponent(cov, d);
  if (u) projectOut(x, n, d, u);
}

/** Unit leading eigenvector of a symmetric d × d matrix by power iteration; undefined when it maps to zero. */
function firstComponent(cov: Float64Array, d: number): Float64Array | undefined {
  let u = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < 100; it++) {
    const next = new Float64Array(d);
    multiply(cov, u, d, next);
    const norm = hypot(next);
    if (norm === 0) return undefined;
    const delta = normalizeAndCompare(next, norm, u);
    u = next;
    if (delta < 1e-9) break;
  }
  return u;
}

function multiply(m: Float64Array, v: Float64Array, d: number, out: Float64Array): void {
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let b = 0; b < d; b++) s += m[a * d + b]! * v[b]!;
    out[a] = s;
  }
}

/** Divides `v` by `norm` and returns Σ|v − prev|. */
function normalizeAndCompare(v: Float64Array, norm: number, prev: Float64Array): number {
  let delta = 0;
  for (let a = 0; a < v.length; a++) {
    v[a]! /= norm;
    delta += Math.abs(v[a]! - prev[a]!);
  }
  return delta;
}

function projectOut(x: Float32Array, n: number, d: number, u: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let p = 0;
    for (let a = 0; a < d; a++) p += x[o + a]! * u[a]!;
    for (let a = 0; a < d; a++) x[o + a]! -= p * u[a]!;
  }
}

/** A WordVectorEmbedder over vectors still being read: `embed` waits for them. */
class PendingEmbedder implements Embedder {
  readonly dimensions: number;
  private ready: Promise<WordVectorEmbedder> | undefined;

  constructor(
    private readonly pending: PendingWordVectors,
    readonly name: string,
  ) {
    this.dimensions = pending.dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array> {
    return (await this.embedder()).embedSync(texts);
  }

  async embedDocs(docs: readonly Doc[]): Promise<Float32Array> {
    return (await this.embedder()).embedDocsSync(docs);
  }

  private embedder(): Promise<WordVectorEmbedder> {
    this.ready ??= this.pending.vectors.then((v) => new WordVectorEmbedder(v, this.name));
    return this.ready;
  }
}

let defaultEmbedder: Embedder | undefined;

/**
 * The default embedder: wink GloVe-derived vectors (English) from the binary cache, which starts loading now, in the
 * background (see startLoadingWinkVectors).
 */
export function winkEmbedder(): Embedder {
  defaultEmbedder ??= new PendingEmbedder(startLoadingWinkVectors(), 'wink-sg-100d-sif');
  return defaultEmbedder;
}
