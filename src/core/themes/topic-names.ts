/** The lexicon's topic names in the other language, so a digest in French can name a topic English members raised. */
import { CONCEPTS, PARTICIPANTS } from './lexicon.js';

/** The key of the theme of replies that only say who their writer is. */
export const PARTICIPANTS_KEY = CONCEPTS[PARTICIPANTS]!.id;

/**
 * The topic `label` is the name of (its index in CONCEPTS, -1 for members' own words): the name alone, followed by a
 * place ("Roads and traffic — Elm Road") or by the keyword that tells it from a larger theme of the same name
 * ("Housing (rent)"), in `lang`, or in either language when none is given.
 */
export function namedTopic(label: string, lang?: 'en' | 'fr'): number {
  return CONCEPTS.findIndex((c) =>
    (lang ? [c[lang]] : [c.en, c.fr]).some(
      (name) => label === name || label.startsWith(`${name} — `) || label.startsWith(`${name} (`),
    ),
  );
}

/** `label` in `to` when it is a topic's name in `from` (see `namedTopic`); undefined for members' own words. */
export function translateTopicLabel(label: string, from: 'en' | 'fr', to: 'en' | 'fr'): string | undefined {
  const topic = CONCEPTS[namedTopic(label, from)];
  return topic ? `${topic[to]}${label.slice(topic[from].length)}` : undefined;
}

/** Whether a theme's key is a lexicon topic's (`housing`), rather than a seed word's. */
export function isTopicKey(key: string): boolean {
  return CONCEPTS.some((c) => c.id === key);
}

/** The index in CONCEPTS of the topic a theme's key is (`housing`), -1 for a seed word's key. */
export function topicOfKey(key: string): number {
  return CONCEPTS.findIndex((c) => c.id === key);
}
