/**
 * What a facilitator reads of a theme: a label, keywords and quotes.
 *
 * A label is either a phrase members wrote ("Affordable housing", "Bike lanes", "Traffic on Scottsville Road"),
 * chosen for how many members wrote it and how much its words weigh in the theme, or, when no phrase covers enough
 * members, the name of the lexicon topic the theme is about ("Public transit"). Never a background word, a name alone,
 * a generic word or a placeholder. In the members' language; both when members write in both.
 */
import { COMMUNITY_WORDS, GENERIC } from './background.js';
import type { Clustering } from './cluster.js';
import { type Analysis, Kind } from './features.js';
import { CONCEPTS } from './lexicon.js';
import { fold, isStopword, type Lang, STOPWORDS, sentenceAround, stem, usualForm } from './text.js';
import { frenchVerbOnly } from './word-class.js';

/** A reply in a theme, whole (its own theme) or by one claim (another theme a claim of it fits). */
export interface Member {
  reply: number;
  /** Tokens and text span of the part that placed it here. */
  from: number;
  to: number;
  start: number;
  end: number;
  sim: number;
}

export interface Description {
  /** Label candidates per language, best first (the caller keeps labels distinct across themes). */
  candidates: { en: string[]; fr: string[] };
  keywords: string[];
  /** Quotes for the labels the theme was given (the caller picks them among the candidates). */
  quotes: (labels: {
    en?: string | undefined;
    fr?: string | undefined;
  }) => Array<{ replyId: string; text: string }>;
  /** Identity: the lexicon topic, else the theme's two heaviest words. */
  key: string;
  languages: { en: number; fr: number };
}

const MAX_QUOTES = 3;
const MAX_KEYWORDS = 6;
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
/** A phrase must be written by this share of the theme's replies to label it at all (and by two of them). */
const PHRASE_MIN_SHARE = 0.15;
/** Quotes sharing this share of their words are near-duplicates: one is enough. */
const NEAR_DUPLICATE = 0.5;
/** A carried theme's topic name stays while at least this share of its replies name the topic. */
const CARRIED_NAME_SHARE = 0.25;
/** A quote longer than this shows only the claim that placed it in the theme. */
const MAX_QUOTE_CHARS = 240;

interface Phrase {
  key: string;
  /** Written forms and how often. */
  surfaces: Map<string, number>;
  replies: Set<number>;
  weight: number;
  words: number;
  lang: Lang;
  /**
   * Replies where it follows "to", a modal or a pronoun, or (one English word) takes an object: written as a verb
   * ("to preserve", "we should preserve", "connecting the parks").
   */
  asVerb: number;
}

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
  const holdsSeed = seedWord >= 0 && namedWords.some((w) => stem(w, seedLang) === a.space.keys[seedWord]);
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
  const candidates = {
    en: labelsIn(phrases, 'en', languages.en, concept, place, heaviest, languages.en >= languages.fr),
    fr: labelsIn(phrases, 'fr', languages.fr, concept, place, heaviest, languages.fr > languages.en),
  };
  const keywords = keywordsOf(a, centroid, members, ids);
  const seed = c.seeds[theme]!;
  // A theme carried over from a previous run keeps its name first, so it reads the same from week to week, unless
  // the name is a topic its replies no longer name (a week-1 "Europe" theme whose replies are now about business).
  for (const lang of ['en', 'fr'] as const) {
    const carried = seed.carried?.labels[lang];
    if (!carried || (namingShare(a, carried, replies) ?? 1) < CARRIED_NAME_SHARE) continue;
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
    keywords,
    quotes: (labels) => quotesOf(a, members, phrases, labels, centroid, weightOf, concept?.index ?? -1),
    key,
    languages,
  };
}

