/**
 * The words of a theme's members as a facilitator reads them: the phrases they wrote (one to four words opening and
 * closing on a word that can name something), how they wrote them, and which of their words are verbs, adjectives or
 * prepositions by their form and neighbours. Labels, keywords and quotes are all read from these.
 */
import { COMMUNITY_WORDS, GENERIC } from './background.js';
import type { Analysis } from './features.js';
import { fold, isStopword, type Lang, usualForm } from './text.js';

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

export interface Phrase {
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

/** A modifier by its form: hyphenated ("long-term", "non-polluants"), a plain adjective, or an adjective's ending. */
export function adjective(written: string, lang: Lang): boolean {
  const w = written.toLowerCase();
  if (w.includes('-') || PLAIN_ADJECTIVES.has(fold(w))) return true;
  const ending =
    lang === 'fr'
      ? /(?:ique|iques|if|ifs|ive|ives|el|elle|els|elles|al|ale|ales|aux|eux|euse|euses|able|ables|ible|ibles|aire|aires)$/u
      : /(?:able|ible|al|ful|ous|ive|ic|ish|less|ly|ed)$/u;
  return ending.test(w) && !ADJECTIVE_SHAPED_NOUNS.has(fold(w));
}

/** Common adjectives no ending shows. */
export const PLAIN_ADJECTIVES = new Set(
  `foreign overseas public private free cheap safe safer clean green young elderly rural urban main major minor
  poor rich wealthy fair unfair fresh full empty open closed strong weak low high short tall wide narrow dear
  short-term long-term vacant affordable unaffordable prive privee publique libre gratuit gratuite jeune
  riche pauvre cher chere chers cheres propre vert verte verts vertes different differente differents differentes
  divers diverses nombreux nombreuse nombreuses`.split(/\s+/u),
);

/** Nouns that look like adjectives and do name topics. */
export const ADJECTIVE_SHAPED_NOUNS = new Set(
  `rental rentals festival festivals hospital hospitals arrival approval renewal capital disposal proposal
  professional professionals animal animals terminal hopital hopitaux journal journaux canal canaux tribunal
  tribunaux salaire salaires fonctionnaire fonctionnaires proprietaire proprietaires locataire locataires
  retraite retraites politique musique technique numerique republique fiscalite`.split(/\s+/u),
);

/** The form members wrote it in (see `usualForm`), lowercase but for names, with a capital first letter. */
export function surface(p: Phrase): string {
  const best = usualForm(p.surfaces);
  return best.charAt(0).toUpperCase() + best.slice(1);
}

/**
 * Phrases of one to four words members wrote: they open and close on a label word (see `labelWord`), may hold
 * stopwords inside ("transports en commun", "traffic on Scottsville Road"), never cross punctuation, and need one
 * word that weighs in the theme. Names count as label words only beside such a word.
 */
export function collectPhrases(
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
          const w = weightOf(a.keyOf(token.word, lang));
          weight += w;
          words++;
          if (w <= 0 || isName(e)) named++;
          if (e > s) weight += weightOf(`${a.keyOf(tokens[e - 1]!.word, lang)} ${a.keyOf(token.word, lang)}`);
        }
        if (isStopword(token.word) || weight <= 0 || named === words) continue;
        const key = tokens
          .slice(s, e + 1)
          .map((t) => a.keyOf(t.word, lang))
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
export function writtenForm(
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
export function labelWord(word: string): boolean {
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

/** English words that open a verb's object: a word followed by one is a verb ("connecting it", "developing the county"). */
export const OBJECT_AFTER = new Set(
  'the a an our their its his her this that these those my your every each all it them us me him'.split(' '),
);

/** Words after which the next one is a verb: "to", modals, subject pronouns ("to preserve", "we must protect"). */
export const VERB_BEFORE: Record<Lang, ReadonlySet<string>> = {
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
