/**
 * Splits a text into parts of at most `maxLength` characters, at paragraph, sentence or word
 * boundaries where possible, so a long prompt arrives readable on a platform with a small limit.
 */
export function splitMessage(text: string, maxLength: number): string[] {
  if (maxLength < 1) throw new RangeError('maxLength must be positive');
  const chars = Array.from(text);
  if (chars.length <= maxLength) return [text];
  const parts: string[] = [];
  let rest = chars;
  while (rest.length > maxLength) {
    const window = rest.slice(0, maxLength).join('');
    let cut = Math.max(window.lastIndexOf('\n'), lastSentenceEnd(window));
    if (cut < maxLength * 0.5) cut = window.lastIndexOf(' ');
    if (cut < maxLength * 0.3) cut = maxLength;
    const head = Array.from(window).slice(0, cut);
    parts.push(head.join('').trimEnd());
    rest = rest.slice(head.length);
    while (rest.length > 0 && /\s/.test(rest[0] ?? '')) rest = rest.slice(1);
  }
  if (rest.length > 0) parts.push(rest.join(''));
  return parts.filter((p) => p.length > 0);
}

function lastSentenceEnd(window: string): number {
  const match = /[.!?…](?=\s)[^.!?…]*$/u.exec(window);
  return match ? match.index + 1 : -1;
}
