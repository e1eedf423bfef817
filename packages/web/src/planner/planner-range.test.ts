import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startOfDay } from '../time/day-start';
import { zonedParts } from '../time/zoned';
import { visibleDays, visibleRange } from './planner-range';

// The suite runs with TZ=Pacific/Chatham: nothing here may depend on the machine's zone.
const iso = (instant: number) => new Date(instant).toISOString();

describe('the days a view shows', () => {
  it('a month grid runs from the Monday before the 1st to the Sunday after the last day', () => {
    expect(visibleDays('month', '2026-07-15')).toEqual({ firstDay: '2026-06-29', lastDay: '2026-08-02' });
  });

  it('a month starting on a Monday has no leading days', () => {
    expect(visibleDays('month', '2026-06-30')).toEqual({ firstDay: '2026-06-01', lastDay: '2026-07-05' });
  });

  it('a February that fills four weeks exactly has no leading or trailing days', () => {
    expect(visibleDays('month', '2027-02-10')).toEqual({ firstDay: '2027-02-01', lastDay: '2027-02-28' });
  });

  it('a week runs Monday to Sunday, across a year end', () => {
    expect(visibleDays('week', '2026-12-31')).toEqual({ firstDay: '2026-12-28', lastDay: '2027-01-03' });
  });

  it('the list shows the calendar month, without the neighbours', () => {
    expect(visibleDays('list', '2024-02-10')).toEqual({ firstDay: '2024-02-01', lastDay: '2024-02-29' });
  });
});

describe('the instants a view asks the API for', () => {
  it('a month grid in Rome, in summer time', () => {
    expect(visibleRange('month', '2026-07-15', 'Europe/Rome')).toEqual({
      firstDay: '2026-06-29',
      lastDay: '2026-08-02',
      from: '2026-06-28T22:00:00.000Z',
      to: '2026-08-02T22:00:00.000Z',
    });
  });

  it('a week in which Rome moves its clocks forward is an hour short of seven days', () => {
    const range = visibleRange('week', '2026-03-25', 'Europe/Rome');
    expect(range.from).toBe('2026-03-22T23:00:00.000Z');
    expect(range.to).toBe('2026-03-29T22:00:00.000Z');
  });

  it('follows the workspace zone, not the browser’s: Chatham is 13:45 ahead in its summer', () => {
    const range = visibleRange('list', '2026-01-20', 'Pacific/Chatham');
    expect(range.from).toBe('2025-12-31T10:15:00.000Z');
    expect(range.to).toBe('2026-01-31T10:15:00.000Z');
  });

  it('the end of one period is the start of the next: nothing falls between two views', () => {
    const july = visibleRange('list', '2026-07-01', 'America/New_York');
    const august = visibleRange('list', '2026-08-01', 'America/New_York');
    expect(july.to).toBe(august.from);
  });
});

describe('the start of a day in a zone', () => {
  it('is midnight on an ordinary day', () => {
    expect(iso(startOfDay('2026-07-01', 'Europe/Rome'))).toBe('2026-06-30T22:00:00.000Z');
    expect(iso(startOfDay('2026-07-01', 'UTC'))).toBe('2026-07-01T00:00:00.000Z');
    expect(iso(startOfDay('2026-07-01', 'Asia/Kathmandu'))).toBe('2026-06-30T18:15:00.000Z');
  });

  it('is the jump when summer time skips midnight (Santiago moves from 00:00 to 01:00)', () => {
    expect(iso(startOfDay('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(zonedParts(startOfDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toEqual({
      day: '2026-09-06',
      time: '01:00',
    });
  });

  it('is the first of two midnights when the clocks go back over it (Havana)', () => {
    expect(iso(startOfDay('2026-11-01', 'America/Havana'))).toBe('2026-11-01T04:00:00.000Z');
  });

  it('a day the zone skipped begins where the next one does (Samoa, 30 December 2011)', () => {
    expect(startOfDay('2011-12-30', 'Pacific/Apia')).toBe(startOfDay('2011-12-31', 'Pacific/Apia'));
    expect(iso(startOfDay('2011-12-31', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
  });

  it('reads as that day, and the minute before reads as an earlier one, in any zone', () => {
    const zones = [
      'Europe/Rome',
      'America/Santiago',
      'America/Havana',
      'America/St_Johns',
      'Pacific/Chatham',
      'Pacific/Apia',
      'Australia/Lord_Howe',
      'Asia/Tehran',
      'Africa/Casablanca',
      'UTC',
    ];
    const day = fc
      .integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2045, 0, 1) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.constantFrom(...zones), (key, zone) => {
        const start = startOfDay(key, zone);
        expect(zonedParts(start, zone).day >= key).toBe(true);
        expect(zonedParts(start - 60_000, zone).day < key).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
