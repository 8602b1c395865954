/**
 * A theme's quotes: the members most like the theme by the text a facilitator will read, that say what its label
 * says, one per reply, without near-duplicates; a long reply by the sentence holding the clause that placed it.
 */
import { type Analysis, topicRank } from './features.js';
import { labelWord, type Member, type Phrase, surface } from './member-words.js';
import { saysWhoOnly } from './self-statements.js';
import { fold, isStopword, sentenceAround, stem } from './text.js';
import { namedTopic } from './topic-names.js';

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
      const keys = new Set(words.map((w) => stem(w.toLowerCase(), reply.lang)));
      if (reply.tokens.slice(m.from, m.to).some((t) => keys.has(stem(t.word, reply.lang))))
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
  const who = new Map(members.map((m) => [m, saysWhoOnly(shown.get(m)!.text)]));
  const order = [...members].sort((x, y) => {
    const [sx, sy] = [shown.get(x)!, shown.get(y)!];
    return (
      Number(who.get(x)) - Number(who.get(y)) ||
      Number(sy.onTheme) - Number(sx.onTheme) ||
      aboutLabel(y) - aboutLabel(x) ||
      readable(sy) - readable(sx) ||
      x.reply - y.reply
    );
  });
  const quotes: Array<{ replyId: string; text: string }> = [];
  const taken: Array<Set<string>> = [];
  const used = new Set<number>();
  const others = order.some((m) => !who.get(m));
  for (const m of order) {
    if (quotes.length >= MAX_QUOTES) break;
    if (used.has(m.reply) || (others && who.get(m))) continue;
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
 * can read as a fragment); a long one by the claim closest to the theme. With how like the theme that text is, and
 * whether each sentence of it shares a word with the theme.
 */
function shownPart(
  a: Analysis,
  m: Member,
  claims: readonly number[],
  centroid: Float32Array,
  weightOf: (key: string) => number,
): { text: string; sim: number; onTheme: boolean } {
  const reply = a.replies[m.reply]!;
  if (reply.text.length <= MAX_QUOTE_CHARS) {
    const onTheme = sentencesOf(reply).every((tokens) =>
      tokens.some((t) => weightOf(stem(t.word, reply.lang)) > 0),
    );
    return { text: reply.text.trim(), sim: dot(a.replyVectors[m.reply]!, centroid), onTheme };
  }
  let best = -1;
  for (const i of claims) {
    const claim = a.claims[i]!;
    if (claim.start < m.start || claim.end > m.end) continue;
    if (best < 0 || dot(claim.vector, centroid) > dot(a.claims[best]!.vector, centroid)) best = i;
  }
  if (best < 0) return { text: reply.text.slice(m.start, m.end).trim(), sim: m.sim, onTheme: true };
  const claim = a.claims[best]!;
  const sim = dot(claim.vector, centroid);
  return { text: sentenceAround(reply.text, claim.start, claim.end, MAX_QUOTE_CHARS), sim, onTheme: sim > 0 };
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
