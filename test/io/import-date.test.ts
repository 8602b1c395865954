/** Import dates are local dates in TIMEZONE; ISO 8601 with an offset is an instant; ambiguous forms are refused. */
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/digest/period.js';
import { parseImportDate } from '../../src/io/import-date.js';

function instant(value: string, timezone: string): Date {
  const result = parseImportDate(value, timezone);
  if (!result.ok) throw new Error(result.reason);
  return result.date;
}

describe('parseImportDate', () => {
  it.each([
    // West of UTC: a UTC-midnight reading would land on the day before.
    ['America/Toronto', '2026-11-16', '2026-11-16T05:00:00.000Z'],
    ['America/Vancouver', '2026-11-16', '2026-11-16T08:00:00.000Z'],
    // East of UTC: a UTC-midnight reading would be 9 or 13 hours into the day, and late notes the day after.
    ['Asia/Tokyo', '2026-11-16', '2026-11-15T15:00:00.000Z'],
    ['Pacific/Auckland', '2026-11-16', '2026-11-15T11:00:00.000Z'],
    // Summer time.
    ['America/Vancouver', '2026-07-01', '2026-07-01T07:00:00.000Z'],
    ['Pacific/Auckland', '2026-07-01', '2026-06-30T12:00:00.000Z'],
  ])('%s: %s is local midnight', (timezone, date, iso) => {
    const at = instant(date, timezone);
    expect(at.toISOString()).toBe(iso);
    expect(localDate(at, timezone)).toBe(date);
  });

  it('reads a date and time without an offset as local wall-clock time', () => {
    expect(instant('2026-11-16 23:30', 'America/Vancouver').toISOString()).toBe('2026-11-17T07:30:00.000Z');
    expect(instant('2026-11-16T00:15:30', 'Asia/Tokyo').toISOString()).toBe('2026-11-15T15:15:30.000Z');
    expect(localDate(instant('2026-11-16T23:59:59.5', 'Pacific/Auckland'), 'Pacific/Auckland')).toBe(
      '2026-11-16',
    );
  });

  it('takes ISO 8601 with an offset as the instant it names, whatever TIMEZONE is', () => {
    for (const tz of ['America/Vancouver', 'Asia/Tokyo']) {
      expect(instant('2026-11-16T10:00:00Z', tz).toISOString()).toBe('2026-11-16T10:00:00.000Z');
      expect(instant('2026-11-16T10:00:00-08:00', tz).toISOString()).toBe('2026-11-16T18:00:00.000Z');
      expect(instant('2026-11-16T10:00+0900', tz).toISOString()).toBe('2026-11-16T01:00:00.000Z');
    }
  });

  it.each([
    ['03/04/2026', /ambiguous/],
    ['3-4-26', /ambiguous/],
    ['16.11.2026', /ambiguous/],
    ['2026-02-30', /not a calendar date/],
    ['2026-11-16 25:00', /not a time of day/],
    ['Nov 16, 2026', /not a date/],
    ['1763251200000', /not a date/],
  ])('refuses %j', (value, reason) => {
    const result = parseImportDate(value, 'America/Toronto');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
