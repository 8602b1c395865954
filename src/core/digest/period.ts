/**
 * Digest periods in the organizers' timezone. A period runs from local midnight of its first day to
 * local midnight after its last day, so a week is always seven calendar days even across a DST change.
 * Dates are `YYYY-MM-DD` strings; instants are `Date`s.
 */
import { ErrorCode, VoicesError } from '../errors.js';

export interface Period {
  /** `${first day}_${day after the last}`, e.g. `2026-11-16_2026-11-23`. */
  id: string;
  /** First local day included. */
  fromDate: string;
  /** Last local day included. */
  toDate: string;
  /** Local midnight starting `fromDate`. */
  start: Date;
  /** Local midnight after `toDate` (exclusive). */
  end: Date;
  timezone: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (err) {
      throw new VoicesError(
        ErrorCode.InputInvalid,
        `unknown timezone "${timezone}"`,
        { timezone },
        { cause: err },
      );
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timezone`. */
function wallClock(
  instant: Date,
  timezone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year!,
    m: parts.month!,
    d: parts.day!,
    h: parts.hour! % 24,
    mi: parts.minute!,
    s: parts.second!,
  };
}

/** Offset of `timezone` from UTC at `instant`, in ms (positive east of Greenwich). */
function offsetMs(instant: Date, timezone: string): number {
  const w = wallClock(instant, timezone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  return asUtc - (instant.getTime() - instant.getUTCMilliseconds());
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = DATE_RE.exec(date);
  const y = Number(match?.[1]);
  const m = Number(match?.[2]);
  const d = Number(match?.[3]);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (!match || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new VoicesError(ErrorCode.InputInvalid, `not a date (YYYY-MM-DD): "${date}"`);
  }
  return { y, m, d };
}

export function isDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date of `instant` in `timezone`. */
export function localDate(instant: Date, timezone: string): string {
  const w = wallClock(instant, timezone);
  return `${w.y}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** Calendar arithmetic on `YYYY-MM-DD` (no timezone involved). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

/** The instant of local midnight starting `date` in `timezone`. */
export function localMidnight(date: string, timezone: string): Date {
  return localTime(date, 0, 0, 0, 0, timezone);
}

/** The instant of a wall-clock time on `date` in `timezone` (a time skipped by a DST change moves forward). */
export function localTime(
  date: string,
  h: number,
  mi: number,
  s: number,
  ms: number,
  timezone: string,
): Date {
  const { y, m, d } = parseDate(date);
  const guess = Date.UTC(y, m - 1, d, h, mi, s, ms);
  // Two passes settle the offset on either side of a DST change.
  let instant = guess - offsetMs(new Date(guess), timezone);
  instant = guess - offsetMs(new Date(instant), timezone);
  return new Date(instant);
}

/** The period covering local days `fromDate` … `toDate` (both included). */
export function periodOf(fromDate: string, toDate: string, timezone: string): Period {
  const endDate = addDays(toDate, 1);
  if (daysBetween(fromDate, endDate) < 1) {
    throw new VoicesError(ErrorCode.InputInvalid, `period ends before it starts: ${fromDate} → ${toDate}`);
  }
  return {
    id: `${fromDate}_${endDate}`,
    fromDate,
    toDate,
    start: localMidnight(fromDate, timezone),
    end: localMidnight(endDate, timezone),
    timezone,
  };
}

/** The `days` local days before the day of `now` (today excluded): the default digest period. */
export function periodEndingBefore(now: Date, timezone: string, days = 7): Period {
  const today = localDate(now, timezone);
  return periodOf(addDays(today, -days), addDays(today, -1), timezone);
}

/** The `count` periods of the same length just before `period`, oldest first. */
export function previousPeriods(period: Period, count: number): Period[] {
  const length = daysBetween(period.fromDate, period.toDate) + 1;
  const out: Period[] = [];
  for (let i = count; i >= 1; i--) {
    const from = addDays(period.fromDate, -length * i);
    out.push(periodOf(from, addDays(from, length - 1), period.timezone));
  }
  return out;
}
