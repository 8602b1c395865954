/**
 * What a resident's message means to the conversation, in English or French: a command (STOP,
 * HELP, DELETE, …), a yes or a no, a courtesy, or words to keep. Pure and synchronous.
 *
 * Three levels of confidence, so that a genuine answer is never acted on:
 * - a carrier keyword as the whole message ("STOP", "Arrêt.") acts exactly as carriers act;
 * - a command phrase making up a whole clause ("stop texting me please", "delete my data",
 *   "c'est quoi?") acts too;
 * - a likely command that is not certain (a typo such as "stpo", "how do I unsubscribe?", a lone
 *   🛑, a bare "STOP" inside a longer message) is asked about once ("Did you mean STOP?").
 * Everything else is what the resident has to say.
 */
import { typoDistance } from '../text/edits.js';
import type { Language } from '../types.js';
import { read } from './normalize.js';
import {
  COMMAND_PATTERNS,
  COURTESY,
  type Command,
  FILLERS,
  HOW_TO,
  KEYWORDS,
  NO,
  NUMBER_WORDS,
  YES,
} from './phrases.js';
import { keywordTypo } from './typos.js';

export type { Command } from './phrases.js';

export interface Understanding {
  /** A command the resident gave: the whole message, or one clause of it. */
  command: Command | null;
  /** The whole message is one keyword ("STOP", "aide."), acted on as carriers do. */
  exact: boolean;
  /** The command came from one clause, and the other clauses say something worth keeping. */
  withMore: boolean;
  /** A command the resident may mean but did not clearly give: ask once. */
  maybe: Command | null;
  /** A yes or a no (consent, or a confirmation), and the language its words show. */
  answer: { yes: boolean; language: Language | null } | null;
  /** Only thanks, agreement or a sign-off: nothing to keep. */
  courtesy: boolean;
  /** Enough words to be an answer in its own right (not a reply to a yes/no or group question). */
  substantive: boolean;
}

const FILLER_PATTERN = new RegExp(`(?:^| )(?:${FILLERS.join('|')})(?= |$)`, 'g');

function stripFillers(text: string): string {
  return text.replace(FILLER_PATTERN, ' ').replace(/\s+/g, ' ').trim();
}

/** The command a whole clause gives, if it is one. */
function clauseCommand(clause: string): Command | null {
  const stripped = stripFillers(clause);
  const candidates = stripped && stripped !== clause ? [clause, stripped] : [clause];
  for (const text of candidates) {
    for (const [command, pattern] of COMMAND_PATTERNS) if (pattern.test(text)) return command;
  }
  return null;
}

/** Yes or no made only of yes (or no) words and courtesy: "yes please", "oui merci", "ok I'm in". */
function yesNo(text: string): Understanding['answer'] {
  const words = text.split(' ');
  let yes = 0;
  let no = 0;
  const languages = new Set<Language>();
  // Longest phrase first at each position (up to four words).
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(4, words.length - i); n >= 1 && matched === 0; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      if (phrase in YES) {
        yes += 1;
        const language = YES[phrase];
        if (language) languages.add(language);
        matched = n;
      } else if (phrase in NO) {
        no += 1;
        const language = NO[phrase];
        if (language) languages.add(language);
        matched = n;
      } else if (FILLERS.includes(phrase)) {
        if (phrase === 'merci' || phrase === 'svp' || phrase === 'sil vous plait') languages.add('fr');
        matched = n;
      }
    }
    if (matched === 0) return null;
    i += matched;
  }
  if (yes > 0 === no > 0) return null;
  const language = languages.size === 1 ? ([...languages][0] ?? null) : null;
  return { yes: yes > 0, language };
}

/** Content words: what is left once courtesy, yes/no words and fillers are set aside. */
function contentWords(text: string): string[] {
  return stripFillers(text)
    .split(' ')
    .filter((w) => /\p{L}/u.test(w) && !(w in YES) && !(w in NO));
}

