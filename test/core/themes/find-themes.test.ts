import { describe, expect, it } from 'vitest';
import { findThemes } from '../../../src/core/themes/find-themes.js';
import { isStopword, PLACEHOLDER } from '../../../src/core/themes/text.js';
import type { ThemeInput, ThemeResult } from '../../../src/core/themes/types.js';
import { corpus, shuffled, tinyEmbedder } from './fixtures.js';

const embedder = tinyEmbedder();
const run = (replies: readonly ThemeInput[], themes?: number): Promise<ThemeResult> =>
  findThemes(replies, { embedder, themes });

/** Every reply id appears exactly once: in one theme or unthemed. */
function expectPartition(result: ThemeResult, ids: readonly string[]): void {
  const seen = [...result.themes.flatMap((t) => t.replyIds), ...result.unthemed].sort();
  expect(seen).toEqual([...ids].sort());
}

/** Share of the theme's members that come from its majority topic. */
function purity(result: ThemeResult, topics: ReadonlyMap<string, string>): number {
  let agree = 0;
  let total = 0;
  for (const t of result.themes) {
    const counts = new Map<string, number>();
    for (const id of t.replyIds) counts.set(topics.get(id)!, (counts.get(topics.get(id)!) ?? 0) + 1);
    agree += Math.max(...counts.values());
    total += t.replyIds.length;
  }
  return agree / total;
}

/**
 * 2,400 replies over 9 topics (9 is on the candidate grid 4, 5, 7, 9, 12, …), each reply 3 of its topic's 10 words
 * plus 2 of 30 shared filler words: from 2,000 replies on, clustering starts from a run on a sample.
 */
