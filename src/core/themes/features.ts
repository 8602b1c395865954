/**
 * Lexical features: sublinear TF-IDF over stemmed unigrams and bigrams (en/fr), as a CSR sparse matrix, plus the
 * surface forms each feature came from (for readable keywords).
 */
import { guessLanguage, type Lang, STOPWORDS, stem, type Token, tokenize } from './text.js';

export interface Doc {
  text: string;
  lang: Lang;
  tokens: Token[];
  /** Feature keys (stems and "stem stem" bigrams), with repeats. */
  terms: string[];
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

export function prepareDoc(text: string, lang?: Lang): Doc {
  const tokens = tokenize(text);
  const l = lang ?? guessLanguage(tokens, text);
  const terms: string[] = [];
  let prev: string | undefined;
  let prevEnd = -1;
  for (const t of tokens) {
    if (!isContent(t.word, l)) {
      prev = undefined;
      continue;
    }
    const s = stem(t.word, l);
    terms.push(s);
    // Bigrams only across whitespace: punctuation ends a phrase.
    if (prev !== undefined && /^\s+$/u.test(text.slice(prevEnd, t.start))) terms.push(`${prev} ${s}`);
    prev = s;
    prevEnd = t.end;
  }
  return { text, lang: l, tokens, terms };
}

/** Builds the TF-IDF matrix (rows L2-normalised; empty rows stay zero). */
export function tfidf(docs: readonly Doc[], minDf: number): { matrix: Sparse; lexicon: Lexicon } {
  // Term ids in first-seen order, documents as id arrays, document frequencies counted with a last-seen marker
  // (no per-document Set or Map: this runs over every reply and was allocation-bound).
  const ids = new Map<string, number>();
  const names: string[] = [];
  let dfAll = new Int32Array(1024);
  let seenIn = new Int32Array(1024).fill(-1);
  const docIds: Int32Array[] = docs.map((d, r) => {
    const out = new Int32Array(d.terms.length);
    d.terms.forEach((t, x) => {
      let id = ids.get(t);
      if (id === undefined) {
        id = names.length;
        ids.set(t, id);
        names.push(t);
        if (id >= dfAll.length) {
          const grownDf = new Int32Array(dfAll.length * 2);
          grownDf.set(dfAll);
          dfAll = grownDf;
          const grownSeen = new Int32Array(seenIn.length * 2).fill(-1);
          grownSeen.set(seenIn);
          seenIn = grownSeen;
        }
      }
      if (seenIn[id] !== r) {
        seenIn[id] = r;
        dfAll[id]!++;
      }
      out[x] = id;
    });
    return out;
  });
  const terms = names.filter((_, id) => dfAll[id]! >= minDf).sort();
  const col = new Map<string, number>();
  const colOfId = new Int32Array(names.length).fill(-1);
  terms.forEach((t, i) => {
    col.set(t, i);
    colOfId[ids.get(t)!] = i;
  });
  const df = new Int32Array(terms.length);
  terms.forEach((t, i) => {
    df[i] = dfAll[ids.get(t)!]!;
  });
  const n = docs.length;
  const idf = new Float64Array(terms.length);
  for (let i = 0; i < terms.length; i++) idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;

  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  // Rows are written in place into arrays sized for the most non-zeros possible (typed-array allocation per
  // reply dominated this loop).
  let capacity = 0;
  for (const t of docIds) capacity += t.length;
  const cols = new Int32Array(capacity);
  const vals = new Float32Array(capacity);
  const tf = new Float64Array(terms.length);
  const w = new Float64Array(64);
  const touched: number[] = [];
  const surfaceCounts: Array<Map<string, number> | undefined> = new Array(terms.length);
  const wordCol: Record<Lang, Map<string, number>> = { en: new Map(), fr: new Map() };
  docs.forEach((d, r) => {
    touched.length = 0;
    for (const id of docIds[r]!) {
      const c = colOfId[id]!;
      if (c < 0) continue;
      if (tf[c] === 0) touched.push(c);
      tf[c]!++;
    }
    // Insertion sort: a reply has a handful of features.
    for (let x = 1; x < touched.length; x++) {
      const v = touched[x]!;
      let y = x - 1;
      while (y >= 0 && touched[y]! > v) {
        touched[y + 1] = touched[y]!;
        y--;
      }
      touched[y + 1] = v;
    }
    const ww = touched.length <= w.length ? w : new Float64Array(touched.length);
    let norm = 0;
    for (let x = 0; x < touched.length; x++) {
      const c = touched[x]!;
      const v = (1 + Math.log(tf[c]!)) * idf[c]!;
      norm += v * v;
      ww[x] = v;
      tf[c] = 0;
    }
    norm = Math.sqrt(norm);
    for (let x = 0; x < touched.length; x++) {
      cols[nnz + x] = touched[x]!;
      vals[nnz + x] = ww[x]! / norm;
    }
    nnz += touched.length;
    rowPtr[r + 1] = nnz;
    // Surface forms of unigram features, for display.
    const memo = wordCol[d.lang];
    for (const tok of d.tokens) {
      let c = memo.get(tok.word);
      if (c === undefined) {
        c = col.get(stem(tok.word, d.lang)) ?? -1;
        memo.set(tok.word, c);
      }
      if (c < 0) continue;
      let m = surfaceCounts[c];
      if (!m) {
        m = new Map();
        surfaceCounts[c] = m;
      }
      m.set(tok.word, (m.get(tok.word) ?? 0) + 1);
    }
  });
  const best = (c: number): string | undefined => {
    const m = surfaceCounts[c];
    if (!m) return undefined;
    let top: string | undefined;
    let topN = -1;
    for (const [s, k] of m) if (k > topN || (k === topN && s < top!)) [top, topN] = [s, k];
    return top;
  };
  const surface = terms.map((t, c) => {
    if (!t.includes(' ')) return best(c) ?? t;
    return t
      .split(' ')
      .map((p) => {
        const pc = col.get(p);
        return pc === undefined ? p : (best(pc) ?? p);
      })
      .join(' ');
  });
  return {
    matrix: { rowPtr, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz), width: terms.length },
    lexicon: { terms, surface, df },
  };
}
