/**
 * What a facilitator reads of a theme: its label (here), keywords (keywords.ts) and quotes (theme-quotes.ts), all read
 * from the members' own words (member-words.ts).
 *
 * A label is either a phrase members wrote ("Affordable housing", "Bike lanes", "Traffic on Scottsville Road"),
 * chosen for how many members wrote it and how much its words weigh in the theme, or, when no phrase covers enough
 * members, the name of the lexicon topic the theme is about ("Public transit"). Never a background word, a name alone,
 * a generic word or a placeholder. In the members' language; both when members write in both.
 */
import type { Clustering } from './cluster.js';
import { type Analysis, Kind } from './features.js';
import { heaviestWords, keywordsOf } from './keywords.js';
import { CONCEPTS } from './lexicon.js';
import { adjective, collectPhrases, type Member, type Phrase, surface } from './member-words.js';
import { fold, isStopword, type Lang, stem } from './text.js';
import { quotesOf } from './theme-quotes.js';
import { namedTopic } from './topic-names.js';

export type { Member } from './member-words.js';

export interface Description {
  /** Label candidates per language, best first (the caller keeps labels distinct across themes). */
  candidates: { en: string[]; fr: string[] };
  /**
   * The members' other phrases a candidate stands for ("affordable housing" for "Affordable homes", said for a
   * modifier written before several nouns): it is another theme's label when one of them is.
   */
  alike: Map<string, string[]>;
  keywords: string[];
  /**
   * Quotes for the labels the theme was given (the caller picks them among the candidates); replies in
   * `quotedElsewhere` (ids) only when no other member can be quoted.
   */
  quotes: (
    labels: { en?: string | undefined; fr?: string | undefined },
    quotedElsewhere?: ReadonlySet<string>,
  ) => Array<{ replyId: string; text: string }>;
  /** Identity: the lexicon topic, else the theme's two heaviest words. */
  key: string;
  languages: { en: number; fr: number };
}

/** A place named by this share of a theme's replies makes its topic's name specific. */
const PLACE_SHARE = 0.35;

/** The topic's name fully names a theme whose members name the topic this many times more often than all replies. */
const TOPIC_LIFT = 3;

/** The topic's name is a cleaner label than members' phrases: it wins ties. */
const TOPIC_PREFERENCE = 1.2;

/** How much a topic's name still counts when the theme's heaviest word is none of the members' terms for it. */
const OFF_TOPIC_NAME = 1 / 3;

/** A topic named by at most this many of its terms (stems), none of them its name's words, is a narrow slice. */
const NARROW_SLICE = 3;

/** The members' own word outranks the topic's name when this share of them wrote it. */
const OWN_WORD_SHARE = 0.5;

/** A phrase holding a one-word label replaces it when it scores this share of the word's score. */
const FULLER_PHRASE = 0.5;

/** A second word joins a one-word label when it scores this share of the word's score. */
const SECOND_WORD = 2 / 3;

/** Candidates scoring under this do not label the theme (the fallback then names its two heaviest words). */
const MIN_LABEL_SCORE = 0.12;

/**
 * A phrase must be written by this share of the theme's replies to label it at all (and by two of them); a carried
 * phrase name, by this share of the replies in its language.
 */
const PHRASE_MIN_SHARE = 0.15;

/** A carried theme's topic name, and the place in it, stay while at least this share of its replies name them. */
const CARRIED_NAME_SHARE = 0.25;

