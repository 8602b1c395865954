/** The lexicon's topic names in the other language, so a digest in French can name a topic English members raised. */
import { CONCEPTS } from './lexicon.js';

/**
 * `label` in `to` when it is a topic's name in `from`, alone, followed by a place ("Roads and traffic — Elm Road")
 * or by the keyword that tells it from a larger theme of the same name ("Housing (rent)"); undefined when it is
 * members' own words (those stay as written).
 */
export function translateTopicLabel(label: string, from: 'en' | 'fr', to: 'en' | 'fr'): string | undefined {
  for (const concept of CONCEPTS) {
    const name = concept[from];
    if (label === name) return concept[to];
    if (label.startsWith(`${name} — `) || label.startsWith(`${name} (`))
      return `${concept[to]}${label.slice(name.length)}`;
  }
  return undefined;
}
