import { readFileSync } from 'node:fs';
import dictionaryEn from 'dictionary-en';
import dictionaryFr from 'dictionary-fr';
import { lexicon } from '../../src/core/privacy/scrub/lexicon.js';

const lex = lexicon();
const cap = new Set<string>();
for (const d of [dictionaryEn, dictionaryFr])
  for (const line of new TextDecoder().decode(d.dic).split('\n')) {
    const w = line.split('/')[0]!.trim();
    if (w && w !== w.toLowerCase()) cap.add(w.toLowerCase());
  }
const c = [...lex.first].filter((n) => lex.common.has(n));
console.log('kept common:', c.filter((n) => !cap.has(n)).join(' '));
console.log('removed:', c.filter((n) => cap.has(n)).join(' '));
