/**
 * Lexical features: sublinear TF-IDF over stemmed unigrams and bigrams (en/fr), as a CSR sparse matrix, plus the
 * surface forms each feature came from (for readable keywords).
 */
import {
  fnv1a,
  isFrenchHit,
  type Lang,
  languageFromHits,
  onlySpaces,
  STOPWORDS,
  scanTokens,
  stemWord,
  type TokenSink,
} from './text.js';

/**
 * Words and feature keys interned to integer ids, with per-word caches (stopword hits, content check, stem id) so
 * each token costs one Map lookup. Feature ids cover stems and stem bigrams; a bigram is keyed by its two stem ids
 * and its "a b" key is only built when asked for (tfidf needs it for kept columns only). Shared by prepareDoc calls;
 * replaced (never cleared) when large, so a Doc's ids stay valid in the Vocab it points to.
 */
export class Vocab {
  readonly words: string[] = [];
  // Word ids in an open-addressing table on a hash of the chars, so a token is found from its span of the text
  // without slicing it out (only new words are sliced). Grown on reaching half full, so `wordHashes` (per id, half
  // the slots) always has room for the next id. This table and the bigram one start tiny so that they first grow
  // on the first doc, before V8 optimises the callers: growing first in optimised code deoptimised them.
  private wordSlots = new Int32Array(16).fill(-1);
  private wordHashes = new Int32Array(8);
  /** Bit 1: English stopword, bit 2: French stopword, bit 4: a sign of French (see `isFrenchHit`). */
  readonly stopBits: number[] = [];
  /** Per language and word: 1 feature word, 0 not, -1 not yet checked. */
  private readonly content: Record<Lang, number[]> = { en: [], fr: [] };
  /** Per language and word: feature id of its stem, -1 not yet stemmed. */
  private readonly stems: Record<Lang, number[]> = { en: [], fr: [] };
  private readonly unigrams = new Map<string, number>();
  /** Per feature: its key once built (stems at once, bigrams on demand). */
  private readonly keys: Array<string | undefined> = [];
  /** Per feature: the two stem features of a bigram, -1 for a stem. */
  readonly left: number[] = [];
  readonly right: number[] = [];
  // Bigram ids in an open-addressing table on (left, right), no Map key object per bigram.
  private pairs = new Int32Array(16);
  private pairIds = new Int32Array(8).fill(-1);
  private pairCount = 0;

  get size(): number {
    return this.words.length + this.left.length;
  }

  get termCount(): number {
    return this.left.length;
  }

  word(w: string): number {
    return this.wordIn(w, 0, w.length);
  }

