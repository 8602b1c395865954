/**
 * A theme's keywords ("Words used"): its heaviest subject words, as members wrote them. Never a verb, a stopword, a
 * generic word or a lone adjective; a word members mostly write in one phrase is shown in it.
 */
import { type Analysis, Kind } from './features.js';
import {
  ADJECTIVE_SHAPED_NOUNS,
  labelWord,
  type Member,
  OBJECT_AFTER,
  type Phrase,
  PLAIN_ADJECTIVES,
  VERB_BEFORE,
  writtenForm,
} from './member-words.js';
import { PhraseMatcher } from './phrases.js';
import { fold, isStopword, type Lang, STOPWORDS, usualForm } from './text.js';
import { englishWordClass, frenchAdverb, frenchVerbOnly } from './word-class.js';

const MAX_KEYWORDS = 6;

/** The theme's words by weight in its centroid, heaviest first, as members wrote them. */
export function heaviestWords(a: Analysis, centroid: Float32Array): number[] {
  const order: number[] = [];
  a.space.kind.forEach((kind, f) => {
    if (kind === Kind.Word && centroid[f]! > 0) order.push(f);
  });
  return order.sort((x, y) => centroid[y]! - centroid[x]! || (a.space.keys[x]! < a.space.keys[y]! ? -1 : 1));
}

/** How many of a theme's words are weighed for its keywords: enough to fill them once verbs are left out. */
const KEYWORD_POOL = 4 * MAX_KEYWORDS;

/**
 * A keyword is written by this share of the theme's replies, or by `KEYWORD_WRITERS` of them in a large theme: a word
 * one or two members of a 20-reply theme wrote in passing ("fountain" under "Parking") is no subject of it, however
 * heavy its rarity makes it; three writers make a subject even of a 50-reply theme ("niches fiscales").
 */
const KEYWORD_MIN_SHARE = 0.15;
const KEYWORD_WRITERS = 3;

/** A word written in one phrase by this share of the members who wrote it is shown in that phrase. */
const PHRASE_SHARE = 0.5;

/**
 * The subject words members used, heaviest in the theme first, as written: never a verb ("taxer", "understand":
 * written after "to", a modal or a pronoun, taking an object, or a French verb form), a stopword or a lone adjective;
 * a word members mostly write in one phrase is shown in it ("dépenses publiques", "transition écologique").
 */
