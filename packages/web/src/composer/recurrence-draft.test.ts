import { validateRecurrence } from '@araldo/core/time';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultRecurrence,
  fromRRule,
  nextOccurrences,
  type RecurrenceDraft,
  recurrenceProblem,
  startOf,
  toRRule,
} from './recurrence-draft';

const draft = (patch: Partial<RecurrenceDraft>): RecurrenceDraft => ({
  ...defaultRecurrence('2026-03-23', '09:30'),
  ...patch,
});
const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());

describe('the recurrence builder', () => {
  it('writes every other Monday and Wednesday at 09:30 as one RRULE line', () => {
    expect(toRRule(draft({ interval: 2, weekdays: [3, 1] }))).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30',
    );
  });

  it('ends after a number of times with COUNT', () => {
    expect(toRRule(draft({ frequency: 'daily', ends: 'after', count: 5, time: '18:05' }))).toBe(
      'FREQ=DAILY;INTERVAL=1;BYHOUR=18;BYMINUTE=5;COUNT=5',
    );
  });

  it('ends on a date with an UNTIL on the zone’s clock that includes that whole day', () => {
    expect(toRRule(draft({ frequency: 'monthly', monthDay: -1, ends: 'on', until: '2026-12-31' }))).toBe(
      'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1;BYHOUR=9;BYMINUTE=30;UNTIL=20261231T235959',
    );
  });

  it('anchors the rule at the first day and the time', () => {
    expect(startOf(draft({ startDate: '2026-05-01', time: '07:15' }))).toBe('2026-05-01T07:15');
  });

  it('keeps 09:30 on the Rome clock across the change to summer time', () => {
    const weekly = draft({ weekdays: [1] });
    const now = Date.parse('2026-03-20T00:00:00Z');
    expect(iso(nextOccurrences(weekly, 'Europe/Rome', now, 3))).toEqual([
      '2026-03-23T08:30:00.000Z',
      '2026-03-30T07:30:00.000Z',
      '2026-04-06T07:30:00.000Z',
    ]);
  });

  it('gives only what is left of a rule that ends', () => {
    const three = draft({ frequency: 'daily', ends: 'after', count: 3 });
    const now = Date.parse('2026-03-24T00:00:00Z');
    expect(iso(nextOccurrences(three, 'UTC', now, 3))).toEqual([
      '2026-03-24T09:30:00.000Z',
      '2026-03-25T09:30:00.000Z',
    ]);
  });

  it('names what is wrong before the server is asked', () => {
    const now = Date.parse('2026-03-20T00:00:00Z');
    expect(recurrenceProblem(draft({ weekdays: [] }), 'UTC', now)).toBe('weekdays');
    expect(recurrenceProblem(draft({ interval: 0 }), 'UTC', now)).toBe('interval');
    expect(recurrenceProblem(draft({ ends: 'on', until: '2026-03-01' }), 'UTC', now)).toBe('until');
    expect(recurrenceProblem(draft({ ends: 'after', count: 0 }), 'UTC', now)).toBe('count');
    const over = Date.parse('2027-01-01T00:00:00Z');
    expect(recurrenceProblem(draft({ ends: 'after', count: 2 }), 'UTC', over)).toBe('noOccurrence');
    expect(recurrenceProblem(draft({}), 'UTC', now)).toBeNull();
  });
});

describe('reading a stored rule back into the builder', () => {
  it('reads a rule written without INTERVAL or time parts, taking the time from the start', () => {
    expect(fromRRule('FREQ=WEEKLY;BYDAY=FR', '2026-03-23T09:30')).toEqual(
      draft({ weekdays: [5], custom: null }),
    );
  });

  it('reads a weekly rule without days as the start’s weekday, and a monthly one as its day', () => {
    expect(fromRRule('FREQ=WEEKLY', '2026-03-23T09:30')).toMatchObject({ weekdays: [1], custom: null });
    expect(fromRRule('FREQ=MONTHLY;INTERVAL=2', '2026-03-23T09:30')).toMatchObject({
      frequency: 'monthly',
      interval: 2,
      monthDay: 23,
      custom: null,
    });
  });

  it('reads a bare UNTIL date as that whole day', () => {
    const read = fromRRule('FREQ=DAILY;UNTIL=20260401', '2026-03-23T09:30');
    expect(read).toMatchObject({ frequency: 'daily', ends: 'on', until: '2026-04-01', custom: null });
  });

  it('keeps a rule the controls cannot show as it is', () => {
    for (const rule of [
      'FREQ=YEARLY;BYMONTH=3',
      'FREQ=MONTHLY;BYDAY=1MO',
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1',
      'FREQ=DAILY;BYHOUR=9,17',
      'FREQ=WEEKLY;UNTIL=20261231T120000Z',
      'not a rule',
    ]) {
      const read = fromRRule(rule, '2026-03-23T09:30');
      expect(read.custom).toBe(rule);
      expect(toRRule(read)).toBe(rule);
    }
  });

  it('reads back every rule it writes, and the server accepts each one', () => {
    const day = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2090-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const built = fc.record({
      frequency: fc.constantFrom('daily' as const, 'weekly' as const, 'monthly' as const),
      interval: fc.integer({ min: 1, max: 999 }),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      monthDay: fc.constantFrom(-1, ...Array.from({ length: 28 }, (_, i) => i + 1)),
      time,
      startDate: day,
      ends: fc.constantFrom('never' as const, 'on' as const, 'after' as const),
      untilDays: fc.integer({ min: 0, max: 4000 }),
      count: fc.integer({ min: 1, max: 9999 }),
    });
    fc.assert(
      fc.property(built, ({ untilDays, ...parts }) => {
        const until = new Date(Date.parse(parts.startDate) + untilDays * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const written: RecurrenceDraft = {
          ...parts,
          // The builder keeps the other kinds' fields as they were; only this kind's are written.
          weekdays: parts.frequency === 'weekly' ? [...parts.weekdays].sort((a, b) => a - b) : [],
          until,
          custom: null,
        };
        const rrule = toRRule(written);
        expect(() =>
          validateRecurrence({ rrule, start: startOf(written), zone: 'Europe/Rome' }),
        ).not.toThrow();
        const read = fromRRule(rrule, startOf(written));
        expect(read.custom).toBeNull();
        expect(toRRule(read)).toBe(rrule);
      }),
      { numRuns: 300 },
    );
  });
});