  /** Id of the word `text.slice(start, end)`. */
  wordIn(text: string, start: number, end: number): number {
    // Signed, as `wordHashes` holds it.
    const h = fnv1a(text, start, end) | 0;
    const mask = this.wordSlots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const id = this.wordSlots[slot]!;
      if (id < 0) break;
      if (this.wordHashes[id] === h && sameChars(this.words[id]!, text, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.words.length;
    this.wordSlots[slot] = id;
    this.wordHashes[id] = h;
    this.addWord(start === 0 && end === text.length ? text : text.slice(start, end));
    if (this.words.length * 2 >= this.wordSlots.length) this.rehashWords();
    return id;
  }

  private addWord(w: string): void {
    this.words.push(w);
    this.stopBits.push(
      (STOPWORDS.en.has(w) ? 1 : 0) | (STOPWORDS.fr.has(w) ? 2 : 0) | (isFrenchHit(w) ? 4 : 0),
    );
    this.content.en.push(-1);
    this.content.fr.push(-1);
    this.stems.en.push(-1);
    this.stems.fr.push(-1);
  }

  private rehashWords(): void {
    const slots = new Int32Array(this.wordSlots.length * 2).fill(-1);
    const hashes = new Int32Array(this.wordHashes.length * 2);
    hashes.set(this.wordHashes);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      const h = hashes[id]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.wordSlots = slots;
    this.wordHashes = hashes;
  }

  isContent(word: number, lang: Lang): boolean {
    const cache = this.content[lang];
    let c = cache[word]!;
    if (c < 0) {
      c = isContent(this.words[word]!, lang) ? 1 : 0;
      cache[word] = c;
    }
    return c === 1;
  }

  /** Feature id of the word's stem. */
  stem(word: number, lang: Lang): number {
    const cache = this.stems[lang];
    let t = cache[word]!;
    if (t < 0) {
      // Uncached: each word is stemmed once per Vocab, so the shared string cache only cost a Map set per word.
      const s = stemWord(this.words[word]!, lang);
      t = this.unigrams.get(s) ?? this.add(s, -1, -1);
      this.unigrams.set(s, t);
      cache[word] = t;
    }
    return t;
  }

  /** Feature id of the bigram of two stem features, -1 when no doc had it (no feature is added). */
  findBigram(a: number, b: number): number {
    return this.pairIds[this.pairSlotOf(a, b)]!;
  }

  /** Feature id of the bigram of two stem features. */
  bigram(a: number, b: number): number {
    const h = this.pairSlotOf(a, b);
    if (this.pairIds[h]! >= 0) return this.pairIds[h]!;
    const t = this.add(undefined, a, b);
    this.pairs[2 * h] = a;
    this.pairs[2 * h + 1] = b;
    this.pairIds[h] = t;
    if (++this.pairCount * 2 > this.pairIds.length) this.rehash();
    return t;
  }

  /** The slot of the bigram (a, b) in the open-addressing table: where it is, or the empty slot it would take. */
  private pairSlotOf(a: number, b: number): number {
    const mask = this.pairIds.length - 1;
    let h = pairSlot(a, b, mask);
    while (this.pairIds[h]! >= 0 && (this.pairs[2 * h] !== a || this.pairs[2 * h + 1] !== b))
      h = (h + 1) & mask;
    return h;
  }

  /** Feature key: the stem, or "stem stem" for a bigram. */
  key(term: number): string {
    let k = this.keys[term];
    if (k === undefined) {
      k = `${this.key(this.left[term]!)} ${this.key(this.right[term]!)}`;
      this.keys[term] = k;
    }
    return k;
  }

  private add(key: string | undefined, left: number, right: number): number {
    this.keys.push(key);
    this.left.push(left);
    this.right.push(right);
    return this.left.length - 1;
  }

  private rehash(): void {
    const ids = this.pairIds;
    const pairs = this.pairs;
    this.pairIds = new Int32Array(ids.length * 2).fill(-1);
    this.pairs = new Int32Array(pairs.length * 2);
    this.pairCount = 0;
    for (let h = 0; h < ids.length; h++) {
      if (ids[h]! < 0) continue;
      const mask = this.pairIds.length - 1;
      const a = pairs[2 * h]!;
      const b = pairs[2 * h + 1]!;
      let g = pairSlot(a, b, mask);
      while (this.pairIds[g]! >= 0) g = (g + 1) & mask;
      this.pairs[2 * g] = a;
      this.pairs[2 * g + 1] = b;
      this.pairIds[g] = ids[h]!;
      this.pairCount++;
    }
  }
}

function sameChars(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

function pairSlot(a: number, b: number, mask: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * Words plus feature ids before a fresh Vocab replaces the shared one, a memory bound for long-running processes:
 * 20,000 stackoverflow titles make ~80,000 entries and ~6 MB of heap with their docs, so this caps it near 40 MB.
 */
const VOCAB_LIMIT = 500_000;
let shared = new Vocab();

export interface Doc {
  readonly text: string;
  readonly lang: Lang;
  readonly vocab: Vocab;
  /**
   * `ids[at, at + wordCount)`: word id per token (the tokens of `scanTokens`, in order); then `termCount` feature
   * ids (stems and bigrams, with repeats).
   */
  readonly ids: Int32Array;
  readonly at: number;
  readonly wordCount: number;
  readonly termCount: number;
}

class PreparedDoc implements Doc {
  constructor(
    readonly text: string,
    readonly lang: Lang,
    readonly vocab: Vocab,
    readonly ids: Int32Array,
    readonly at: number,
    readonly wordCount: number,
    readonly termCount: number,
  ) {}
}

// Docs' ids live in shared chunks instead of two arrays per doc (fewer objects for the GC to trace); a full chunk is
// left to the docs that use it. Chunks start small and double up to CHUNK, for the reason the Vocab tables start
// tiny. Scratch arrays hold one doc's token spans while it is prepared.
const CHUNK = 65_536;
let chunk = new Int32Array(1024);
let used = 0;
let wordIds = new Int32Array(256);
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let termIds = new Int32Array(512);

/** A typed array twice as long holding `a`'s values first. */
export function grow<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T): T {
  const b = new (a.constructor as new (length: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

export interface Sparse {
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
  /** Number of columns. */
  width: number;
}

export interface Lexicon {
  /** Feature key per column. */
  terms: string[];
  /** Most frequent surface form per column (ties: alphabetical). */
  surface: string[];
  df: Int32Array;
}

function isContent(word: string, lang: Lang): boolean {
  if (STOPWORDS[lang].has(word) || STOPWORDS.en.has(word)) return false;
  // Lone letters and bare numbers rarely name a theme.
  if (word.length < 2) return false;
  return !/^[\d.,:]+$/u.test(word);
}

/** Collects one doc's tokens as word ids and spans (one reused object: no closure per doc). */
class DocScan implements TokenSink {
  vocab = shared;
  count = 0;
  en = 0;
  fr = 0;

  token(word: string, start: number, end: number): void {
    this.add(this.vocab.word(word), start, end);
  }

  tokenIn(lower: string, start: number, end: number): void {
    this.add(this.vocab.wordIn(lower, start, end), start, end);
  }

  private add(id: number, start: number, end: number): void {
    if (this.count === wordIds.length) {
      wordIds = grow(wordIds);
      starts = grow(starts);
      ends = grow(ends);
    }
    wordIds[this.count] = id;
    starts[this.count] = start;
    ends[this.count] = end;
    this.count++;
    const bits = this.vocab.stopBits[id]!;
    this.en += bits & 1;
    this.fr += (bits >> 2) & 1;
  }
}
const scan = new DocScan();

/** @param vocab where ids go; the shared one unless a caller (tfidf, tests) needs another. */
export function prepareDoc(text: string, lang?: Lang, vocab?: Vocab): Doc {
  if (!vocab && shared.size > VOCAB_LIMIT) shared = new Vocab();
  const v = vocab ?? shared;
  scan.vocab = v;
  scan.count = 0;
  scan.en = 0;
  scan.fr = 0;
  const ascii = scanTokens(text, scan);
  const { count, en, fr } = scan;
  const l = lang ?? languageFromHits(en, fr, text, ascii);
  let terms = 0;
  let prev = -1;
  let prevEnd = -1;
  for (let i = 0; i < count; i++) {
    const w = wordIds[i]!;
    if (!v.isContent(w, l)) {
      prev = -1;
      continue;
    }
    if (terms + 2 > termIds.length) termIds = grow(termIds);
    const s = v.stem(w, l);
    termIds[terms++] = s;
    // Bigrams only across whitespace: punctuation ends a phrase.
    if (prev >= 0 && onlySpaces(text, prevEnd, starts[i]!)) termIds[terms++] = v.bigram(prev, s);
    prev = s;
    prevEnd = ends[i]!;
  }
  const need = count + terms;
  if (used + need > chunk.length) {
    chunk = new Int32Array(Math.max(Math.min(2 * chunk.length, CHUNK), need));
    used = 0;
  }
  const at = used;
  chunk.set(wordIds.subarray(0, count), at);
  chunk.set(termIds.subarray(0, terms), at + count);
  used += need;
  return new PreparedDoc(text, l, v, chunk, at, count, terms);
}

export interface Tfidf {
  matrix: Sparse;
  lexicon: Lexicon;
  /** The docs, all in one Vocab (see tfidf), row for row. */
  docs: readonly Doc[];
  /** Column per feature id of that Vocab, -1 when none (ids added later are past the end). */
  columnOf: Int32Array;
}

/**
 * Builds the TF-IDF matrix (rows L2-normalised; empty rows stay zero). Each pass over the docs is its own small
 * function: V8 optimises a function while its first loop runs (on-stack replacement) and threw that code away at
 * the next loop, which had not run yet ("Insufficient type feedback").
 */
export function tfidf(input: readonly Doc[], minDf: number): Tfidf {
  // All docs need ids from one Vocab; docs made before the shared one was replaced are prepared again (same terms).
  const v = input[0]?.vocab ?? shared;
  const docs = input.every((d) => d.vocab === v) ? input : input.map((d) => prepareDoc(d.text, d.lang, v));
  const found = countTerms(docs, v.termCount);
  const { localOf, termOf } = found;
  const kept: number[] = [];
  const keyOf: string[] = [];
  for (let id = 0; id < termOf.length; id++) {
    if (found.df[id]! < minDf) continue;
    kept.push(id);
    keyOf[id] = v.key(termOf[id]!);
  }
  // Keys are distinct, so this is the order of a plain `.sort()` on the keys.
  kept.sort((a, b) => (keyOf[a]! < keyOf[b]! ? -1 : 1));
  const terms = kept.map((id) => keyOf[id]!);
  const colOfId = new Int32Array(termOf.length).fill(-1);
  const df = new Int32Array(terms.length);
  const columnOf = new Int32Array(localOf.length).fill(-1);
  for (let c = 0; c < kept.length; c++) {
    const id = kept[c]!;
    colOfId[id] = c;
    df[c] = found.df[id]!;
    columnOf[termOf[id]!] = c;
  }
  const matrix = rows(docs, found.flat, colOfId, idfOf(df, docs.length));
  const top = topSurfaces(docs, v, columnOf, terms.length);
  const best = (c: number): string | undefined => (top[c]! < 0 ? undefined : v.words[top[c]!]);
  const part = (term: number): string => {
    const c = columnIn(columnOf, term);
    return (c < 0 ? undefined : best(c)) ?? v.key(term);
  };
  const surface = kept.map((id, c) => {
    const term = termOf[id]!;
    const left = v.left[term]!;
    if (left < 0) return best(c) ?? terms[c]!;
    return `${part(left)} ${part(v.right[term]!)}`;
  });
  return { matrix, lexicon: { terms, surface, df }, docs, columnOf };
}

interface FoundTerms {
  /** Local id per Vocab feature id, -1 when no doc has it. */
  localOf: Int32Array;
  /** Vocab feature id per local id, in first-seen order. */
  termOf: number[];
  /** Every doc's features as local ids, doc after doc. */
  flat: Int32Array;
  /** Document frequency per local id. */
  df: Int32Array;
}

/**
 * Local feature ids in first-seen order, one flat id array for all documents, document frequencies counted with
 * a last-seen marker (no per-document Set, Map or array: this runs over every reply and was allocation-bound).
 * Straight from Vocab ids, no string key per token: 20,000 stackoverflow titles, cold process, main-thread CPU
 * 124 -> 46 ms (median of 9, bench script timing prepareDoc + tfidf after readReplies).
 */
function countTerms(docs: readonly Doc[], termCount: number): FoundTerms {
  const localOf = new Int32Array(termCount).fill(-1);
  const termOf: number[] = [];
  const flat = new Int32Array(totalTerms(docs));
  // Sized for every Vocab feature (local ids cannot exceed them): no growth path, which V8 met untried after
  // optimising this loop and deoptimised on.
  const df = new Int32Array(termCount);
  const seenIn = new Int32Array(termCount).fill(-1);
  let x = 0;
  for (let r = 0; r < docs.length; r++) {
    const d = docs[r]!;
    const ids = d.ids;
    for (let k = d.at + d.wordCount, end = k + d.termCount; k < end; k++) {
      const term = ids[k]!;
      let id = localOf[term]!;
      if (id < 0) {
        id = termOf.length;
        localOf[term] = id;
        termOf.push(term);
      }
      if (seenIn[id] !== r) {
        seenIn[id] = r;
        df[id]!++;
      }
      flat[x++] = id;
    }
  }
  return { localOf, termOf, flat, df: df.subarray(0, termOf.length) };
}

function totalTerms(docs: readonly Doc[]): number {
  let total = 0;
  for (const d of docs) total += d.termCount;
  return total;
}

function idfOf(df: Int32Array, n: number): Float64Array {
  const idf = new Float64Array(df.length);
  for (let i = 0; i < df.length; i++) idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
  return idf;
}

/** The rows of the matrix from each doc's local feature ids (`flat`, doc after doc) and their columns. */
function rows(docs: readonly Doc[], flat: Int32Array, colOfId: Int32Array, idf: Float64Array): Sparse {
  const n = docs.length;
  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  // Rows are written in place into arrays sized for the most non-zeros possible (typed-array allocation per
  // reply dominated this loop).
  const cols = new Int32Array(flat.length);
  const vals = new Float32Array(flat.length);
  const tf = new Float64Array(idf.length);
  const w = new Float64Array(64);
  const touched: number[] = [];
  let x = 0;
  for (let r = 0; r < n; r++) {
    touched.length = 0;
    const end = x + docs[r]!.termCount;
    for (; x < end; x++) {
      const c = colOfId[flat[x]!]!;
      if (c < 0) continue;
      if (tf[c] === 0) touched.push(c);
      tf[c]!++;
    }
    // Insertion sort: a reply has a handful of features.
    for (let a = 1; a < touched.length; a++) {
      const t = touched[a]!;
      let y = a - 1;
      while (y >= 0 && touched[y]! > t) {
        touched[y + 1] = touched[y]!;
        y--;
      }
      touched[y + 1] = t;
    }
    const ww = touched.length <= w.length ? w : new Float64Array(touched.length);
    let norm = 0;
    for (let a = 0; a < touched.length; a++) {
      const c = touched[a]!;
      const t = (1 + Math.log(tf[c]!)) * idf[c]!;
      norm += t * t;
      ww[a] = t;
      tf[c] = 0;
    }
    norm = Math.sqrt(norm);
    for (let a = 0; a < touched.length; a++) {
      cols[nnz + a] = touched[a]!;
      vals[nnz + a] = ww[a]! / norm;
    }
    nnz += touched.length;
    rowPtr[r + 1] = nnz;
  }
  return { rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz), width: idf.length };
}

/** Token count per word id, over the docs of one language. */
function wordCounts(docs: readonly Doc[], lang: Lang, words: number): Int32Array {
  const counts = new Int32Array(words);
  for (const d of docs) {
    if (d.lang !== lang) continue;
    const ids = d.ids;
    for (let k = d.at, e = k + d.wordCount; k < e; k++) counts[ids[k]!]!++;
  }
  return counts;
}

/**
 * Most frequent surface form per column as a word id (ties: alphabetical; -1 when none), from every token,
 * stopwords too: their stem may still be a feature key. A word counts in a column once per language its stem
 * lands there, both counts added when they land in the same one. Found in one pass per language instead of a Map
 * per column scanned on every ask.
 */
function topSurfaces(docs: readonly Doc[], v: Vocab, columnOf: Int32Array, width: number): Int32Array {
  const top = new Int32Array(width).fill(-1);
  const topN = new Int32Array(top.length);
  const en = wordCounts(docs, 'en', v.words.length);
  const none = new Int32Array(0);
  const enCol = offerWords(v, 'en', en, columnOf, top, topN, none, none);
  offerWords(v, 'fr', wordCounts(docs, 'fr', v.words.length), columnOf, top, topN, en, enCol);
  return top;
}

/**
 * Offers each counted word to the column of its stem in `lang`, its count added to `prior[word]` when
 * `priorCol[word]` is that column. Returns the column per word (-1 when none or not counted).
 */
function offerWords(
  v: Vocab,
  lang: Lang,
  counts: Int32Array,
  columnOf: Int32Array,
  top: Int32Array,
  topN: Int32Array,
  prior: Int32Array,
  priorCol: Int32Array,
): Int32Array {
  const colOfWord = new Int32Array(counts.length).fill(-1);
  for (let word = 0; word < counts.length; word++) {
    if (counts[word] === 0) continue;
    const c = columnIn(columnOf, v.stem(word, lang));
    colOfWord[word] = c;
    if (c >= 0) offer(v.words, top, topN, c, word, counts[word]! + (priorCol[word] === c ? prior[word]! : 0));
  }
  return colOfWord;
}

/** Column of a Vocab feature id in tfidf's `columnOf`, -1 when none (ids added after tfidf are past its end). */
export function columnIn(columnOf: Int32Array, term: number): number {
  return term < columnOf.length ? columnOf[term]! : -1;
}

/** Makes `word` with `count` tokens column c's top surface form if it beats the current one. */
function offer(
  words: readonly string[],
  top: Int32Array,
  topN: Int32Array,
  c: number,
  word: number,
  count: number,
) {
  const n = topN[c]!;
  if (count > n || (count === n && words[word]! < words[top[c]!]!)) {
    top[c] = word;
    topN[c] = count;
  }
}