/** Share of the replies naming the topic a label is the name of (before any " — place"), or undefined. */
function namingShare(a: Analysis, label: string, replies: ReadonlySet<number>): number | undefined {
  const name = label.split(' — ')[0]!.trim();
  const index = CONCEPTS.findIndex((c) => c.en === name || c.fr === name);
  if (index < 0 || replies.size === 0) return undefined;
  let naming = 0;
  for (const r of replies) if (a.replyConcepts[r]!.includes(index)) naming++;
  return naming / replies.size;
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
 * and how many members wrote any of them.
 */
function modified(
  phrases: Map<string, Phrase>,
  modifier: Phrase,
): { phrase: Phrase; replies: number } | undefined {
  let best: Phrase | undefined;
  const writers = new Set<number>();
  for (const p of phrases.values()) {
    if (p.words !== 2 || p.lang !== modifier.lang || !p.key.startsWith(`${modifier.key} `)) continue;
    const noun = surface(p).split(/\s+/u).at(-1) ?? '';
    if (!loneLabel(noun, p.lang)) continue;
    for (const r of p.replies) writers.add(r);
    const rank = best ? p.replies.size - best.replies.size || p.weight - best.weight : 1;
    if (!best || rank > 0 || (rank === 0 && p.key < best.key)) best = p;
  }
  return best ? { phrase: best, replies: writers.size } : undefined;
}

/**
 * Whether a word alone can label a theme: not an adjective ("Affordable", "Long-term", "Locales"), and not a shell
 * noun, one that says what kind of thing without saying what ("Programs", "Options", "Mesures"): it needs its
 * complement ("Wellness programs").
 */
function loneLabel(written: string, lang: Lang): boolean {
  return !SHELL_NOUNS.has(fold(written.toLowerCase())) && !adjective(written, lang);
}

/** A modifier by its form: hyphenated ("long-term", "non-polluants"), a plain adjective, or an adjective's ending. */
function adjective(written: string, lang: Lang): boolean {
  const w = written.toLowerCase();
  if (w.includes('-') || PLAIN_ADJECTIVES.has(fold(w))) return true;
  const ending =
    lang === 'fr'
      ? /(?:ique|iques|if|ifs|ive|ives|el|elle|els|elles|al|ale|ales|aux|eux|euse|euses|able|ables|ible|ibles|aire|aires)$/u
      : /(?:able|ible|al|ful|ous|ive|ic|ish|less|ly|ed)$/u;
  return ending.test(w) && !ADJECTIVE_SHAPED_NOUNS.has(fold(w));
}

/** Common adjectives no ending shows. */
const PLAIN_ADJECTIVES = new Set(
  `foreign overseas public private free cheap safe safer clean green young elderly rural urban main major minor
  poor rich wealthy fair unfair fresh full empty open closed strong weak low high short tall wide narrow dear
  short-term long-term vacant affordable unaffordable prive privee publique libre gratuit gratuite jeune
  riche pauvre cher chere chers cheres propre vert verte verts vertes different differente differents differentes
  divers diverses nombreux nombreuse nombreuses`.split(/\s+/u),
);

/** Nouns that look like adjectives and do name topics. */
const ADJECTIVE_SHAPED_NOUNS = new Set(
  `rental rentals festival festivals hospital hospitals arrival approval renewal capital disposal proposal
  professional professionals animal animals terminal hopital hopitaux journal journaux canal canaux tribunal
  tribunaux salaire salaires fonctionnaire fonctionnaires proprietaire proprietaires locataire locataires
  retraite retraites politique musique technique numerique republique fiscalite`.split(/\s+/u),
);

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

/** The form members wrote it in (see `usualForm`), lowercase but for names, with a capital first letter. */
function surface(p: Phrase): string {
  const best = usualForm(p.surfaces);
  return best.charAt(0).toUpperCase() + best.slice(1);
}

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
  const said = (w: string, key: string) => stem(w, 'en') === key || stem(w, 'fr') === key;
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

/** The theme's words by weight in its centroid, heaviest first, as members wrote them. */
function heaviestWords(a: Analysis, centroid: Float32Array): number[] {
  const order: number[] = [];
  a.space.kind.forEach((kind, f) => {
    if (kind === Kind.Word && centroid[f]! > 0) order.push(f);
  });
  return order.sort((x, y) => centroid[y]! - centroid[x]! || (a.space.keys[x]! < a.space.keys[y]! ? -1 : 1));
}

/** How many of a theme's words are weighed for its keywords: enough to fill them once verbs are left out. */
const KEYWORD_POOL = 4 * MAX_KEYWORDS;
/** A word written in one phrase by this share of the members who wrote it is shown in that phrase. */
const PHRASE_SHARE = 0.5;

/**
 * The subject words members used, heaviest in the theme first, as written: never a verb ("taxer", "understand":
 * written after "to", a modal or a pronoun, taking an object, or a French verb form), a stopword or a lone adjective;
 * a word members mostly write in one phrase is shown in it ("dépenses publiques", "transition écologique").
 */
function keywordsOf(
  a: Analysis,
  centroid: Float32Array,
  members: readonly Member[],
  ids: ReadonlyMap<string, number>,
): string[] {
  const words = heaviestWords(a, centroid).slice(0, KEYWORD_POOL);
  const wanted = new Map(words.map((f) => [a.space.keys[f]!, f]));
  const uses = new Map<
    number,
    {
      replies: Set<number>;
      verb: number;
      lang: { en: number; fr: number };
      phrases: Map<string, Phrase>;
      /** How members wrote the word, with its case ("Kentucky", "WKU"; lower case at a sentence's start). */
      forms: Map<string, number>;
    }
  >();
  const seen = new Set<string>();
  for (const m of members) {
    const reply = a.replies[m.reply]!;
    const { tokens, text, lang } = reply;
    for (let t = m.from; t < m.to; t++) {
      const f = wanted.get(stem(tokens[t]!.word, lang));
      if (f === undefined || isStopword(tokens[t]!.word)) continue;
      const once = `${m.reply}:${t}`;
      if (seen.has(once)) continue;
      seen.add(once);
      let use = uses.get(f);
      if (!use) {
        use = { replies: new Set(), verb: 0, lang: { en: 0, fr: 0 }, phrases: new Map(), forms: new Map() };
        uses.set(f, use);
      }
      if (use.replies.has(m.reply)) continue;
      use.replies.add(m.reply);
      use.lang[lang]++;
      const next = tokens[t + 1];
      const joined = (x: number) => !/[^\s'’-]/u.test(text.slice(tokens[x]!.end, tokens[x + 1]!.start));
      const asShown = tokens[t]!.folded === fold(a.space.surface[f]!.toLowerCase());
      const form = writtenWord(text, tokens[t]!, opensSentence(text, tokens, t, m.from));
      if (asShown) use.forms.set(form, (use.forms.get(form) ?? 0) + 1);
      // Only the form shown tells: "rent" is a noun though members also wrote "rented"; and a name is no verb
      // ("a train to Louisville").
      if (
        asShown &&
        !/^\p{Lu}/u.test(form) &&
        ((t > m.from && VERB_BEFORE[lang].has(tokens[t - 1]!.word)) ||
          (lang === 'en' && next && t + 1 < m.to && OBJECT_AFTER.has(next.word) && joined(t)))
      )
        use.verb++;
      // The phrase it is written in: a neighbouring word of the theme, nothing but a space or hyphen between.
      for (const [x, y] of [
        [t - 1, t],
        [t, t + 1],
      ] as const) {
        // An English possessive ("downtown's parking") joins two phrases, not one.
        if (
          x < m.from ||
          y >= m.to ||
          !joined(x) ||
          /['’]/u.test(text.slice(tokens[x]!.end, tokens[y]!.start)) ||
          /['’]s$/iu.test(text.slice(tokens[x]!.start, tokens[x]!.end))
        )
          continue;
        const other = tokens[x === t ? y : x]!.word;
        const key = `${stem(tokens[x]!.word, lang)} ${stem(tokens[y]!.word, lang)}`;
        // A phrase of the theme: both words label words, the pair itself weighing in the centroid.
        if (isStopword(other) || !labelWord(other) || !(centroid[ids.get(key) ?? -1]! > 0)) continue;
        let p = use.phrases.get(key);
        if (!p) {
          p = { key, surfaces: new Map(), replies: new Set(), weight: 0, words: 2, lang, asVerb: 0 };
          use.phrases.set(key, p);
        }
        p.replies.add(m.reply);
        const written = writtenForm(text, [tokens[x]!, tokens[y]!], opensSentence(text, tokens, x, m.from));
        p.surfaces.set(written, (p.surfaces.get(written) ?? 0) + 1);
      }
    }
  }
  const out: string[] = [];
  for (const f of words) {
    if (out.length >= MAX_KEYWORDS) break;
    const use = uses.get(f);
    const written = a.space.surface[f]!;
    if (!use || STOPWORDS_FOLDED.has(fold(written)) || !labelWord(written) || ADVERBS.has(fold(written)))
      continue;
    const lang: Lang = use.lang.fr > use.lang.en ? 'fr' : 'en';
    const verb =
      2 * use.verb >= use.replies.size ||
      (lang === 'fr' ? frenchVerbOnly(written) : PARTICIPLE.test(written.toLowerCase()));
    if (verb) continue;
    const phrase = [...use.phrases.values()]
      .filter((p) => p.replies.size >= 2 && p.replies.size >= PHRASE_SHARE * use.replies.size)
      .sort((x, y) => y.replies.size - x.replies.size || (x.key < y.key ? -1 : 1))[0];
    const asWritten = nameForm(use.forms) ?? written;
    const shown = phrase
      ? usualForm(phrase.surfaces)
      : plainlyAdjective(written, lang)
        ? undefined
        : asWritten;
    if (shown && !out.some((k) => fold(k) === fold(shown))) out.push(shown);
  }
  return out;
}

/**
 * An adjective by a form few nouns have (narrower than `adjective`, which may turn "traffic" or "family" from a label
 * when a phrase can replace it): keywords have no phrase to fall back on.
 */
function plainlyAdjective(written: string, lang: Lang): boolean {
  const w = written.toLowerCase();
  if (w.includes('-') || PLAIN_ADJECTIVES.has(fold(w))) return true;
  const ending =
    lang === 'fr'
      ? /(?:ique|iques|al|ale|ales|elle|elles|euse|euses|able|ables|ible|ibles|ive|ives)$/u
      : /(?:able|ible|ful|ous|less|ish)$/u;
  return ending.test(w) && !ADJECTIVE_SHAPED_NOUNS.has(fold(w));
}

/**
 * A word as written, without the elision or possessive its token holds ("l'École" → "école", "downtown's" →
 * "downtown"): lowercase unless capitalised inside a sentence (a name) or written in capitals (an acronym).
 */
function writtenWord(
  text: string,
  token: { word: string; start: number; end: number },
  opens: boolean,
): string {
  const raw = text.slice(token.start, token.end);
  const at = raw.toLowerCase().indexOf(token.word);
  const word = at < 0 ? token.word : raw.slice(at, at + token.word.length);
  const acronym = /^\p{Lu}{2,}$/u.test(word);
  return /^\p{Lu}/u.test(word) && (acronym || !opens) ? word : word.toLowerCase();
}

/**
 * How members write a name ("Kentucky", "WKU", "NZers"): a word every one of them capitalised, in its most written
 * form; none when some wrote it in lower case ("Government or Council" is no name) or a long word all in capitals
 * (shouting: "IMMIGRATION").
 */
function nameForm(forms: ReadonlyMap<string, number>): string | undefined {
  const written = [...forms.keys()];
  const name = (w: string) => /^\p{Lu}/u.test(w) && (w.length <= 5 || w !== w.toUpperCase());
  if (written.length === 0 || !written.every(name)) return undefined;
  return [...forms].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
}

/** An English past participle ("required", "proposed"): a verb form, not a subject. */
const PARTICIPLE = /^\p{L}{2,}[^e]ed$/u;

/** Whether token `t` opens the claim or a sentence in it (its capital is then no sign of a name). */
function opensSentence(
  text: string,
  tokens: ReadonlyArray<{ start: number; end: number }>,
  t: number,
  from: number,
): boolean {
  return t === from || /[.!?:;]\s*$/u.test(text.slice(tokens[t - 1]!.end, tokens[t]!.start));
}

/** Stopwords without accents, for words written without them ("etre"). */
const STOPWORDS_FOLDED = new Set([...STOPWORDS.en, ...STOPWORDS.fr].map(fold));

/**
 * Phrases of one to four words members wrote: they open and close on a label word (see `labelWord`), may hold
 * stopwords inside ("transports en commun", "traffic on Scottsville Road"), never cross punctuation, and need one
 * word that weighs in the theme. Names count as label words only beside such a word.
 */
function collectPhrases(
  a: Analysis,
  members: readonly Member[],
  weightOf: (key: string) => number,
): Map<string, Phrase> {
  const phrases = new Map<string, Phrase>();
  for (const m of members) {
    const reply = a.replies[m.reply]!;
    const { tokens, text, lang } = reply;
    for (let s = m.from; s < m.to; s++) {
      if (!labelWord(tokens[s]!.word)) continue;
      let weight = 0;
      let words = 0;
      let named = 0;
      const isName = (t: number) => reply.named[t] === 1;
      for (let e = s; e < Math.min(m.to, s + 4); e++) {
        const token = tokens[e]!;
        if (e > s && /[^\s'’-]/u.test(text.slice(tokens[e - 1]!.end, token.start))) break;
        if (!isStopword(token.word)) {
          if (!labelWord(token.word)) break;
          const w = weightOf(stem(token.word, lang));
          weight += w;
          words++;
          if (w <= 0 || isName(e)) named++;
          if (e > s) weight += weightOf(`${stem(tokens[e - 1]!.word, lang)} ${stem(token.word, lang)}`);
        }
        if (isStopword(token.word) || weight <= 0 || named === words) continue;
        const key = tokens
          .slice(s, e + 1)
          .map((t) => stem(t.word, lang))
          .join(' ');
        let p = phrases.get(key);
        if (!p) {
          p = {
            key,
            surfaces: new Map(),
            replies: new Set(),
            weight: weight / Math.sqrt(words),
            words,
            lang,
            asVerb: 0,
          };
          phrases.set(key, p);
        }
        if (!p.replies.has(m.reply)) {
          p.replies.add(m.reply);
          if (
            (s > m.from && VERB_BEFORE[lang].has(tokens[s - 1]!.word)) ||
            (e === s &&
              e + 1 < m.to &&
              lang === 'en' &&
              OBJECT_AFTER.has(tokens[e + 1]!.word) &&
              !/\S/u.test(text.slice(token.end, tokens[e + 1]!.start)))
          )
            p.asVerb++;
          const written = writtenForm(text, tokens.slice(s, e + 1), s === m.from);
          p.surfaces.set(written, (p.surfaces.get(written) ?? 0) + 1);
        }
      }
    }
  }
  return phrases;
}

/** The phrase as written, lowercased except for words capitalised inside a sentence (names). */
function writtenForm(
  text: string,
  tokens: ReadonlyArray<{ start: number; end: number; capital: boolean }>,
  opens: boolean,
): string {
  let out = '';
  tokens.forEach((t, i) => {
    if (i > 0) out += text.slice(tokens[i - 1]!.end, t.start).replace(/\s+/gu, ' ');
    const word = text.slice(t.start, t.end);
    const acronym = /^\p{Lu}{2,}$/u.test(word);
    out += t.capital && (acronym || !(i === 0 && opens)) ? word : word.toLowerCase();
  });
  return out;
}

/**
 * A word that may open or close a label: no stopword, preposition, generic word, community word, placeholder or
 * number.
 */
function labelWord(word: string): boolean {
  const f = fold(word);
  return (
    !isStopword(word) &&
    !PREPOSITIONS.has(f) &&
    !GENERIC.has(f) &&
    !COMMUNITY_WORDS.has(f) &&
    /\p{L}{2}/u.test(word)
  );
}

/** Prepositions the stopword lists leave out: a label neither opens nor closes on them ("Throughout Warren"). */
const PREPOSITIONS = new Set(
  `throughout along alongside among amongst beyond toward towards near nearby onto despite versus besides beside
  underneath beneath inside outside till unlike regarding concerning including excluding plus minus vers parmi
  malgre pendant selon envers hormis durant apres derriere devant dessous dessus sous concernant`.split(
    /\s+/u,
  ),
);

/** Adverbs and pronouns the stopword lists leave out: no subject of a theme ("enfin", "les uns"). */
const ADVERBS = new Set(
  `enfin ainsi puis assez uns unes seul seule seuls seules mal ect etc ensuite sinon cependant pourtant else ever quite`.split(
    /\s+/u,
  ),
);

/** English words that open a verb's object: a word followed by one is a verb ("connecting it", "developing the county"). */
const OBJECT_AFTER = new Set(
  'the a an our their its his her this that these those my your every each all it them us me him'.split(' '),
);

/** Words after which the next one is a verb: "to", modals, subject pronouns ("to preserve", "we must protect"). */
const VERB_BEFORE: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    `to should must will would can could may might shall let's lets we they i you please don't dont never not`.split(
      /\s+/u,
    ),
  ),
  fr: new Set(
    `faut faudrait doit doivent devrait devraient peut peuvent pourrait pourraient veux voudrais`.split(
      /\s+/u,
    ),
  ),
};

/**
 * Most central members that say what the label says (they wrote its phrase, or are about the topic it names), one per reply,
 * near-duplicates skipped; then other central members if fewer than three do.
 */
function quotesOf(
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
  // Labelled by its topic's name, a theme is shown by members who are about that topic (it is what they name most).
  if (concept >= 0) {
    const names = [CONCEPTS[concept]!.en, CONCEPTS[concept]!.fr];
    if ([...labels].some((l) => names.some((n) => l === n || l.startsWith(`${n} — `))))
      for (const m of members) if (a.replyConcepts[m.reply]!.includes(concept)) writers.add(m.reply);
  }
  const aboutLabel = (m: Member) => (writers.size === 0 || writers.has(m.reply) ? 1 : 0);
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
  const order = [...members].sort((x, y) => {
    const [sx, sy] = [shown.get(x)!, shown.get(y)!];
    return (
      Number(sy.onTheme) - Number(sx.onTheme) ||
      aboutLabel(y) - aboutLabel(x) ||
      readable(sy) - readable(sx) ||
      x.reply - y.reply
    );
  });
  const quotes: Array<{ replyId: string; text: string }> = [];
  const taken: Array<Set<string>> = [];
  const used = new Set<number>();
  for (const m of order) {
    if (quotes.length >= MAX_QUOTES) break;
    if (used.has(m.reply)) continue;
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