export function understand(raw: string): Understanding {
  const reading = read(raw);
  const text = reading.text;
  const none: Understanding = {
    command: null,
    exact: false,
    withMore: false,
    maybe: null,
    answer: null,
    courtesy: false,
    substantive: false,
  };

  if (text === '') {
    // Emoji or punctuation only: 👍 is a yes, 👎 a no, 🛑 probably a STOP, "?" a call for help.
    if (reading.signs.length === 1 && reading.signs[0] !== 'stop') {
      return { ...none, answer: { yes: reading.signs[0] === 'yes', language: null }, courtesy: true };
    }
    if (reading.signs.includes('stop')) return { ...none, maybe: 'stop' };
    if (/^\s*\?+\s*$/.test(raw)) return { ...none, command: 'help' };
    return { ...none, courtesy: /[\p{Extended_Pictographic}]/u.test(raw) && raw.length < 12 };
  }

  const keyword = KEYWORDS[text] ?? null;
  if (keyword) return { ...none, command: keyword, exact: true };
  // "stp" is "s'il te plaît" in French texting, and a slip for "stop": ask.
  if (text === 'stp' || text === 'stpo') return { ...none, maybe: 'stop' };

  const words = contentWords(text);
  const substantive = words.length >= 3 || (words.length === 2 && words.join('').length >= 10);
  const answer = yesNo(text) ?? (reading.signs.length === 1 ? signAnswer(reading.signs[0]) : null);

  const whole = clauseCommand(text);
  if (whole) return { ...none, command: whole, answer: null, substantive: false };

  // One clause among several: "The park is lovely. Please stop texting me."
  if (reading.clauses.length > 1) {
    for (const clause of reading.clauses) {
      const command = clauseCommand(clause);
      if (!command) continue;
      const others = reading.clauses.filter((c) => c !== clause).join(' ');
      const withMore = contentWords(others).length >= 2;
      // A bare keyword in a longer message ("Elm St. Stop. Then left") is only probably one.
      if (KEYWORDS[clause] && withMore) return { ...none, maybe: command, substantive };
      return { ...none, command, withMore, substantive: withMore };
    }
  }

  if (HOW_TO.test(stripFillers(text))) {
    const asked = /delete|erase|forget|effacer|supprimer|oublier|remove my/.test(text) ? 'delete' : 'stop';
    return { ...none, maybe: asked, substantive: false };
  }

  if (words.length <= 1 && text.split(' ').length <= 2) {
    const typo = keywordTypo(stripFillers(text) || text);
    if (typo === 'help' || typo === 'lang_en' || typo === 'lang_fr') {
      return { ...none, command: typo };
    }
    if (typo) return { ...none, maybe: typo };
  }
  if (reading.signs.includes('stop') && words.length === 0) return { ...none, maybe: 'stop' };

  const courtesy = COURTESY.test(text);
  // "happy to help", "merci, bonne journée": a yes or a thanks, however many words it takes.
  return { ...none, answer, courtesy, substantive: substantive && !courtesy && !yesNo(text) };
}

function signAnswer(sign: 'yes' | 'no' | 'stop' | undefined): Understanding['answer'] {
  if (sign === 'yes') return { yes: true, language: null };
  if (sign === 'no') return { yes: false, language: null };
  return null;
}

/** A yes at the start of a longer message: "Yes! The park needs more lights." */
export function startsWithYes(raw: string): { language: Language | null } | null {
  const reading = read(raw);
  const words = reading.words;
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ');
    if (phrase in YES && YES[phrase] !== undefined) {
      const rest = contentWords(words.slice(n).join(' '));
      if (rest.length >= 2) return { language: YES[phrase] ?? null };
    }
  }
  return null;
}

export interface GroupOptionWords {
  id: string;
  /** Labels and aliases, in any language; matched on whole words, plural or feminine forms too. */
  names: string[];
  /** Ages this group covers, when it is an age group. */
  ages?: readonly [number, number] | undefined;
}

export type GroupReading = { group: string } | { ambiguous: string[] } | null;

const GROUP_NUMBER_FILLERS = new Set(
  'number no nb num numero option choice choix the le la im i am a its cest je suis pick go with'.split(' '),
);
const SELF =
  /\b(?:im|i am|as an?|je suis|jsuis|en tant que|(?:mother|father|mom|mum|dad|parent) of|i work|je travaille)\b/;
const ONE = new Set(['one', 'un', 'une']);
const stemWord = (w: string) => (w.length > 3 ? w.replace(/(?:es|s|e|x)+$/, '') : w);

