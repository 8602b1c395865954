/**
 * Dates in imported files. A note dated 2026-11-16 was written on the 16th where the organization is, so a date
 * (or a date and time) without an offset is a local wall-clock time in TIMEZONE; an ISO 8601 time with an offset
 * (`Z`, `+02:00`) is an instant. Anything else is refused: "03/04/2026" is March 4 in Toronto and April 3 in
 * Montréal's French spreadsheets, so no guess is safe.
 */
import { isDate, localTime } from '../core/digest/period.js';

export type ImportDate = { ok: true; date: Date } | { ok: false; reason: string };

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/u;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/iu;
const SLASHED = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/u;

export function parseImportDate(value: string, timezone: string): ImportDate {
  const text = value.trim();
  const local = LOCAL.exec(text);
  if (local) {
    const [, day = '', h, mi, s, fraction] = local;
    if (!isDate(day)) return { ok: false, reason: `"${text}" is not a calendar date` };
    const hours = Number(h ?? 0);
    const minutes = Number(mi ?? 0);
    const seconds = Number(s ?? 0);
    if (hours > 23 || minutes > 59 || seconds > 59)
      return { ok: false, reason: `"${text}" is not a time of day` };
    const ms = Math.floor(Number(`0.${fraction ?? '0'}`) * 1000);
    return { ok: true, date: localTime(day, hours, minutes, seconds, ms, timezone) };
  }
  if (WITH_OFFSET.test(text)) {
    const instant = new Date(text.replace(/([+-]\d{2})(\d{2})$/u, '$1:$2'));
    if (!Number.isNaN(instant.getTime()) && isDate(text.slice(0, 10))) return { ok: true, date: instant };
    return { ok: false, reason: `"${text}" is not a valid ISO 8601 time` };
  }
  if (SLASHED.test(text))
    return {
      ok: false,
      reason: `"${text}" is ambiguous (day or month first?); use YYYY-MM-DD or ISO 8601 with an offset`,
    };
  return { ok: false, reason: `"${text}" is not a date; use YYYY-MM-DD or ISO 8601 with an offset` };
}
