import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLocal } from '../../src/time/index';
import {
  expectInvalid,
  HOUR,
  MINUTE,
  reading,
  render,
  CLOCK_CHANGES as transitionDays,
  utc,
  ZONES,
} from './render';

describe('resolveLocal', () => {
  it('runs under an odd process zone, so leaning on it would show (STYLE.md §5)', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('Pacific/Chatham');
  });

  // Expected instants are written by hand from the tz database rules: EU last Sunday of March
  // and October at 01:00 UTC; US second Sunday of March and first of November at 02:00 local;
  // New South Wales first Sunday of October and of April; Chatham last Sunday of September at
  // 02:45 standard time; Lord Howe moves by half an hour at 02:00.
  it.each([
    ['an ordinary winter morning', '2026-01-15T09:30', 'Europe/Rome', '2026-01-15T08:30:00Z'],
    ['an ordinary summer morning', '2026-07-15T09:30', 'Europe/Rome', '2026-07-15T07:30:00Z'],
    [
      'the gap on 2026-03-29 to the first valid minute',
      '2026-03-29T02:30',
      'Europe/Rome',
      '2026-03-29T01:00:00Z',
    ],
    ['the very start of the gap', '2026-03-29T02:00', 'Europe/Rome', '2026-03-29T01:00:00Z'],
    ['the minute after the gap', '2026-03-29T03:01', 'Europe/Rome', '2026-03-29T01:01:00Z'],
    [
      'the twice-read 02:30 of 2026-10-25 to the earlier',
      '2026-10-25T02:30',
      'Europe/Rome',
      '2026-10-25T00:30:00Z',
    ],
    ['02:00 on 2026-10-25, also twice read', '2026-10-25T02:00', 'Europe/Rome', '2026-10-25T00:00:00Z'],
    ['03:00 on 2026-10-25, read once', '2026-10-25T03:00', 'Europe/Rome', '2026-10-25T02:00:00Z'],
    ['the 2027 gap', '2027-03-28T02:30', 'Europe/Rome', '2027-03-28T01:00:00Z'],
    ['the 2027 fall back', '2027-10-31T02:30', 'Europe/Rome', '2027-10-31T00:30:00Z'],
    ['the New York gap', '2026-03-08T02:30', 'America/New_York', '2026-03-08T07:00:00Z'],
    ['the twice-read 01:30 in New York', '2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00Z'],
    [
      '02:30 after New York fell back, read once',
      '2026-11-01T02:30',
      'America/New_York',
      '2026-11-01T07:30:00Z',
    ],
    ['the 2027 New York gap', '2027-03-14T02:30', 'America/New_York', '2027-03-14T07:00:00Z'],
    ['the 2027 New York fall back', '2027-11-07T01:30', 'America/New_York', '2027-11-07T05:30:00Z'],
    ['the Sydney gap in October', '2026-10-04T02:30', 'Australia/Sydney', '2026-10-03T16:00:00Z'],
    [
      'the twice-read 02:30 in Sydney in April',
      '2026-04-05T02:30',
      'Australia/Sydney',
      '2026-04-04T15:30:00Z',
    ],
    ['the 2027 Sydney gap', '2027-10-03T02:30', 'Australia/Sydney', '2027-10-02T16:00:00Z'],
    ['the 2027 Sydney fall back', '2027-04-04T02:30', 'Australia/Sydney', '2027-04-03T15:30:00Z'],
    ['the Chatham gap, 02:45 to 03:45', '2026-09-27T03:00', 'Pacific/Chatham', '2026-09-26T14:00:00Z'],
    ['the Lord Howe half-hour gap', '2026-10-04T02:15', 'Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ['the Lord Howe half-hour overlap', '2026-04-05T01:45', 'Australia/Lord_Howe', '2026-04-04T14:45:00Z'],
    [
      'a day Samoa skipped (2011-12-30) to the next midnight',
      '2011-12-30T09:00',
      'Pacific/Apia',
      '2011-12-30T10:00:00Z',
    ],
    [
      'seconds inside a gap, to the whole minute after',
      '2026-03-29T02:30:15',
      'Europe/Rome',
      '2026-03-29T01:00:00Z',
    ],
    ['seconds outside a gap', '2026-01-15T09:30:15', 'Europe/Rome', '2026-01-15T08:30:15Z'],
    ['a zone without daylight saving', '2026-03-29T02:30', 'Asia/Kathmandu', '2026-03-28T20:45:00Z'],
  ])('resolves %s', (_, local, zone, expected) => {
    expect(new Date(resolveLocal(local, zone)).toISOString()).toBe(new Date(utc(expected)).toISOString());
  });

  it('reads { date, time } like the string form', () => {
    expect(resolveLocal({ date: '2026-03-29', time: '02:30' }, 'Europe/Rome')).toBe(
      utc('2026-03-29T01:00:00Z'),
    );
  });

  it.each([
    ['2026-02-30T09:00', 'local', /not a day of the calendar/],
    ['2025-02-29T09:00', 'local', /not a day of the calendar/],
    ['2026-3-29T09:00', 'local', /Expected a date like/],
    ['2026-03-29T24:00', 'local', /not a time of day/],
    ['2026-03-29T09:60', 'local', /not a time of day/],
    ['2026-03-29T9:30', 'local', /Expected a time like/],
    ['2026-03-29 09:30', 'local', /Expected a local date and time/],
    ['2026-03-29T09:30Z', 'local', /Expected a time like/],
  ])('rejects %s naming %s', (local, path, message) => {
    expect(expectInvalid(() => resolveLocal(local, 'Europe/Rome'), path)).toMatch(message);
  });

  it('names the bad field of { date, time } and the zone', () => {
    expectInvalid(() => resolveLocal({ date: '2026-03-29' } as never, 'Europe/Rome'), 'local.time');
    expectInvalid(() => resolveLocal({ date: '29/03/2026', time: '09:00' }, 'Europe/Rome'), 'local.date');
    expectInvalid(() => resolveLocal(20260329 as never, 'Europe/Rome'), 'local');
    expect(expectInvalid(() => resolveLocal('2026-03-29T09:00', 'Europe/Roma'), 'zone')).toMatch(
      /Europe\/Roma/,
    );
    expectInvalid(() => resolveLocal('2026-03-29T09:00', '+02:00'), 'zone');
  });

  describe('for any zone and wall-clock time', () => {
    const pad = (value: number) => String(value).padStart(2, '0');
    const anyDay = fc
      .date({
        min: new Date(utc('1995-01-01T00:00:00Z')),
        max: new Date(utc('2037-12-31T00:00:00Z')),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    const anywhen = fc.tuple(fc.constantFrom(...ZONES), anyDay, fc.integer({ min: 0, max: 23 }));
    const nearChange = fc
      .constantFrom(...Object.keys(transitionDays))
      .chain((zone) =>
        fc.tuple(
          fc.constant(zone),
          fc.constantFrom(...transitionDays[zone]!),
          fc.constantFrom(0, 1, 2, 3, 22, 23),
        ),
      );
    const input = fc
      .tuple(fc.oneof(anywhen, nearChange), fc.integer({ min: 0, max: 59 }))
      .map(([[zone, date, hour], minute]) => [zone, `${date}T${pad(hour)}:${pad(minute)}`] as const);

    it('returns the earliest instant that reads as the input, or the first minute after a gap', () => {
      const seen = { exact: 0, ambiguous: 0, gap: 0 };
      fc.assert(
        fc.property(input, ([zone, input]) => {
          const at = resolveLocal(input, zone);
          // Every zone's offsets are multiples of 15 minutes, so every instant that reads as the
          // input lies on this grid: input-as-UTC plus or minus whole quarter hours.
          const asUtc = utc(`${input}:00Z`);
          const matches: number[] = [];
          for (let shift = -15 * HOUR; shift <= 15 * HOUR; shift += 15 * MINUTE) {
            if (reading(asUtc + shift, zone) === input) matches.push(asUtc + shift);
          }
          if (matches.length > 0) {
            expect(at).toBe(Math.min(...matches));
            seen[matches.length > 1 ? 'ambiguous' : 'exact']++;
          } else {
            seen.gap++;
            expect(render(at, zone).seconds).toBe(0);
            expect(reading(at, zone) > input).toBe(true);
            expect(reading(at - MINUTE, zone) < input).toBe(true);
          }
        }),
        { numRuns: 600 },
      );
      // The generator must reach the cases the rules are about, or the property proves little.
      expect(seen.gap).toBeGreaterThan(5);
      expect(seen.ambiguous).toBeGreaterThan(5);
    });
  });
});
