/** Local-time arithmetic for quiet hours, with `Intl` (no timezone database of our own). */

export interface QuietHours {
  /** Minutes after local midnight when quiet starts (e.g. 21:00 → 1260). */
  startMinute: number;
  /** Minutes after local midnight when quiet ends (e.g. 08:00 → 480). */
  endMinute: number;
}

export function parseQuietHours(spec: string): QuietHours | null {
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(spec.trim());
  if (!match) return null;
  const [sh, sm, eh, em] = match.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || eh > 23 || sm > 59 || em > 59) return null;
  return { startMinute: sh * 60 + sm, endMinute: eh * 60 + em };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localMinuteOfDay(now: Date, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export function isQuiet(now: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.startMinute === quiet.endMinute) return false;
  const m = localMinuteOfDay(now, timeZone);
  return quiet.startMinute < quiet.endMinute
    ? m >= quiet.startMinute && m < quiet.endMinute
    : m >= quiet.startMinute || m < quiet.endMinute;
}

/** The first moment at or after `now` outside quiet hours. */
export function nextAllowedTime(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet || !isQuiet(now, timeZone, quiet)) return now;
  const m = localMinuteOfDay(now, timeZone);
  const wait = (quiet.endMinute - m + 1440) % 1440;
  const candidate = new Date(
    now.getTime() + wait * 60_000 - now.getUTCSeconds() * 1000 - now.getUTCMilliseconds(),
  );
  // A DST change inside the wait can leave us an hour short; step until we are out.
  let t = candidate;
  for (let i = 0; i < 4 && isQuiet(t, timeZone, quiet); i++) t = new Date(t.getTime() + 30 * 60_000);
  return t;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
