/**
 * Whether a written French word can only be a verb ("taxer", "permettra", "aimerais"), from the French Hunspell
 * dictionary (`dictionary-fr`, Grammalecte's): its entries carry suffix classes, and a verb's classes conjugate it.
 * A word is a verb form when an entry's verb class makes it and no entry's noun or adjective class does ("loyer",
 * "payer"'s noun "paye" aside). Read once, when first asked.
 */
import dictionaryFr from 'dictionary-fr';
import { hunspellEntries } from '../text/hunspell.js';

interface Rule {
  strip: string;
  add: string;
  condition: RegExp;
}

interface Dictionary {
  /**
   * Each entry's flags (two characters each); a word listed twice ("être", noun and verb) has its lists joined by a
   * space.
   */
  entries: Map<string, string>;
  /** Suffix rules by the last letter of what they add ('' for none). */
  rules: Map<string, Array<Rule & { flag: string }>>;
  verbFlags: Set<string>;
}

let dictionary: Dictionary | undefined;

function load(): Dictionary {
  const entries = new Map<string, string>();
  for (const { word, flags } of hunspellEntries(dictionaryFr.dic)) {
    const before = entries.get(word);
    entries.set(word, before === undefined ? flags : `${before} ${flags}`);
  }
  const rules = new Map<string, Array<Rule & { flag: string }>>();
  const verbFlags = new Set<string>();
  for (const line of new TextDecoder().decode(dictionaryFr.aff).split('\n')) {
    const p = line.trim().split(/\s+/u);
    if (p[0] !== 'SFX' || p.length < 5) continue;
    const [, flag, stripped, added, condition] = p as [string, string, string, string, string];
    const add = added.split('/')[0] === '0' ? '' : added.split('/')[0]!;
    // A class that makes an imperfect plural ("-aient") conjugates verbs; `p+`/`q+` classes make their participles.
    if (add.endsWith('aient') || /^[pq][+.]$/u.test(flag)) verbFlags.add(flag);
    const rule = {
      flag,
      strip: stripped === '0' ? '' : stripped,
      add,
      condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u'),
    };
    const key = add.at(-1) ?? '';
    const list = rules.get(key) ?? [];
    list.push(rule);
    rules.set(key, list);
  }
  return { entries, rules, verbFlags };
}

const answers = new Map<string, boolean>();

/** Whether the French word as written (any case) is only ever a verb form: infinitive, conjugated or participle. */
export function frenchVerbOnly(written: string): boolean {
  const word = written.toLowerCase();
  let answer = answers.get(word);
  if (answer !== undefined) return answer;
  dictionary ??= load();
  const d = dictionary;
  let verb = false;
  let other = false;
  const hit = (lemma: string, flag: string | undefined) => {
    const listed = d.entries.get(lemma);
    if (listed === undefined) return;
    for (const list of listed.split(' ')) {
      const flags: string[] = list.match(/.{2}/gu) ?? [];
      if (flag === undefined) {
        if (flags.some((f) => d.verbFlags.has(f))) verb = true;
        else other = true;
      } else if (flags.includes(flag)) {
        if (d.verbFlags.has(flag)) verb = true;
        else other = true;
      }
    }
  };
  hit(word, undefined);
  for (const key of [word.at(-1) ?? '', '']) {
    for (const r of d.rules.get(key) ?? []) {
      if (!word.endsWith(r.add) || word.length <= r.add.length) continue;
      const lemma = word.slice(0, word.length - r.add.length) + r.strip;
      if (r.condition.test(lemma)) hit(lemma, r.flag);
    }
  }
  answer = verb && !other;
  answers.set(word, answer);
  return answer;
}
