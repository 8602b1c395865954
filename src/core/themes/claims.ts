/**
 * Claims: the sentences and list items of a reply, so that "fix the traffic, bring in fiber, support small business"
 * can support three themes. A reply belongs to every theme one of its claims joins (its people counted once).
 */

export interface Span {
  start: number;
  end: number;
}

/** Abbreviations whose full stop ends no sentence. */
const ABBREVIATIONS = new Set(
  'e.g i.e etc vs mr mrs ms dr st ave blvd rd no approx dept govt jr sr inc ltd co mt ft p.s av bd bd. cf env ex'.split(
    ' ',
  ),
);

/** A clause shorter than this many words stays with its neighbour (a list of nouns is one claim). */
const MIN_CLAUSE_WORDS = 3;

/**
 * Sentence and clause spans of `text`, in order, covering every word. Sentences end at . ! ? … ; or a line break (a
 * full stop glued to the next capitalised word too: "collaboration.It's"); inside a sentence, commas and dashes part
 * clauses only when each side has at least MIN_CLAUSE_WORDS words, so "parks, trails and pools" stays whole.
 */
export function splitClaims(text: string): Span[] {
  const out: Span[] = [];
  for (const sentence of sentences(text)) out.push(...clauses(text, sentence));
  return out;
}

function sentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const cut = (end: number, next: number) => {
    if (hasWord(text, start, end)) spans.push({ start, end });
    start = next;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r' || c === ';' || c === '!' || c === '?' || c === '…' || c === '•') {
      cut(i, i + 1);
    } else if (c === '.' && endsSentence(text, i)) {
      cut(i, i + 1);
    }
  }
  cut(text.length, text.length);
  return spans;
}

function endsSentence(text: string, i: number): boolean {
  const next = text[i + 1];
  if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) {
    // "3.5", "asp.net", "U.S.A": no break; "collaboration.It's": a break (a long word, then a capital).
    const before = /[\p{L}]+$/u.exec(text.slice(Math.max(0, i - 20), i))?.[0] ?? '';
    return before.length >= 3 && /\p{Lu}/u.test(next) && !/\p{Lu}/u.test(before.slice(1));
  }
  const word = /[\p{L}.]+$/u.exec(text.slice(Math.max(0, i - 12), i))?.[0]?.toLowerCase() ?? '';
  return !ABBREVIATIONS.has(word) && !/^\p{L}$/u.test(word);
}

/** Clauses of one sentence: parts between commas, dashes and colons, short parts joined to a neighbour. */
function clauses(text: string, sentence: Span): Span[] {
  const parts: Span[] = [];
  let start = sentence.start;
  const separator = /,|\s[-–—]\s|:\s|\s\/\s/gu;
  const body = text.slice(sentence.start, sentence.end);
  for (const m of body.matchAll(separator)) {
    const at = sentence.start + m.index;
    parts.push({ start, end: at });
    start = at + m[0].length;
  }
  parts.push({ start, end: sentence.end });
  // Join every part too short to stand alone to the part before it (or after it, for the first).
  const joined: Span[] = [];
  for (const part of parts) {
    const prev = joined[joined.length - 1];
    if (prev && (wordCount(text, part) < MIN_CLAUSE_WORDS || wordCount(text, prev) < MIN_CLAUSE_WORDS)) {
      prev.end = part.end;
    } else joined.push({ ...part });
  }
  return joined.filter((s) => hasWord(text, s.start, s.end)).map((s) => trim(text, s));
}

function wordCount(text: string, span: Span): number {
  return text.slice(span.start, span.end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

function hasWord(text: string, start: number, end: number): boolean {
  return /[\p{L}\p{N}]/u.test(text.slice(start, end));
}

function trim(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return { start, end };
}
