/** Hunspell `.dic` files (the `dictionary-*` packages): one `word/FLAGS` a line after a count line. */
export function hunspellEntries(dic: Uint8Array): Array<{ word: string; flags: string }> {
  const entries: Array<{ word: string; flags: string }> = [];
  for (const line of new TextDecoder().decode(dic).split('\n')) {
    const slash = line.indexOf('/');
    const word = (slash === -1 ? line : line.slice(0, slash)).trim();
    if (!word || /^\d+$/.test(word)) continue;
    entries.push({ word, flags: slash === -1 ? '' : line.slice(slash + 1).trim() });
  }
  return entries;
}