export function keywordsOf(
  a: Analysis,
  centroid: Float32Array,
  members: readonly Member[],
  ids: ReadonlyMap<string, number>,
): string[] {
  const words = heaviestWords(a, centroid).slice(0, KEYWORD_POOL);
  const wanted = new Map(words.map((f) => [a.space.keys[f]!, f]));
  const shownAs = membersForms(a, members, wanted);
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
    let inLocution: Uint8Array | undefined;
    for (let t = m.from; t < m.to; t++) {
      const f = wanted.get(a.keyOf(tokens[t]!.word, lang));
      // A word in an expression that gives it another sense is no use of it, as it names no topic there: "faire des
      // économies" under a theme on the economy, "l'avenir de nos enfants" said in passing; nor is one in a locution
      // that works as a preposition or an adverb ("en matière de", "à long terme", "in terms of").
      if (f === undefined || isStopword(tokens[t]!.word) || reply.idiom[t]) continue;
      if (!inLocution) {
        inLocution = new Uint8Array(tokens.length);
        for (const h of LOCUTIONS.match(tokens)) inLocution.fill(1, h.from, h.to);
      }
      if (inLocution[t]) continue;
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
      const asShown = tokens[t]!.folded === fold(shownAs.get(f)!);
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
        const key = `${a.keyOf(tokens[x]!.word, lang)} ${a.keyOf(tokens[y]!.word, lang)}`;
        // A phrase of the theme: both words label words, the pair itself weighing in the centroid.
        if (
          isStopword(other) ||
          !labelWord(other) ||
          verbForm(other, lang) ||
          !(centroid[ids.get(key) ?? -1]! > 0)
        )
          continue;
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
  const writers = Math.min(
    KEYWORD_WRITERS,
    Math.ceil(KEYWORD_MIN_SHARE * new Set(members.map((m) => m.reply)).size),
  );
  for (const f of words) {
    if (out.length >= MAX_KEYWORDS) break;
    const use = uses.get(f);
    const written = shownAs.get(f) ?? a.space.surface[f]!;
    if (
      !use ||
      use.replies.size < writers ||
      STOPWORDS_FOLDED.has(fold(written)) ||
      !labelWord(written) ||
      ADVERBS.has(fold(written))
    )
      continue;
    const lang: Lang = use.lang.fr > use.lang.en ? 'fr' : 'en';
    const verb = 2 * use.verb >= use.replies.size || verbForm(written, lang);
    if (verb) continue;
    const phrase = [...use.phrases.values()]
      .filter((p) => p.replies.size >= 2 && p.replies.size >= PHRASE_SHARE * use.replies.size)
      .sort((x, y) => y.replies.size - x.replies.size || (x.key < y.key ? -1 : 1))[0];
    const asWritten = nameForm(use.forms) ?? written;
    const shown = phrase
      ? phraseForm(phrase.surfaces)
      : plainlyAdjective(written, lang)
        ? undefined
        : asWritten;
    if (shown && !out.some((k) => fold(k) === fold(shown))) out.push(shown);
  }
  return out;
}

/**
 * Each wanted word in the number the theme's members mostly wrote it, in lower case: the corpus's most written form
 * may be another sense ("économies", savings, where members wrote "l'économie"). Only the singular or plural of the
 * corpus's form: a stem also joins other words of the family ("development", "developing"). Ties go to the
 * corpus's form.
 */
function membersForms(
  a: Analysis,
  members: readonly Member[],
  wanted: ReadonlyMap<string, number>,
): Map<number, string> {
  const counts = new Map<number, Map<string, number>>();
  for (const m of members) {
    const { tokens, lang } = a.replies[m.reply]!;
    for (let t = m.from; t < m.to; t++) {
      const f = wanted.get(a.keyOf(tokens[t]!.word, lang));
      if (f === undefined) continue;
      let forms = counts.get(f);
      if (!forms) {
        forms = new Map();
        counts.set(f, forms);
      }
      forms.set(tokens[t]!.word, (forms.get(tokens[t]!.word) ?? 0) + 1);
    }
  }
  const out = new Map<number, string>();
  for (const f of wanted.values()) {
    const corpus = a.space.surface[f]!.toLowerCase();
    const forms = counts.get(f);
    const singular = (w: string) => w.replace(/[sx]$/u, '');
    // Forms of the corpus's word, counted without accents ("éducation" and "education" are one).
    const folded = new Map<string, Map<string, number>>();
    for (const [form, n] of forms ?? []) {
      const key = fold(form);
      if (singular(key) !== singular(fold(corpus))) continue;
      let group = folded.get(key);
      if (!group) {
        group = new Map();
        folded.set(key, group);
      }
      group.set(form, n);
    }
    const total = (key: string) => [...(folded.get(key)?.values() ?? [])].reduce((x, y) => x + y, 0);
    let key = fold(corpus);
    for (const k of folded.keys()) if (total(k) > total(key)) key = k;
    const best = key === fold(corpus) ? corpus : usualForm(folded.get(key)!);
    out.set(f, best);
  }
  return out;
}

/**
 * A phrase as members wrote it, in lower case when some of them wrote it so: a capital some writers gave it makes
 * no name ("Historic Property" where others wrote "historic property"), as for words (`nameForm`).
 */
function phraseForm(surfaces: ReadonlyMap<string, number>): string {
  const form = usualForm(surfaces);
  const lower = [...surfaces.keys()].some((s) => fold(s) === fold(form) && !/\p{Lu}/u.test(s));
  return lower ? form.replace(/\p{L}+/gu, (w) => (/^\p{Lu}{2,}$/u.test(w) ? w : w.toLowerCase())) : form;
}

/**
 * A word that is only ever a verb form, by the dictionary ("taxer", "eliminate", "expanded"), an English irregular
 * past participle ("known", "held") or a French adverb ("rapidement").
 */
function verbForm(written: string, lang: Lang): boolean {
  const w = written.toLowerCase();
  return lang === 'fr'
    ? frenchVerbOnly(written) || frenchAdverb(w)
    : PARTICIPLE.test(w) || IRREGULAR_PARTICIPLES.has(w) || englishWordClass(written) === 'verb';
}

/**
 * English irregular past participles that are no noun ("known" in "BG will be known for…"): the dictionary lists them
 * as words of their own, without the verb's classes.
 */
const IRREGULAR_PARTICIPLES = new Set(
  `arisen awoken been beaten become begun bent bitten blown borne born bought bound brought broken built burnt caught
  chosen clung come crept dealt done drawn driven drunk dug eaten fallen fed fought found fled flown forbidden forgotten
  forgiven frozen given gone got gotten grown heard held hidden hung kept knelt known laid led lent lit made meant met
  overcome paid proven ridden risen rung said sat seen sent shaken shone shot shown shrunk slept slid sold sought
  spent spoken spun stolen stood struck stuck stung sung sunk sworn swept swum taken taught thrown told torn
  understood undertaken woken won worn woven written`.split(/\s+/u),
);

/**
 * An adjective by a form few nouns have (narrower than `adjective`, which may turn "traffic" or "family" from a label
 * when a phrase can replace it): keywords have no phrase to fall back on.
 */
function plainlyAdjective(written: string, lang: Lang): boolean {
  const w = written.toLowerCase();
  if (w.includes('-') || PLAIN_ADJECTIVES.has(fold(w))) return true;
  if (lang === 'en' && englishWordClass(w) === 'adjective') return true;
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
 * Locutions that work as a preposition, a conjunction or an adverb (French "locutions prépositives" and
 * "adverbiales", English complex prepositions), and light-verb phrases: their nouns say nothing of the subject.
 */
const LOCUTIONS = new PhraseMatcher([
  `en matiere de, en matiere d, au niveau de, au niveau du, au niveau des, au niveau d, en terme de, en termes de,
  en fonction de, en fonction du, en fonction des, en fonction d, au lieu de, au lieu du, au lieu des, au lieu d,
  a cause de, a cause du, a cause des, a cause d, grace a, grace au, grace aux, par rapport a, par rapport au,
  par rapport aux, au sein de, au sein du, au sein des, a l'egard de, a l'egard du, a l'egard des, en raison de,
  en raison du, en raison des, en raison d, a partir de, a partir du, a partir des, a partir d, au cours de,
  au cours du, au cours des, a long terme, a court terme, a moyen terme, sur le long terme, sur le court terme,
  sur le moyen terme, en cas de, en cas d, en vue de, en vue d, a la place de, a la place du, a la place des,
  au-dela de, au dela de, en face de, a cote de, au bout de, au fur et a mesure, a l'aide de, de la part de,
  de la part du, de la part des, du point de vue, de mon point de vue, a mon avis, en ce qui concerne, a propos de,
  a propos du, a propos des, a condition de, a condition que, au profit de, au profit du, au profit des,
  au detriment de, au detriment du, au detriment des, a l'instar de, en depit de, a force de, a titre de, en tant que,
  a l'echelle de, a l'echelle du, d'une part, d'autre part, par exemple, en general, en particulier, tout le monde,
  de plus en plus, de moins en moins, a la fois, en meme temps, pour le moment, a l'heure actuelle, de nos jours,
  a chaque fois, chaque fois, a tout moment, mise en place, mettre en place, mis en place, mise en oeuvre,
  mettre en oeuvre, mis en oeuvre, prendre en compte, prise en compte, pris en compte, faire face, fait face,
  in terms of, in order to, as well as, on behalf of, in spite of, because of, due to, with regard to,
  with respect to, in the long term, in the short term, in the long run, in the short run, as a result of,
  in case of, instead of, in front of, by means of, on the other hand, in the event of, in addition to,
  in favor of, in favour of, as far as, a lot of, lots of, kind of, sort of, in general, in particular,
  for example, for instance, at the same time, at the end of the day, the fact that, in place, take place,
  takes place, took place, make sure, take care of, take into account, taken into account`.split(','),
]);

/** Adverbs and pronouns the stopword lists leave out: no subject of a theme ("enfin", "les uns"). */
const ADVERBS = new Set(
  `enfin ainsi puis assez uns unes seul seule seuls seules mal ect etc ensuite sinon cependant pourtant else ever quite`.split(
    /\s+/u,
  ),
);