/**
 * The group a resident names: by number ("3", "#3", "three", "trois", "the third one"), by name
 * or alias ("I'm a senior", "parent of two", "je suis aînée"), or by age ("I'm 72").
 */
export function readGroup(raw: string, options: readonly GroupOptionWords[]): GroupReading {
  const text = read(raw).text;
  if (!text) return null;
  const words = text.split(' ');
  // A long message naming a group is about that group ("Young people have nowhere to go at night"),
  // unless the resident speaks of themselves ("as a mom of two, I think…").
  if (words.length > 6 && !SELF.test(text)) return null;
  const stems = words.map(stemWord);

  // Names first: "parent of two" is a parent, not option 2.
  const found = new Map<string, number>();
  for (const option of options) {
    for (const name of option.names) {
      const nameStems = read(name.replace(/\(.*?\)/g, ' '))
        .text.split(' ')
        .filter(Boolean)
        .map(stemWord);
      if (nameStems.length === 0) continue;
      for (let i = 0; i + nameStems.length <= stems.length; i++) {
        if (!nameStems.every((s, k) => stems[i + k] === s)) continue;
        // "not a senior", "pas un parent", "no longer a student"
        const before = words.slice(Math.max(0, i - 3), i).join(' ');
        if (/\b(?:not|pas|no longer|plus|never|jamais|nor|ni)\b/.test(before)) continue;
        found.set(option.id, Math.max(found.get(option.id) ?? 0, nameStems.length));
      }
    }
  }
  if (found.size === 0) {
    // One slip in a longer name word: "seniour", "studnet", "retraitee".
    for (const option of options) {
      for (const name of option.names) {
        const nameWords = read(name.replace(/\(.*?\)/g, ' ')).words;
        if (nameWords.length !== 1 || (nameWords[0] ?? '').length < 5) continue;
        const target = nameWords[0] as string;
        if (words.some((w) => w.length >= 5 && typoDistance(w, target) === 1)) found.set(option.id, 1);
      }
    }
  }
  if (found.size === 1) return { group: [...found.keys()][0] as string };
  if (found.size > 1) {
    // A longer name wins over a word inside it ("youth worker" over "youth").
    const best = Math.max(...found.values());
    const top = [...found].filter(([, n]) => n === best).map(([id]) => id);
    return top.length === 1 ? { group: top[0] as string } : { ambiguous: top };
  }

  // An age: "I'm 72", "72 years old", "j'ai 70 ans", "age 16".
  const age =
    /(?:^| )(?:im|i am|age|aged|jai|ai|agee?)? ?(\d{1,3}) ?(?:years?|yrs?|yo|ans)?(?: old)?(?: |$)/.exec(
      text,
    );
  const ageIsStated =
    /\b(?:years?|yrs?|yo|ans|age|aged|old)\b/.test(text) || /^(?:im|i am|jai|j ai) \d{2,3}$/.test(text);
  if (age && ageIsStated) {
    const years = Number(age[1]);
    const matches = options.filter((o) => o.ages && years >= o.ages[0] && years <= o.ages[1]);
    if (matches.length === 1) return { group: (matches[0] as GroupOptionWords).id };
  }

  // A number, alone or nearly: "3", "#3", "3.", "number 3", "option three", "the third one".
  const numberOf = (w: string) => (/^\d+$/.test(w) ? Number(w) : NUMBER_WORDS[w]);
  const inRange = (n: number | undefined): n is number => n !== undefined && n >= 1 && n <= options.length;
  const rest = words.filter((w) => !GROUP_NUMBER_FILLERS.has(w) && numberOf(w) === undefined);
  // "one" is a number only when no other is there: "the third one" is 3.
  let numbers = words
    .filter((w) => !ONE.has(w))
    .map(numberOf)
    .filter(inRange);
  if (numbers.length === 0) numbers = words.map(numberOf).filter(inRange);
  const unique = [...new Set(numbers)];
  if (unique.length === 1 && words.length <= 4 && rest.length <= 1) {
    const option = options[(unique[0] as number) - 1];
    if (option) return { group: option.id };
  }
  if (unique.length > 1 && words.length <= 5) {
    return { ambiguous: unique.map((n) => options[n - 1]?.id ?? '').filter(Boolean) };
  }
  return null;
}
