/** Appends `value` to the list `map` keeps for `key`, starting the list on its first value. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * SMS shorthand for function words and fillers ("bcp" beaucoup, "ds" dans, "pr" pour; "u" you, "pls" please): like
 * the stopwords they stand for, they are no features, and they tell the language.
 */
export const SHORTHAND_STOPWORDS = {
  en: 'u ur pls plz thx bc b4 idk imo imho tbh btw lol',
  fr: 'bcp ds pr qd tjrs pcq pq qq qqch qqn svp stp tt ts',
};