export function describe(a: Analysis, c: Clustering, theme: number, members: readonly Member[]): Description {
  const centroid = c.centroids[theme]!;
  const replies = new Set(members.map((x) => x.reply));
  const languages = { en: 0, fr: 0 };
  for (const r of replies) languages[a.replies[r]!.lang]++;
  const ids = new Map(a.space.keys.map((k, i) => [k, i]));
  const weightOf = (key: string) => {
    const id = ids.get(key);
    return id === undefined ? 0 : Math.max(0, centroid[id]!);
  };
  const phrases = collectPhrases(a, members, weightOf);
  // A place whose name holds the word that seeded the theme ("county" in "Warren County") is what holds it
  // together, not what makes its topic specific.
  const seedWord = c.seeds[theme]!.word;
  const named = commonPlace(a, members);
  const namedWords = named === undefined ? [] : fold(named).split(/[\s'’-]+/u);
  const seedLang = a.replies[members[0]!.reply]!.lang;
  const holdsSeed = seedWord >= 0 && namedWords.some((w) => a.keyOf(w, seedLang) === a.space.keys[seedWord]);
  const place = holdsSeed ? undefined : named;
  let heaviest = 0;
  let heaviestWord = -1;
  a.space.kind.forEach((kind, f) => {
    if (kind === Kind.Word && centroid[f]! > heaviest) [heaviest, heaviestWord] = [centroid[f]!, f];
  });
  let concept = topConcept(a, centroid, members, heaviestWord);
  // A place whose name holds the topic's word other than as its head ("Lost River Cave" for water, where "Elm Road"
  // is a road: English names end on their head, French ones start with it) names that topic only in passing: the
  // next topic is the theme's.
  const placeWords = place ? namedWords : [];
  const head = languages.fr > languages.en ? placeWords[0] : placeWords.at(-1);
  if (concept && placeWords.some((w) => w !== head && concept!.words.has(w)))
    concept = topConcept(a, centroid, members, heaviestWord, concept.index) ?? concept;
  const alike = new Map<string, string[]>();
  const candidates = {
    en: labelsIn(phrases, 'en', languages.en, concept, place, heaviest, languages.en >= languages.fr, alike),
    fr: labelsIn(phrases, 'fr', languages.fr, concept, place, heaviest, languages.fr > languages.en, alike),
  };
  const keywords = keywordsOf(a, centroid, members, ids);
  const seed = c.seeds[theme]!;
  // A theme carried over from a previous run keeps its name first, so it reads the same from week to week, unless
  // the name is a topic its replies no longer name (a week-1 "Europe" theme whose replies are now about business),
  // or a phrase too few of them still write to label the theme at all.
  for (const lang of ['en', 'fr'] as const) {
    const carried = carriedName(a, seed.carried?.labels[lang], replies);
    if (!carried) continue;
    const topic = namingShare(a, carried, replies);
    if (
      topic === undefined
        ? writingShare(a, carried, replies, lang) < PHRASE_MIN_SHARE
        : topic < CARRIED_NAME_SHARE
    )
      continue;
    candidates[lang] = [carried, ...candidates[lang].filter((x) => x !== carried)];
  }
  const key =
    seed.carried?.key ??
    (seed.concept >= 0
      ? CONCEPTS[seed.concept]!.id
      : seed.word >= 0
        ? fold(a.space.surface[seed.word]!)
        : heaviestWords(a, centroid)
            .slice(0, 2)
            .map((f) => a.space.surface[f]!)
            .join('-')
            .toLowerCase());
  return {
    candidates,
    alike,
    keywords,
    quotes: (labels, quotedElsewhere) =>
      quotesOf(a, members, phrases, labels, centroid, weightOf, concept?.index ?? -1, quotedElsewhere),
    key,
    languages,
  };
}

/**
 * A carried name without the place its topic's name was made specific by ("Parks and recreation — Lost River Cave")
 * once under a quarter of the replies name that place: the theme kept its topic, the place was its first members'.
 */
function carriedName(
  a: Analysis,
  label: string | undefined,
  replies: ReadonlySet<number>,
): string | undefined {
  if (!label) return undefined;
  const topic = CONCEPTS[namedTopic(label)];
  if (!topic) return label;
  const name = [topic.en, topic.fr].find((n) => label.startsWith(`${n} — `));
  if (name === undefined || replies.size === 0) return label;
  // Whole texts, folded here rather than through `fold`, whose cache is for words.
  const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const place = plain(label.slice(name.length + 3));
  let naming = 0;
  for (const r of replies) if (plain(a.replies[r]!.text).includes(place)) naming++;
  return naming / replies.size >= CARRIED_NAME_SHARE ? label : name;
}

/** Share of the replies naming the topic a label is the name of (see `namedTopic`), or undefined. */
function namingShare(a: Analysis, label: string, replies: ReadonlySet<number>): number | undefined {
  const index = namedTopic(label);
  if (index < 0 || replies.size === 0) return undefined;
  let naming = 0;
  for (const r of replies) if (a.replyConcepts[r]!.includes(index)) naming++;
  return naming / replies.size;
}

/**
 * Share of the replies in `lang` writing every word of a members' phrase label (in any form; a keyword added in
 * brackets to tell it apart aside): a carried "Home ownership" whose replies are now about foreign investors is no
 * longer theirs.
 */
function writingShare(a: Analysis, label: string, replies: ReadonlySet<number>, lang: Lang): number {
  const words = label
    .replace(/\s*\(.*\)\s*$/u, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !isStopword(w))
    .map((w) => a.keyOf(w, lang));
  let writing = 0;
  let written = 0;
  for (const r of replies) {
    const reply = a.replies[r]!;
    if (reply.lang !== lang) continue;
    written++;
    const own = new Set(reply.tokens.map((t) => a.keyOf(t.word, lang)));
    if (words.every((w) => own.has(w))) writing++;
  }
  return written === 0 ? 0 : writing / written;
}

/**
 * Whether label `x` says nothing `y` does not: each of its words is one of y's, as a form of it ("Impôt" beside
 * "Impôts et taxes", "Housing" beside "Affordable housing"). A facilitator cannot tell two such themes apart.
 */
export function sameWords(x: string, y: string, lang: Lang): boolean {
  const words = (label: string) =>
    new Set(
      label
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0 && !isStopword(w))
        .map((w) => stem(w, lang)),
    );
  const [wx, wy] = [words(x), words(y)];
  return wx.size > 0 && [...wx].every((w) => wy.has(w));
}

/**
 * Label candidates in one language, best first. A phrase scores the share of members who wrote it times how much its
 * words weigh in the theme (against the theme's heaviest word); the topic's name scores the share of members naming
 * the topic times how much more they name it than the other replies do (a topic named everywhere, or by a few, does
 * not name this theme). Phrases of two or three words are preferred a little; a lone adjective never labels.
 */
function labelsIn(
  phrases: Map<string, Phrase>,
  lang: Lang,
  members: number,
  concept: TopConcept | undefined,
  place: string | undefined,
  heaviest: number,
  main: boolean,
  alike: Map<string, string[]>,
): string[] {
  if (members === 0) return [];
  const scored: Array<{ label: string; score: number }> = [];
  // A topic that is not what the members mostly talk about (see `TopConcept.holds`) gives way to their own words,
  // in their main language only (the other language's label is the topic's bridge).
  const off = concept !== undefined && !concept.holds && main;
  for (const p of phrases.values()) {
    if (p.lang !== lang || p.replies.size < Math.max(2, PHRASE_MIN_SHARE * members)) continue;
    // A word most members write as a verb ("Preserve") says what to do, not what about: other words label first.
    const verb = 2 * p.asVerb >= p.replies.size;
    if (p.words === 1 && (!loneLabel(surface(p), lang) || verb)) {
      // An English modifier members write before various nouns ("foreign investors", "foreign ownership") is said
      // with the weightiest of them, for as many members as wrote any.
      const family = lang === 'en' && !verb ? modified(phrases, p) : undefined;
      if (family && family.replies >= Math.max(2, PHRASE_MIN_SHARE * members)) {
        const weight = heaviest > 0 ? Math.min(1, family.phrase.weight / heaviest) : 0;
        scored.push({ label: surface(family.phrase), score: (family.replies / members) * weight * 1.3 });
        alike.set(surface(family.phrase), family.others.map(surface));
      }
      continue;
    }
    const weight = heaviest > 0 ? Math.min(1, p.weight / heaviest) : 0;
    // A lone French word may be an adjective ("Locales" would replace "École et éducation"): only a members'
    // phrase (a noun and its complement) outranks the topic's name there.
    const french = off && lang === 'fr' && p.words === 1 ? OFF_TOPIC_NAME : 1;
    scored.push({
      label: surface(p),
      score: (p.replies.size / members) * weight * (p.words > 1 ? 1.3 : 1) * french,
    });
  }
  if (concept) {
    const name = CONCEPTS[concept.index]![lang];
    // A place most members name makes the topic's name specific: "Roads and traffic — Elm Road".
    const label = place ? `${name} — ${place}` : name;
    // Named by one word only ("foreign"), the topic is better said in the members' words ("Foreign buyers").
    const diverse = concept.terms > 1 ? TOPIC_PREFERENCE : 1 / TOPIC_PREFERENCE;
    const holds = off ? OFF_TOPIC_NAME : 1;
    scored.push({ label, score: concept.share * Math.min(1, concept.lift / TOPIC_LIFT) * diverse * holds });
  }
  scored.sort((x, y) => y.score - x.score || (x.label < y.label ? -1 : 1));
  const topic = concept ? CONCEPTS[concept.index]![lang] : '';
  // Each one-word candidate is said more fully by a members' phrase holding it that scores half as well ("Fraude"
  // → "Fraude fiscale"), so the next candidate after a taken one reads as well as the first.
  const labels = [
    ...new Set(
      scored
        .filter((x) => x.score >= MIN_LABEL_SCORE)
        .map((x) =>
          x.label.includes(' ') || x.label === topic ? x.label : (longer(scored, x, topic) ?? x.label),
        ),
    ),
  ];
  if (labels.length > 0) return [...new Set([...fuller(scored, topic, lang), ...labels])];
  // No phrase or topic names the theme: its two heaviest words do ("Rent and tenants").
  const words = [...phrases.values()]
    .filter((p) => p.lang === lang && p.words === 1 && p.replies.size >= 2 && loneLabel(surface(p), lang))
    .sort((x, y) => y.replies.size * y.weight - x.replies.size * x.weight || (x.key < y.key ? -1 : 1))
    .slice(0, 2)
    .map(surface);
  if (words.length === 0) return scored.map((x) => x.label).slice(0, 1);
  return [
    words.length === 2 ? `${words[0]} ${lang === 'fr' ? 'et' : 'and'} ${words[1]!.toLowerCase()}` : words[0]!,
  ];
}

/**
 * A one-word winner ("Units", "Cost", "Rent") said more fully: by a members' phrase holding it that scores at least
 * half as well ("Housing units", "Cost of building materials"), else with the next word members share nearly as much
 * ("Rent and wages", in English only, where lone adjectives are known). Empty when the winner is already a phrase
 * or the topic's name.
 */
function fuller(
  scored: ReadonlyArray<{ label: string; score: number }>,
  topic: string,
  lang: Lang,
): string[] {
  const top = scored[0];
  if (!top || top.score < MIN_LABEL_SCORE || top.label === topic || top.label.includes(' ')) return [];
  const phrase = longer(scored, top, topic);
  if (phrase) return [phrase];
  const second = scored.find(
    (x) =>
      lang === 'en' &&
      x !== top &&
      x.label !== topic &&
      !x.label.includes(' ') &&
      x.score >= SECOND_WORD * top.score,
  );
  return second ? [`${top.label} and ${second.label.toLowerCase()}`] : [];
}

/** A members' phrase holding the one-word candidate `word` that scores at least FULLER_PHRASE as well, if any. */
function longer(
  scored: ReadonlyArray<{ label: string; score: number }>,
  word: { label: string; score: number },
  topic: string,
): string | undefined {
  const w = word.label.toLowerCase();
  return scored.find(
    (x) =>
      x.label !== topic &&
      x.label.includes(' ') &&
      x.score >= FULLER_PHRASE * word.score &&
      x.label
        .toLowerCase()
        .split(/[\s'’-]+/u)
        .includes(w),
  )?.label;
}

/**
 * The two-word phrases members wrote with `modifier` first and a noun after it: the most written (then the weightiest),
 * the others, and how many members wrote any of them.
 */
function modified(
  phrases: Map<string, Phrase>,
  modifier: Phrase,
): { phrase: Phrase; others: Phrase[]; replies: number } | undefined {
  let best: Phrase | undefined;
  const family: Phrase[] = [];
  const writers = new Set<number>();
  for (const p of phrases.values()) {
    if (p.words !== 2 || p.lang !== modifier.lang || !p.key.startsWith(`${modifier.key} `)) continue;
    const noun = surface(p).split(/\s+/u).at(-1) ?? '';
    if (!loneLabel(noun, p.lang)) continue;
    family.push(p);
    for (const r of p.replies) writers.add(r);
    const rank = best ? p.replies.size - best.replies.size || p.weight - best.weight : 1;
    if (!best || rank > 0 || (rank === 0 && p.key < best.key)) best = p;
  }
  return best ? { phrase: best, others: family.filter((p) => p !== best), replies: writers.size } : undefined;
}

/**
 * Whether a word alone can label a theme: not an adjective ("Affordable", "Long-term", "Locales"), and not a shell
 * noun, one that says what kind of thing without saying what ("Programs", "Options", "Mesures"): it needs its
 * complement ("Wellness programs").
 */
function loneLabel(written: string, lang: Lang): boolean {
  return !SHELL_NOUNS.has(fold(written.toLowerCase())) && !adjective(written, lang);
}

/**
 * Shell nouns (accent-free): words that only say what kind of thing is meant ("programs", "services", "mesures", and
 * for places "county", "région") and need a complement to name a topic. Alone they never label a theme, nor are
 * they what its members talk about.
 */
const SHELL_NOUNS = new Set(
  `program programs programme programmes service services facility facilities project projects solution solutions
  initiative initiatives effort efforts measure measures system systems policy policies plan plans strategy
  strategies approach approaches change changes choice choices aspect aspects matter matters infrastructure
  infrastructures activity activities development developments
  mesure mesures projet projets action actions dispositif dispositifs systeme systemes
  domaine domaines secteur secteurs proposition propositions changement changements structure
  structures aide aides activite activites county counties region regions state states province
  provinces country countries nation nations pays departement departements`.split(/\s+/u),
);

/** A name (a street, a park, a place) written by PHRASE_OVER_TOPIC of the theme's replies, as most wrote it. */
function commonPlace(a: Analysis, members: readonly Member[]): string | undefined {
  const byName = new Map<string, { replies: Set<number>; forms: Map<string, number> }>();
  for (const m of members) {
    const reply = a.replies[m.reply]!;
    for (let t = m.from; t < m.to; t++) {
      if (!reply.named[t] || (t > m.from && reply.named[t - 1])) continue;
      let end = t;
      while (end + 1 < m.to && reply.named[end + 1]) end++;
      const key = reply.tokens
        .slice(t, end + 1)
        .map((x) => fold(x.word))
        .join(' ');
      const form = reply.text.slice(reply.tokens[t]!.start, reply.tokens[end]!.end);
      let entry = byName.get(key);
      if (!entry) {
        entry = { replies: new Set(), forms: new Map() };
        byName.set(key, entry);
      }
      entry.replies.add(m.reply);
      entry.forms.set(form, (entry.forms.get(form) ?? 0) + 1);
    }
  }
  const size = new Set(members.map((m) => m.reply)).size;
  let best: { replies: Set<number>; forms: Map<string, number> } | undefined;
  for (const [key, entry] of byName) {
    // A people ("NZers", "Kentuckians", "Parisiens") is no place to make a topic specific.
    if (PEOPLE.test(key)) continue;
    if (!best || entry.replies.size > best.replies.size) best = entry;
  }
  if (!best || best.replies.size < Math.max(2, PLACE_SHARE * size)) return undefined;
  return [...best.forms].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
}

/** Endings of the names of peoples (demonyms) in English and French. */
const PEOPLE = /(?:ers|ians|ites|iens|iennes|aises|oises)$/u;

/**
 * The lexicon topic weighing most in the centroid, the share of members naming it, and its lift: that share over the
 * share of all replies naming it.
 */
interface TopConcept {
  index: number;
  share: number;
  lift: number;
  /** Distinct terms members name it by. */
  terms: number;
  /** Whether the theme's heaviest word is one of those terms. */
  holds: boolean;
  /** The words members name the topic by (accent-free). */
  words: Set<string>;
}

function topConcept(
  a: Analysis,
  centroid: Float32Array,
  members: readonly Member[],
  heaviestWord: number,
  skip = -1,
): TopConcept | undefined {
  let best = -1;
  let bestWeight = 0;
  a.space.kind.forEach((kind, f) => {
    if (kind === Kind.Concept && a.space.concept[f] !== skip && centroid[f]! > bestWeight)
      [best, bestWeight] = [a.space.concept[f]!, centroid[f]!];
  });
  if (best < 0) return undefined;
  const replies = new Set(members.map((m) => m.reply));
  let naming = 0;
  for (const r of replies) if (a.replyConcepts[r]!.includes(best)) naming++;
  let everywhere = 0;
  for (const concepts of a.replyConcepts) if (concepts.includes(best)) everywhere++;
  const share = naming / replies.size;
  const terms = new Set<string>();
  for (const r of replies) for (const term of a.replyTerms[r]!.get(best) ?? []) terms.add(term);
  const heaviestKey = heaviestWord >= 0 ? a.space.keys[heaviestWord]! : '';
  let writers = 0;
  for (const r of replies) if (a.replyVectors[r]!.idx.includes(heaviestWord)) writers++;
  const said = (w: string, key: string) => a.keyOf(w, 'en') === key || a.keyOf(w, 'fr') === key;
  const ownWord =
    heaviestWord >= 0 &&
    writers >= OWN_WORD_SHARE * replies.size &&
    !SHELL_NOUNS.has(fold(a.space.surface[heaviestWord]!)) &&
    ![...terms].some((term) => term.split(' ').some((w) => said(w, heaviestKey)));
  // A broad topic named by a narrow slice of its terms, none of them the words of its name ("overseas" and
  // "foreign" for "Trade and international affairs", "price" for "Cost of living"), is better said by the members.
  const content = (text: string) => text.split(/[\s,'’-]+/u).filter((w) => w.length > 1 && !isStopword(w));
  const nameWords = content(fold(`${CONCEPTS[best]!.en} ${CONCEPTS[best]!.fr}`));
  const termWords = [...terms].flatMap(content);
  const slice = new Set(termWords.map((w) => stem(w, 'en')));
  const named = termWords.some((w) =>
    nameWords.some((n) => stem(n, 'en') === stem(w, 'en') || stem(n, 'fr') === stem(w, 'fr')),
  );
  const holds = !ownWord && (named || slice.size > NARROW_SLICE);
  return {
    index: best,
    share,
    lift: share / Math.max(everywhere / a.replies.length, 1e-9),
    terms: terms.size,
    holds,
    words: new Set(termWords),
  };
}
