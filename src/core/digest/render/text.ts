/**
 * A plain-text summary that fits two SMS segments, counted as carriers count them (GSM-7 septets or
 * UCS-2 units, after the SMS adapter's normalization). The top themes are added while they fit, and
 * labels are shortened before a theme is dropped. The result is already normalized for SMS.
 */
import { countSegments, normalizeForSms } from '../../sms/index.js';
import type { Digest, DigestTheme } from '../types.js';
import { Format, isMinorTheme } from './labels.js';

export const TEXT_SEGMENT_BUDGET = 2;
const MAX_THEMES = 4;
const SHORT_LABEL = 24;

function fits(text: string, budget: number): boolean {
  return countSegments(text).segments <= budget;
}

function shorten(label: string, max: number): string {
  const plain = label.replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function renderDigestText(digest: Digest, budget: number = TEXT_SEGMENT_BUDGET): string {
  const f = new Format(digest);
  const { t } = f;
  const p = digest.participation;
  const head = `${digest.organization}, ${f.period(false)}${t.colon}${f.replies(p.replies)}, ${f.people(p.participants)}.`;
  // Minor themes are never "top": a text this short names only themes with a section in the other renderings.
  const themes: DigestTheme[] = digest.prompts
    .flatMap((prompt) => prompt.themes)
    .filter((theme) => !isMinorTheme(theme))
    .sort((a, b) => b.replies - a.replies || a.key.localeCompare(b.key))
    .slice(0, MAX_THEMES);
  const item = (theme: DigestTheme, max: number) =>
    `${shorten(theme.label, max)} (${f.themeCount(theme)}${theme.trend === null || theme.trend === 'steady' ? '' : `, ${t.trend[theme.trend]}`})`;
  const shared = digest.commonGround[0];
  const compose = (count: number, max: number, withShared: boolean) => {
    const parts = [head];
    if (count > 0)
      parts.push(
        `${t.top}${t.colon}${themes
          .slice(0, count)
          .map((th) => item(th, max))
          .join('; ')}.`,
      );
    if (withShared && shared) parts.push(`${f.kv(t.shared, shorten(shared.label, max))}.`);
    return parts.join(' ');
  };
  for (let count = themes.length; count >= 0; count--) {
    for (const withShared of [true, false]) {
      for (const max of [60, SHORT_LABEL, 14]) {
        const text = normalizeForSms(compose(count, max, withShared));
        if (fits(text, budget)) return text;
      }
    }
  }
  // The header alone is too long only with an absurd organization name: shorten that too.
  return normalizeForSms(shorten(head, budget * 60));
}