function nineTopics(): { replies: ThemeInput[]; topics: Map<string, string> } {
  let seed = 7;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const word = (prefix: string, i: number) =>
    `${prefix}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
  const replies: ThemeInput[] = [];
  const topics = new Map<string, string>();
  for (let n = 0; n < 2400; n++) {
    const topic = n % 9;
    const words = new Set<string>();
    while (words.size < 3)
      words.add(word(`topic${String.fromCharCode(97 + topic)}`, Math.floor(rand() * 10)));
    while (words.size < 5) words.add(word('filler', Math.floor(rand() * 30)));
    replies.push({ id: `r${n}`, text: [...words].join(' ') });
    topics.set(`r${n}`, String(topic));
  }
  return { replies, topics };
}

/** findThemes on lexical features only, with the progress it reports, in percent. */
async function lexicalWithProgress(
  replies: ThemeInput[],
  themes?: number,
): Promise<{ result: ThemeResult; calls: number[] }> {
  const calls: number[] = [];
  const result = await findThemes(replies, {
    embedder: null,
    themes,
    onProgress: (done, total) => calls.push((100 * done) / total),
  });
  return { result, calls };
}

describe('findThemes', () => {
  it('handles 0 replies', async () => {
    expect(await run([])).toEqual({ themes: [], unthemed: [] });
  });

  it('handles 1 reply: one theme holding it, quoted', async () => {
    const result = await run([{ id: 'a', text: 'More buses at night' }]);
    expectPartition(result, ['a']);
    expect(result.themes).toHaveLength(1);
    expect(result.themes[0]!.quotes).toEqual([{ replyId: 'a', text: 'More buses at night' }]);
    expect(result.themes[0]!.participants).toBe(1);
  });

  it('handles 3 replies, and an empty or placeholder-only reply is unthemed', async () => {
    const replies = [
      { id: 'a', text: 'The bus is late' },
      { id: 'b', text: 'the bus is always late' },
      { id: 'c', text: '[phone]' },
    ];
    const result = await run(replies);
    expectPartition(result, ['a', 'b', 'c']);
    expect(result.unthemed).toEqual(['c']);
    expect(result.themes[0]!.replyIds).toEqual(['a', 'b']);
  });

  it('accounts for replies with word vectors but no counted words, even when nothing else is themed', async () => {
    const result = await run([
      { id: 'a', text: '5' },
      { id: 'b', text: 'ok' },
    ]);
    expectPartition(result, ['a', 'b']);
  });

  it('finds the topics of a small corpus, with one theme per topic', async () => {
    const replies = corpus('en');
    const result = await run(replies, 3);
    expectPartition(
      result,
      replies.map((r) => r.id),
    );
    expect(result.themes).toHaveLength(3);
    expect(purity(result, new Map(replies.map((r) => [r.id, r.topic])))).toBe(1);
    expect(result.themes.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
  });

  it('chooses the number of themes automatically at digest size', async () => {
    const replies = corpus('both');
    const result = await run(replies);
    expect(result.themes.length).toBeGreaterThanOrEqual(2);
    expect(result.themes.length).toBeLessThanOrEqual(12);
    expect(purity(result, new Map(replies.map((r) => [r.id, r.topic])))).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same themes, labels and quotes for shuffled input', async () => {
    const replies = corpus('both');
    const reference = await run(replies);
    for (const seed of [1, 2, 3]) expect(await run(shuffled(replies, seed))).toEqual(reference);
    const forced = await run(replies, 4);
    expect(await run(shuffled(replies, 9), 4)).toEqual(forced);
  });

  it('labels are 2–4 words from a member reply, never stopword-only or placeholders', async () => {
    const replies = corpus('both');
    const byId = new Map(replies.map((r) => [r.id, r.text]));
    const result = await run(replies, 5);
    for (const t of result.themes) {
      const words = t.label
        .toLowerCase()
        .split(/[\s,]+/u)
        .filter(Boolean);
      expect(words.length).toBeGreaterThanOrEqual(1);
      expect(words.length).toBeLessThanOrEqual(4);
      expect(words.every((w) => isStopword(w))).toBe(false);
      expect(t.label).not.toMatch(PLACEHOLDER);
      expect(t.label).not.toMatch(/\[|\]/u);
      expect(t.replyIds.some((id) => byId.get(id)!.toLowerCase().includes(t.label.toLowerCase()))).toBe(true);
      expect(t.keywords.length).toBeGreaterThan(0);
      for (const kw of t.keywords) expect(kw).not.toMatch(/^(phone|name)$/u);
    }
  });

  it('quotes are 1–3 distinct members of their theme', async () => {
    const replies = corpus('both');
    const byId = new Map(replies.map((r) => [r.id, r.text]));
    const result = await run(replies, 4);
    for (const t of result.themes) {
      expect(t.quotes.length).toBeGreaterThanOrEqual(1);
      expect(t.quotes.length).toBeLessThanOrEqual(3);
      for (const q of t.quotes) {
        expect(t.replyIds).toContain(q.replyId);
        expect(q.text).toBe(byId.get(q.replyId));
      }
      expect(new Set(t.quotes.map((q) => q.text.toLowerCase())).size).toBe(t.quotes.length);
    }
  });

  it('quotes are readable: no bare placeholders or one-word answers, no near-copies, when better exist', async () => {
    const texts = [
      'The bus to the hospital is always late in the morning',
      'Buses are late every morning, we need more buses',
      'The bus is late',
      '[email]',
      'Yes, please!',
      'buses',
      'The bus to the hospital is always late in the morning!!',
      'Night buses stop too early for shift workers',
      // Placeholders are not the resident's words, whatever their spelling (see PLACEHOLDER).
      'bus late [full-name] [home-address]',
    ];
    const replies = texts.map((text, i) => ({ id: `q${i}`, text }));
    const result = await run(replies, 1);
    const quotes = result.themes.flatMap((t) => t.quotes.map((q) => q.text));
    expect(quotes.length).toBeGreaterThanOrEqual(2);
    for (const q of quotes) {
      expect(q.split(/\s+/u).length).toBeGreaterThanOrEqual(4);
      expect(q).not.toBe('[email]');
      expect(q).not.toContain('[');
    }
    const nearCopies = quotes.filter((q) => q.startsWith('The bus to the hospital is always late'));
    expect(nearCopies.length).toBeLessThanOrEqual(1);
  });

  it('French replies form French-labelled themes', async () => {
    const replies = corpus('fr');
    const result = await run(replies, 2);
    const topics = new Map(replies.map((r) => [r.id, r.topic]));
    expect(purity(result, topics)).toBe(1);
    const labels = result.themes.map((t) => t.label.toLowerCase());
    expect(labels.some((l) => l.includes('loyer'))).toBe(true);
    expect(labels.some((l) => l.includes('autobus'))).toBe(true);
    const english = new Set(['the', 'bus', 'rent', 'is', 'too', 'high']);
    for (const l of labels) expect(l.split(/\s+/u).some((w) => english.has(w))).toBe(false);
  });

  it('a one-word reply joins the theme its word clearly belongs to', async () => {
    const replies = [...corpus('en'), { id: 'z1', text: 'Metro!' }, { id: 'z2', text: 'Zxqv' }];
    const result = await run(replies, 3);
    const transit = result.themes.find((t) => t.replyIds.includes('r01'))!;
    expect(transit.replyIds).toContain('z1');
    expect(result.unthemed).toContain('z2');
  });

  it('counts distinct participants and returns a unit centroid', async () => {
    const replies = corpus('en').map((r, i) => ({ ...r, participantId: `p${i % 2}` }));
    const result = await run(replies, 3);
    for (const t of result.themes) {
      expect(t.participants).toBe(Math.min(2, new Set(t.replyIds).size));
      expect(t.centroid).toHaveLength(8);
      expect(Math.hypot(...t.centroid!)).toBeCloseTo(1, 4);
    }
  });

  it('works with lexical features only (no embedder)', async () => {
    const replies = corpus('en');
    const result = await findThemes(replies, { embedder: null, themes: 3 });
    expect(purity(result, new Map(replies.map((r) => [r.id, r.topic])))).toBe(1);
    expect(result.themes.every((t) => t.centroid === undefined)).toBe(true);
  });

  it('reports progress up to completion', async () => {
    const calls: number[] = [];
    await findThemes(corpus('en'), { embedder, onProgress: (done, total) => calls.push(done / total) });
    expect(calls[0]).toBe(0);
    expect(calls.at(-1)).toBe(1);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });

  it('on a large input chooses about the true number of themes, reporting progress while it chooses', async () => {
    // k is chosen by silhouette among clustering runs on a sample.
    const { replies, topics } = nineTopics();
    const { result, calls } = await lexicalWithProgress(replies);
    expect(result.themes.length).toBeGreaterThanOrEqual(8);
    expect(result.themes.length).toBeLessThanOrEqual(11);
    expect(purity(result, topics)).toBeGreaterThan(0.9);
    expect(calls.some((c) => c > 25 && c < 45)).toBe(true);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });

  it('on a large input with a forced number of themes starts from a run on a sample, in any input order', async () => {
    const { replies, topics } = nineTopics();
    const { result, calls } = await lexicalWithProgress(replies, 9);
    expect(result.themes.length).toBe(9);
    expect(purity(result, topics)).toBeGreaterThan(0.95);
    // The sample run reports its end (35 %), then the run on all fitted replies goes on from there (k-means restarts
    // would report their iterations from 25 % on).
    expect(calls).toContain(35);
    expect(calls.filter((c) => c > 25 && c < 35)).toEqual([]);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
    const shuffled = await findThemes([...replies].reverse(), { embedder: null, themes: 9 });
    expect(shuffled).toEqual(result);
    // Fewer than 10 sample replies per theme: k-means restarts instead, which report their iterations from 25 % on.
    const fine = await lexicalWithProgress(replies, 300);
    expect(fine.calls.some((c) => c > 25 && c < 35)).toBe(true);
  });

  it('background words (the town name) neither group replies nor label them, and a reply of them alone is unthemed', async () => {
    const base = corpus('en');
    const topics = new Map(base.map((r) => [r.id, r.topic]));
    const replies: ThemeInput[] = [
      ...base.map((r, i) => ({ id: r.id, text: i % 2 === 0 ? `In Maple Falls, ${r.text}` : r.text })),
      { id: 'town1', text: 'Maple Falls!' },
      { id: 'town2', text: 'Maple Falls, Maple Falls' },
    ];
    const named = (result: ThemeResult) =>
      result.themes.some((t) => /maple|falls/iu.test([t.label, ...t.keywords].join(' ')));

    // Without the option the town name is a feature like any other (this is what the option is for).
    expect(named(await run(replies))).toBe(true);

    const result = await findThemes(replies, { embedder, backgroundWords: ['Maple Falls'] });
    expectPartition(
      result,
      replies.map((r) => r.id),
    );
    expect(named(result)).toBe(false);
    expect(result.unthemed).toEqual(expect.arrayContaining(['town1', 'town2']));
    expect(purity(result, topics)).toBeGreaterThanOrEqual(0.8);
  });
});
