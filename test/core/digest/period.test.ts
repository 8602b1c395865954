import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDate,
  localMidnight,
  periodEndingBefore,
  periodOf,
  previousPeriods,
} from '../../../src/core/digest/period.js';

describe('digest periods', () => {
  it('runs from local midnight to local midnight in the organizers timezone', () => {
    const p = periodOf('2026-11-16', '2026-11-22', 'America/Toronto');
    expect(p.id).toBe('2026-11-16_2026-11-23');
    expect(p.start.toISOString()).toBe('2026-11-16T05:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it('keeps seven calendar days across a DST change (the week is an hour longer)', () => {
    const p = periodOf('2026-10-26', '2026-11-01', 'America/Toronto');
    expect(p.start.toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(localMidnight('2026-03-08', 'America/Toronto').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(localMidnight('2026-03-09', 'America/Toronto').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localMidnight('2026-03-29', 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('defaults to the seven days before today, today excluded', () => {
    // Monday 03:00 in Toronto; still Sunday 22:00 in Honolulu.
    const now = new Date('2026-11-23T08:00:00Z');
    expect(periodEndingBefore(now, 'America/Toronto').id).toBe('2026-11-16_2026-11-23');
    expect(periodEndingBefore(now, 'Pacific/Honolulu').id).toBe('2026-11-15_2026-11-22');
    expect(localDate(now, 'Asia/Tokyo')).toBe('2026-11-23');
  });

  it('lists previous periods oldest first', () => {
    const p = periodOf('2026-11-16', '2026-11-22', 'America/Toronto');
    expect(previousPeriods(p, 3).map((x) => x.id)).toEqual([
      '2026-10-26_2026-11-02',
      '2026-11-02_2026-11-09',
      '2026-11-09_2026-11-16',
    ]);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('refuses impossible dates and reversed periods', () => {
    expect(() => periodOf('2026-02-30', '2026-03-01', 'UTC')).toThrow(/not a date/);
    expect(() => periodOf('2026-03-02', '2026-03-01', 'UTC')).toThrow(/ends before/);
    expect(() => periodOf('2026-03-01', '2026-03-02', 'Mars/Olympus')).toThrow(/timezone/);
  });
});
