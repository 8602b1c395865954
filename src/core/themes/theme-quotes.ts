/**
 * A theme's quotes: the members most like the theme by the text a facilitator will read, that say what its label
 * says, one per reply, without near-duplicates; a long reply by the sentence holding the clause that placed it, or
 * by a part of it that reads as a sentence (`quotedPart`, also used by the digest).
 */
import { type Analysis, topicRank } from './features.js';
import { labelWord, type Member, type Phrase, surface } from './member-words.js';
import { saysWhoOnly } from './self-statements.js';
import { fold, isStopword } from './text.js';
import { namedTopic } from './topic-names.js';
import { englishVerbBase, frenchVerbOnly } from './word-class.js';

const MAX_QUOTES = 3;

/** Quotes sharing this share of their words are near-duplicates: one is enough. */
const NEAR_DUPLICATE = 0.5;

/** A quote longer than this shows only the claim that placed it in the theme. */
const MAX_QUOTE_CHARS = 240;

/**
 * Most central members that say what the label says (they wrote its phrase, or are about the topic it names), one per reply,
 * near-duplicates skipped; then other central members if fewer than three do.
 */
export function quotesOf(
  a: Analysis,
  members: readonly Member[],
  phrases: Map<string, Phrase>,
  chosen: { en?: string | undefined; fr?: string | undefined },
  centroid: Float32Array,
  weightOf: (key: string) => number,
  concept: number,
  quotedElsewhere: ReadonlySet<string> = new Set(),
): Array<{ replyId: string; text: string }> {
  const labels = new Set([chosen.en, chosen.fr].filter((x) => x !== undefined));
  const writers = new Set<number>();
  for (const p of phrases.values()) if (labels.has(surface(p))) for (const r of p.replies) writers.add(r);
  // A label made of members' words ("Airport and commuter", "Foreign investors") is shown by members who wrote one
  // of its words.
  if (writers.size === 0) {
    const words = [...labels].flatMap((l) => l.split(/[\s'’-]+/u)).filter((w) => labelWord(w.toLowerCase()));
    for (const m of members) {
      const reply = a.replies[m.reply]!;
      const keys = new Set(words.map((w) => a.keyOf(w.toLowerCase(), reply.lang)));
      if (reply.tokens.slice(m.from, m.to).some((t) => keys.has(a.keyOf(t.word, reply.lang))))
        writers.add(m.reply);
    }
  }
  // Labelled by its topic's name, a theme is shown by members who are about that topic (it is what they name most),
  // first by those who name it more than any other topic ("un parc d'éoliennes en mer" is as much energy as nature).
  const topicLabel = concept >= 0 && [...labels].some((l) => namedTopic(l) === concept);
  if (topicLabel)
    for (const m of members) if (a.replyConcepts[m.reply]!.includes(concept)) writers.add(m.reply);
  const mostly = (reply: number) =>
    topicRank(new Map([...a.replyTerms[reply]!].map(([c, terms]) => [c, terms.length])), concept) === 2;
  const aboutLabel = (m: Member) =>
    writers.size === 0 ? 2 : !writers.has(m.reply) ? 0 : topicLabel && !mostly(m.reply) ? 1 : 2;
  const claimsOf = new Map<number, number[]>();
  for (const m of members) claimsOf.set(m.reply, []);
  a.claims.forEach((claim, i) => {
    claimsOf.get(claim.reply)?.push(i);
  });
  const shown = new Map(members.map((m) => [m, shownPart(a, m, claimsOf.get(m.reply)!, centroid, weightOf)]));
  // Most like the theme by the words a facilitator will read: the whole reply when it is quoted whole, so a reply
  // placed here by a clause ("… increasing their cost of borrowing") does not stand for the theme. A reply with a
  // sentence about nothing of the theme ("How did you come up with your questions?") comes last, even when it names
  // the label.
  // A member only saying who they are ("My household income is less than $100,000") is quoted only when no other is.
  // So is a clause that cannot be quoted without its sentence, and a reply a larger theme quotes (a reply of two
  // themes, by its claims, would read twice).
  const aside = new Map(
    members.map((m) => [
      m,
      !shown.get(m)!.alone || saysWhoOnly(shown.get(m)!.text) || quotedElsewhere.has(a.replies[m.reply]!.id),
    ]),
  );
  const order = [...members].sort((x, y) => {
    const [sx, sy] = [shown.get(x)!, shown.get(y)!];
    return (
      Number(aside.get(x)) - Number(aside.get(y)) ||
      Number(sy.onTheme) - Number(sx.onTheme) ||
      aboutLabel(y) - aboutLabel(x) ||
      readable(sy) - readable(sx) ||
      x.reply - y.reply
    );
  });
  const quotes: Array<{ replyId: string; text: string }> = [];
  const taken: Array<Set<string>> = [];
  const used = new Set<number>();
  const others = order.some((m) => !aside.get(m));
  for (const m of order) {
    if (quotes.length >= MAX_QUOTES) break;
    if (used.has(m.reply) || (others && aside.get(m))) continue;
    const reply = a.replies[m.reply]!;
    const words = new Set(
      reply.tokens
        .slice(m.from, m.to)
        .filter((t) => !isStopword(t.word))
        .map((t) => fold(t.word)),
    );
    if (taken.some((t) => overlap(t, words) >= NEAR_DUPLICATE)) continue;
    const text = shown.get(m)!.text;
    quotes.push({ replyId: reply.id, text });
    taken.push(words);
    used.add(m.reply);
  }
  return quotes;
}

/**
 * What a quote of member `m` shows: a short reply whole, even when one of its claims placed it here (a clause alone
 * can read as a fragment); a long one by the claim closest to the theme (see `quotedPart`). With how like the theme
 * that text is, whether each sentence of it shares a word with the theme, and whether it stands alone (else it is
 * the claim cut from its sentence).
 */
function shownPart(
  a: Analysis,
  m: Member,
  claims: readonly number[],
  centroid: Float32Array,
  weightOf: (key: string) => number,
): { text: string; sim: number; onTheme: boolean; alone: boolean } {
  const reply = a.replies[m.reply]!;
  if (reply.text.length <= MAX_QUOTE_CHARS) {
    const onTheme = sentencesOf(reply).every((tokens) =>
      tokens.some((t) => weightOf(a.keyOf(t.word, reply.lang)) > 0),
    );
    return { text: reply.text.trim(), sim: dot(a.replyVectors[m.reply]!, centroid), onTheme, alone: true };
  }
  let best = -1;
  for (const i of claims) {
    const claim = a.claims[i]!;
    if (claim.start < m.start || claim.end > m.end) continue;
    if (best < 0 || dot(claim.vector, centroid) > dot(a.claims[best]!.vector, centroid)) best = i;
  }
  if (best < 0)
    return { text: reply.text.slice(m.start, m.end).trim(), sim: m.sim, onTheme: true, alone: true };
  const claim = a.claims[best]!;
  const sim = dot(claim.vector, centroid);
  const text = quotedPart(reply.text, claim.start, claim.end, MAX_QUOTE_CHARS);
  return {
    text: text ?? reply.text.slice(claim.start, claim.end).trim(),
    sim,
    onTheme: sim > 0,
    alone: text !== undefined,
  };
}

/** Quotes shorter than this say little ("la bio"): their likeness to the theme counts in proportion. */
const READABLE_CHARS = 40;

function readable(shown: { text: string; sim: number }): number {
  return shown.sim * Math.min(1, shown.text.length / READABLE_CHARS);
}

/** The reply's tokens by sentence (split where the text between two tokens holds ".", "!" or "?"). */
function sentencesOf(reply: Analysis['replies'][number]): Array<typeof reply.tokens> {
  const out: Array<typeof reply.tokens> = [];
  let current: typeof reply.tokens = [];
  reply.tokens.forEach((t, i) => {
    if (i > 0 && /[.!?]/u.test(reply.text.slice(reply.tokens[i - 1]!.end, t.start)) && current.length > 0) {
      out.push(current);
      current = [];
    }
    current.push(t);
  });
  if (current.length > 0) out.push(current);
  return out;
}

function dot(v: { idx: Int32Array; val: Float32Array }, centroid: Float32Array): number {
  let s = 0;
  for (let j = 0; j < v.idx.length; j++) s += v.val[j]! * centroid[v.idx[j]!]!;
  return s;
}

/** Shared words over the smaller set's size. */
function overlap(x: Set<string>, y: Set<string>): number {
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (Math.min(x.size, y.size) || 1);
}

/**
 * Words that open a sentence leaning on the one before ("En effet cela…", "voire…", "This is why…"): quoted alone,
 * such a sentence does not say what it is about.
 */
const LEANING_OPENER =
  /^(?:en effet|cela|ceci|ça|ca|ce|c['’]|donc|mais|et|voire|or|ainsi|alors|sinon|aussi|par contre|pourtant|this|that|these|those|it|they|so|but|and|also|which|such|then)\b/iu;

/**
 * Subjects that make a clause a sentence of its own ("il faut…", "on nous dit…", "we need…"): the writer, the
 * reader, the impersonal "il", "there is". "Nous" and "vous" are subjects only before a verb of theirs ("nous
 * devons", not "nous imposant"); pronouns that point back ("ce", "it", "they") lean on what came before.
 */
const OWN_SUBJECT =
  /^(?:je\s|j['’]|tu\s|on\s|il\s|nous\s+\p{L}+(?:ons|sommes)\b|vous\s+\p{L}+(?:ez|êtes)\b|i\s|i['’]|we\s|you\s|there\s+(?:is|are|should|must|needs?)\b|let['’]s\s)/iu;

/**
 * Whether a clause cut from a longer sentence reads as a sentence of its own: it has its own subject (`OWN_SUBJECT`),
 * or opens with a verb in the infinitive or imperative, as proposals do ("supprimer 1/4 des postes", "attaquez-vous
 * aux industriels", "fix the roads"). A noun phrase ("ma sécurité et celle des autres"), a subordinate ("quand on
 * nous dit…") or a word leaning back ("mais", "which") is a piece of the sentence around it.
 */
export function standsAlone(clause: string): boolean {
  const text = clause.replace(/^[^\p{L}\p{N}]+/u, '');
  if (LEANING_OPENER.test(text)) return false;
  if (OWN_SUBJECT.test(text)) return true;
  const first = /^\p{L}+/u.exec(text)?.[0];
  if (!first || isStopword(first.toLowerCase())) return false;
  return (/(?:er|ir|re|ez|ons)$/iu.test(first) && frenchVerbOnly(first)) || englishVerbBase(first);
}

/** What ends a sentence for a quote; and, in a sentence too long to quote, what also ends a part of it. */
const SENTENCE_END = /[.!?]/u;
const PART_END = /[.!?;\n…•]/u;

/**
 * The text quoted for the claim text[start, end) of a long reply: the sentence holding it when at most `max`
 * characters (with the sentence before when it leans on it, see `LEANING_OPENER`); else the claim, when it opens its
 * sentence (or follows a colon, or is an item of a dashed list) or reads as a sentence of its own (`standsAlone`);
 * else the sentence's opening up to the claim's end, when it fits ("Je suis prêt à plus m'engager pour ma santé, ma
 * sécurité et celle des autres…", not "ma sécurité et celle des autres"); else nothing, as a clause alone would
 * misquote. A cut is marked "…".
 */
export function quotedPart(text: string, start: number, end: number, max: number): string | undefined {
  let from = start;
  while (from > 0 && !SENTENCE_END.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !SENTENCE_END.test(text[to]!)) to++;
  while (to < text.length && SENTENCE_END.test(text[to]!)) to++;
  const sentence = text.slice(from, to).trim();
  if (sentence.length <= max) {
    if (from > 0 && LEANING_OPENER.test(sentence)) {
      let before = from;
      while (before > 0 && /[.!?\s]/u.test(text[before - 1]!)) before--;
      while (before > 0 && !SENTENCE_END.test(text[before - 1]!)) before--;
      const both = text.slice(before, to).trim();
      if (both.length <= max) return both;
    }
    return sentence;
  }
  let head = start;
  while (head > from && !PART_END.test(text[head - 1]!)) head--;
  const lead = text.slice(head, start);
  const ended = SENTENCE_END.test(text.slice(start, end).trim().at(-1) ?? '');
  const rest = !ended && /[\p{L}\p{N}]/u.test(text.slice(end, to)) ? '…' : '';
  const cut = (part: string) => `${part.trim().replace(/[\s,;:–—-]+$/u, '')}${rest}`;
  const dashedList = /^\s*[-–—•]/u.test(text.slice(head, to)) && /\s[-–—]\s*$/u.test(lead);
  const opens = !/[\p{L}\p{N}]/u.test(lead) || /:\s*$/u.test(lead) || dashedList;
  const clause = text.slice(start, end);
  if (opens || standsAlone(clause)) return `${/[\p{L}\p{N}]/u.test(lead) ? '… ' : ''}${cut(clause)}`;
  const opening = text.slice(head, end);
  return opening.trim().length <= max ? cut(opening) : undefined;
}
