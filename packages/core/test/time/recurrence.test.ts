import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrences, type RecurrenceRule, resolveLocal } from '../../src/time/index';
import { CLOCK_CHANGES, DAY, expectInvalid, HOUR, render, utc, ZONES } from './render';

const iso = (instants: number[]) => instants.map((at) => new Date(at).toISOString().replace('.000', ''));
const within = (rule: RecurrenceRule, from: string, to: string, limit = 100) =>
  iso(occurrences(rule, [utc(from), utc(to)], limit));

describe('occurrences', () => {
  // Expected instants hand-written from the tz rules (see wall-clock.test.ts).
  it('keeps Monday and Wednesday 09:30 at 09:30 in Rome across the March change', () => {
    const rule = {
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30',
      start: '2026-03-16T00:00',
      zone: 'Europe/Rome',
    };
    expect(within(rule, '2026-03-20T00:00:00Z', '2026-04-03T00:00:00Z')).toEqual([
      '2026-03-23T08:30:00Z',
      '2026-03-25T08:30:00Z',
      '2026-03-30T07:30:00Z',
      '2026-04-01T07:30:00Z',
    ]);
  });

  it('keeps a daily 09:30 at 09:30 in New York across the November change', () => {
    const rule = { rrule: 'FREQ=DAILY', start: '2026-10-30T09:30', zone: 'America/New_York' };
    expect(within(rule, '2026-10-01T00:00:00Z', '2026-11-02T23:00:00Z')).toEqual([
      '2026-10-30T13:30:00Z',
      '2026-10-31T13:30:00Z',
      '2026-11-01T14:30:00Z',
      '2026-11-02T14:30:00Z',
    ]);
  });

  it('moves a daily 02:30 to 03:00 on the day Sydney springs forward (October)', () => {
    const rule = { rrule: 'FREQ=DAILY', start: '2026-10-02T02:30', zone: 'Australia/Sydney' };
    expect(within(rule, '2026-09-01T00:00:00Z', '2026-10-05T00:00:00Z')).toEqual([
      '2026-10-01T16:30:00Z',
      '2026-10-02T16:30:00Z',
      '2026-10-03T16:00:00Z',
      '2026-10-04T15:30:00Z',
    ]);
  });

  it('takes the earlier 02:30 on the day Sydney falls back (April)', () => {
    const rule = { rrule: 'FREQ=DAILY;COUNT=3', start: '2026-04-04T02:30', zone: 'Australia/Sydney' };
    expect(within(rule, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-04-03T15:30:00Z',
      '2026-04-04T15:30:00Z',
      '2026-04-05T16:30:00Z',
    ]);
  });

  it('takes the earlier 02:30 on the day Rome falls back', () => {
    const rule = { rrule: 'FREQ=DAILY;COUNT=3', start: '2026-10-24T02:30', zone: 'Europe/Rome' };
    expect(within(rule, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-10-24T00:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
  });

  it('gives times that fall into one gap once', () => {
    const rule = {
      rrule: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=15,45',
      start: '2026-03-28T00:00',
      zone: 'Europe/Rome',
    };
    expect(within(rule, '2026-03-28T00:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-28T01:15:00Z',
      '2026-03-28T01:45:00Z',
      '2026-03-29T01:00:00Z',
      '2026-03-30T00:15:00Z',
      '2026-03-30T00:45:00Z',
    ]);
  });

  it.each(['Europe/Rome', 'America/New_York', 'Australia/Sydney'])(
    'keeps a weekly Monday 09:30 at 09:30 all 2026 in %s',
    (zone) => {
      const rule = { rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=30', start: '2026-01-01T00:00', zone };
      const found = occurrences(rule, [utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z')], 100);
      expect(found).toHaveLength(52);
      for (const at of found)
        expect(render(at, zone)).toMatchObject({ weekday: 1, time: '09:30', seconds: 0 });
      expect([render(found[0]!, zone).date, render(found[51]!, zone).date]).toEqual([
        '2026-01-05',
        '2026-12-28',
      ]);
      const weeks = found.slice(1).map((at, index) => (at - found[index]!) / HOUR);
      expect(weeks.filter((hours) => hours !== 168).sort()).toEqual([167, 169]);
    },
  );

  it('takes the time of day from `start` when the rule names none', () => {
    const rule = { rrule: 'RRULE:freq=weekly', start: '2026-03-16T18:15', zone: 'Europe/Rome' };
    expect(within(rule, '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
      '2026-03-16T17:15:00Z',
      '2026-03-23T17:15:00Z',
      '2026-03-30T16:15:00Z',
    ]);
  });

  it('starts at the first match of the rule, not at `start` itself', () => {
    const rule = { rrule: 'FREQ=WEEKLY;BYDAY=WE', start: '2026-03-16T10:00', zone: 'UTC' };
    expect(within(rule, '2026-01-01T00:00:00Z', '2026-03-26T00:00:00Z')).toEqual([
      '2026-03-18T10:00:00Z',
      '2026-03-25T10:00:00Z',
    ]);
  });

  it('finds the last Friday of each month', () => {
    const rule = { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', start: '2026-01-01T12:00', zone: 'America/New_York' };
    expect(within(rule, '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-01-30T17:00:00Z',
      '2026-02-27T17:00:00Z',
      '2026-03-27T16:00:00Z',
    ]);
  });

  it('includes both ends of the window and stops at `limit`', () => {
    const rule = { rrule: 'FREQ=DAILY', start: '2026-01-01T09:30', zone: 'Europe/Rome' };
    expect(within(rule, '2026-01-02T08:30:00Z', '2026-01-02T08:30:00Z')).toEqual(['2026-01-02T08:30:00Z']);
    expect(within(rule, '2026-01-02T08:30:00Z', '2026-01-04T08:30:00Z')).toHaveLength(3);
    expect(within(rule, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', 2)).toEqual([
      '2026-01-01T08:30:00Z',
      '2026-01-02T08:30:00Z',
    ]);
    expect(within(rule, '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', 0)).toEqual([]);
  });

  describe('UNTIL', () => {
    const until = (value: string) => ({
      rrule: `FREQ=DAILY;UNTIL=${value}`,
      start: '2026-01-01T09:30',
      zone: 'Europe/Rome',
    });
    const count = (value: string) => occurrences(until(value), [0, utc('2027-01-01T00:00:00Z')], 100).length;

    it('reads a local UNTIL in the rule`s zone and includes it', () => {
      expect(count('20260105T093000')).toBe(5);
      expect(count('20260105T092959')).toBe(4);
    });

    it('reads UNTIL with Z as a UTC instant (09:30 in Rome in January is 08:30Z)', () => {
      expect(count('20260105T083000Z')).toBe(5);
      expect(count('20260105T082959Z')).toBe(4);
    });

    it('reads a date-only UNTIL as including that whole day', () => {
      expect(count('20260105')).toBe(5);
    });
  });
});

describe('nextOccurrence', () => {
  const rule = { rrule: 'FREQ=DAILY;COUNT=3', start: '2026-01-01T09:30', zone: 'Europe/Rome' };

  it('gives the first occurrence strictly after the instant, and null once COUNT is used up', () => {
    expect(nextOccurrence(rule, utc('2025-06-01T00:00:00Z'))).toBe(utc('2026-01-01T08:30:00Z'));
    expect(nextOccurrence(rule, utc('2026-01-01T08:30:00Z'))).toBe(utc('2026-01-02T08:30:00Z'));
    expect(nextOccurrence(rule, utc('2026-01-03T08:30:00Z'))).toBeNull();
  });

  it('finds a rare date years ahead: 29 February falling on a Monday', () => {
    const leap = {
      rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO',
      start: '2026-01-01T10:00',
      zone: 'UTC',
    };
    expect(nextOccurrence(leap, utc('2026-01-01T00:00:00Z'))).toBe(utc('2044-02-29T10:00:00Z'));
  });

  it('ends with a UTC UNTIL', () => {
    const ending = { ...rule, rrule: 'FREQ=WEEKLY;UNTIL=20260110T000000Z' };
    expect(nextOccurrence(ending, utc('2026-01-01T08:30:00Z'))).toBe(utc('2026-01-08T08:30:00Z'));
    expect(nextOccurrence(ending, utc('2026-01-08T08:30:00Z'))).toBeNull();
  });
});

describe('a rule that cannot be used', () => {
  const zone = 'Europe/Rome';
  const start = '2026-01-01T09:30'; // a Thursday
  it.each([
    ['', /FREQ is missing/],
    ['BYDAY=MO', /FREQ is missing/],
    ['FREQ=WEEKLY;BYDAY', /NAME=VALUE/],
    ['FREQ=WEEKLY;;BYDAY=MO', /NAME=VALUE/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY=XX/],
    ['FREQ=DAILY;BYHOUR=24', /BYHOUR=24/],
    ['FREQ=DAILY;BYMINUTE=-5', /BYMINUTE/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z', /COUNT or UNTIL/],
    ['FREQ=DAILY;COUNT=0', /COUNT=0/],
    ['FREQ=DAILY;INTERVAL=two', /INTERVAL/],
    ['FREQ=HOURLY', /at most daily/],
    ['FREQ=MINUTELY', /at most daily/],
    ['FREQ=FORTNIGHTLY', /Unknown FREQ/],
    ['FREQ=DAILY;FREQ=WEEKLY', /twice/],
    ['DTSTART:20260101T093000\nRRULE:FREQ=DAILY', /only the RRULE line/],
    ['FREQ=DAILY;TZID=Europe/Rome', /Unknown rule part TZID/],
    ['FREQ=DAILY;UNTIL=2026-01-05', /UNTIL/],
    ['FREQ=DAILY;UNTIL=20251231T000000Z', /before the start/],
    ['FREQ=DAILY;UNTIL=20260101T090000', /before the start/],
    ['FREQ=MONTHLY;BYWEEKNO=3', /BYWEEKNO needs FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYYEARDAY=3', /BYYEARDAY needs FREQ=YEARLY/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY cannot/],
    ['FREQ=WEEKLY;BYDAY=1MO', /numbered weekday/],
    ['FREQ=MONTHLY;BYDAY=6MO', /±1 to 5/],
    ['FREQ=DAILY;BYHOUR=9,17;BYSETPOS=1', /BYSETPOS needs FREQ=MONTHLY/],
    ['FREQ=MONTHLY;BYSETPOS=1', /another BY/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /matches no date/],
    ['FREQ=DAILY;BYMONTH=4,6;BYMONTHDAY=31', /matches no date/],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', /matches no date/],
    ['FREQ=DAILY;INTERVAL=7;BYDAY=MO', /matches no date/],
  ])('rejects %j', (rrule, message) => {
    const started = performance.now();
    expect(expectInvalid(() => occurrences({ rrule, start, zone }, [0, 1], 1), 'rrule')).toMatch(message);
    // rrule alone would search to year 9999 for a match and take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('names a bad start, zone, window, limit or instant', () => {
    const rule = { rrule: 'FREQ=DAILY', start, zone };
    expectInvalid(() => occurrences({ ...rule, start: '2026-01-01' }, [0, 1], 1), 'start');
    expectInvalid(() => occurrences({ ...rule, start: '1800-01-01T09:00' }, [0, 1], 1), 'start');
    expectInvalid(() => occurrences({ ...rule, zone: 'Rome' }, [0, 1], 1), 'zone');
    expectInvalid(() => occurrences(rule, [2, 1], 1), 'between');
    expectInvalid(() => occurrences(rule, [0, Number.POSITIVE_INFINITY], 1), 'between');
    expectInvalid(() => occurrences(rule, [0, 1], -1), 'limit');
    expectInvalid(() => nextOccurrence(rule, Number.NaN), 'after');
  });
});

describe('for any zone, daily or weekly rule and window', () => {
  const pad = (value: number) => String(value).padStart(2, '0');
  const rule = fc.record({
    zone: fc.constantFrom(...ZONES, ...Object.keys(CLOCK_CHANGES)),
    hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
    minute: fc.constantFrom(0, 15, 30, 45, 59),
    // Empty: every day (FREQ=DAILY); otherwise FREQ=WEEKLY on these ISO weekdays.
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
    startDay: fc.integer({ min: 0, max: 60 }),
    from: fc.integer({ min: utc('2025-06-01T00:00:00Z'), max: utc('2027-12-01T00:00:00Z') }),
    days: fc.integer({ min: 0, max: 120 }),
    limit: fc.integer({ min: 1, max: 80 }),
  });
  const CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

  it('gives, in order and once each, exactly the local times the rule names, resolved in the zone', () => {
    fc.assert(
      fc.property(rule, (r) => {
        const time = `${pad(r.hour)}:${pad(r.minute)}`;
        const startDate = new Date(utc('2025-05-01T00:00:00Z') + r.startDay * DAY).toISOString().slice(0, 10);
        const rrule =
          r.weekdays.length === 0
            ? `FREQ=DAILY;BYHOUR=${r.hour};BYMINUTE=${r.minute}`
            : `FREQ=WEEKLY;BYDAY=${r.weekdays.map((day) => CODES[day - 1]).join(',')};BYHOUR=${r.hour};BYMINUTE=${r.minute}`;
        const to = r.from + r.days * DAY;
        const found = occurrences(
          { rrule, start: `${startDate}T00:00`, zone: r.zone },
          [r.from, to],
          r.limit,
        );

        // Independently: that time on every matching local day from the start on, resolved one by one.
        const expected = new Set<number>();
        const firstDay = Math.max(utc(`${startDate}T00:00:00Z`), Math.floor(r.from / DAY) * DAY - 2 * DAY);
        for (let day = firstDay; day <= to + 2 * DAY; day += DAY) {
          const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
          if (r.weekdays.length > 0 && !r.weekdays.includes(weekday)) continue;
          const at = resolveLocal(`${new Date(day).toISOString().slice(0, 10)}T${time}`, r.zone);
          if (at >= r.from && at <= to) expected.add(at);
        }
        expect(found).toEqual([...expected].sort((a, b) => a - b).slice(0, r.limit));
        for (const [index, at] of found.entries()) {
          if (index > 0) expect(at).toBeGreaterThan(found[index - 1]!);
          const local = render(at, r.zone);
          if (local.time !== time)
            expect(local.time > time || local.date > render(at - HOUR, r.zone).date).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
