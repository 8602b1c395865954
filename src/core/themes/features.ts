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
  const dfMap = new Map<string, number>();
  for (const d of docs) {
    for (const t of new Set(d.terms)) dfMap.set(t, (dfMap.get(t) ?? 0) + 1);
  }
  const terms = [...dfMap.entries()]
    .filter(([, df]) => df >= minDf)
    .map(([t]) => t)
    .sort();
  const col = new Map<string, number>();
  terms.forEach((t, i) => {
    col.set(t, i);
  });
  const df = new Int32Array(terms.length);
  terms.forEach((t, i) => {
    df[i] = dfMap.get(t)!;
  });
  const n = docs.length;
  const idf = new Float64Array(terms.length);
  for (let i = 0; i < terms.length; i++) idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;

  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const surfaceCounts: Array<Map<string, number> | undefined> = new Array(terms.length);
  docs.forEach((d, r) => {
    const tf = new Map<number, number>();
    for (const t of d.terms) {
      const c = col.get(t);
      if (c !== undefined) tf.set(c, (tf.get(c) ?? 0) + 1);
    }
    const entries = [...tf.entries()].sort((a, b) => a[0] - b[0]);
    let norm = 0;
    const w = entries.map(([c, f]) => {
      const v = (1 + Math.log(f)) * idf[c]!;
      norm += v * v;
      return v;
    });
    norm = Math.sqrt(norm);
    entries.forEach(([c], k) => {
      cols.push(c);
      vals.push(w[k]! / norm);
    });
    rowPtr[r + 1] = cols.length;
    // Surface forms of unigram features, for display.
    for (const tok of d.tokens) {
      const c = col.get(stem(tok.word, d.lang));
      if (c === undefined) continue;
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
    matrix: { rowPtr, cols: Int32Array.from(cols), vals: Float32Array.from(vals), width: terms.length },
    lexicon: { terms, surface, df },
  };
}
