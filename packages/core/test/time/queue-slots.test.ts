import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AraldoError } from '../../src/errors';
import {
  assignQueue,
  type IsoWeekday,
  nextSlots,
  resolveLocal,
  type SlotSchedule,
  shuffle,
} from '../../src/time/index';
import { CLOCK_CHANGES, DAY, expectInvalid, HOUR, MINUTE, reading, render, utc, ZONES } from './render';

const iso = (instants: number[]) => instants.map((at) => new Date(at).toISOString().replace('.000', ''));
const sunday = (time: string) => ({ weekday: 7 as const, time });

describe('nextSlots', () => {
  // Hand-written from the tz rules (see wall-clock.test.ts): each Sunday slot at 02:30 on the
  // day clocks spring forward lands on the first valid minute, 03:00; on the day they fall back,
  // on the earlier of the two 02:30s.
  it.each([
    ['Europe/Rome', '2026-03-22T12:00:00Z', '02:30', ['2026-03-29T01:00:00Z', '2026-04-05T00:30:00Z']],
    ['Europe/Rome', '2026-10-18T12:00:00Z', '02:30', ['2026-10-25T00:30:00Z', '2026-11-01T01:30:00Z']],
    ['America/New_York', '2026-03-01T12:00:00Z', '02:30', ['2026-03-08T07:00:00Z', '2026-03-15T06:30:00Z']],
    ['America/New_York', '2026-10-25T12:00:00Z', '01:30', ['2026-11-01T05:30:00Z', '2026-11-08T06:30:00Z']],
    ['America/New_York', '2026-10-25T12:00:00Z', '02:30', ['2026-11-01T07:30:00Z', '2026-11-08T07:30:00Z']],
    ['Australia/Sydney', '2026-09-27T12:00:00Z', '02:30', ['2026-10-03T16:00:00Z', '2026-10-10T15:30:00Z']],
    ['Australia/Sydney', '2026-03-29T12:00:00Z', '02:30', ['2026-04-04T15:30:00Z', '2026-04-11T16:30:00Z']],
    ['Australia/Sydney', '2027-03-28T12:00:00Z', '02:30', ['2027-04-03T15:30:00Z', '2027-04-10T16:30:00Z']],
  ])('in %s after %s, a Sunday %s slot falls at %j', (zone, after, time, expected) => {
    expect(iso(nextSlots({ zone, slots: [sunday(time)] }, utc(after), 2))).toEqual(iso(expected.map(utc)));
  });

  it('gives slots that resolve to one instant in a gap once', () => {
    const schedule = { zone: 'Europe/Rome', slots: [sunday('02:15'), sunday('02:45'), sunday('03:00')] };
    expect(iso(nextSlots(schedule, utc('2026-03-28T12:00:00Z'), 3))).toEqual([
      '2026-03-29T01:00:00Z',
      '2026-04-05T00:15:00Z',
      '2026-04-05T00:45:00Z',
    ]);
  });

  it('keeps a fall-back day`s slots apart: the earlier 02:30, then 03:00 an hour and a half later', () => {
    const schedule = { zone: 'Europe/Rome', slots: [sunday('03:00'), sunday('02:30')] };
    expect(iso(nextSlots(schedule, utc('2026-10-24T12:00:00Z'), 2))).toEqual([
      '2026-10-25T00:30:00Z',
      '2026-10-25T02:00:00Z',
    ]);
  });

  it('returns only slots strictly after `after`, in order across the week', () => {
    const schedule: SlotSchedule = {
      zone: 'Europe/Rome',
      slots: [
        { weekday: 3, time: '18:00' },
        { weekday: 1, time: '09:00' },
      ],
    };
    const mondayNine = utc('2026-01-05T08:00:00Z');
    expect(iso(nextSlots(schedule, mondayNine, 3))).toEqual([
      '2026-01-07T17:00:00Z',
      '2026-01-12T08:00:00Z',
      '2026-01-14T17:00:00Z',
    ]);
    expect(iso(nextSlots(schedule, mondayNine - 1, 1))).toEqual(['2026-01-05T08:00:00Z']);
  });

  it('skips taken instants given as a set or as a test', () => {
    const schedule = { zone: 'America/New_York', slots: [{ weekday: 2 as const, time: '12:00' }] };
    const after = utc('2026-01-01T00:00:00Z');
    const [first, second, third] = nextSlots(schedule, after, 3);
    expect(nextSlots(schedule, after, 2, new Set([first!]))).toEqual([second, third]);
    expect(nextSlots(schedule, after, 1, (at) => at < third!)).toEqual([third]);
  });

  it.each(['Europe/Rome', 'America/New_York', 'Australia/Sydney'])(
    'keeps a Monday 09:00 slot at 09:00 for a whole year of weeks in %s',
    (zone) => {
      const slots = nextSlots(
        { zone, slots: [{ weekday: 1, time: '09:00' }] },
        utc('2026-01-01T00:00:00Z'),
        53,
      );
      expect(slots).toHaveLength(53);
      for (const at of slots)
        expect(render(at, zone)).toMatchObject({ weekday: 1, time: '09:00', seconds: 0 });
      expect(render(slots[0]!, zone).date).toBe('2026-01-05');
      expect(render(slots[52]!, zone).date).toBe('2027-01-04');
      // Two clock changes a year: one week an hour short, one an hour long, the rest 7 days.
      const weeks = slots.slice(1).map((at, index) => (at - slots[index]!) / HOUR);
      expect(weeks.filter((hours) => hours !== 168).sort()).toEqual([167, 169]);
    },
  );

  it('returns nothing for a schedule without slots, and nothing when asked for none', () => {
    expect(nextSlots({ zone: 'UTC', slots: [] }, 0, 5)).toEqual([]);
    expect(nextSlots({ zone: 'UTC', slots: [{ weekday: 1, time: '09:00' }] }, 0, 0)).toEqual([]);
  });

  it('names what is wrong with a schedule', () => {
    const slot = { weekday: 1 as IsoWeekday, time: '09:00' };
    expectInvalid(() => nextSlots({ zone: 'Mars/Olympus', slots: [slot] }, 0, 1), 'zone');
    expectInvalid(
      () => nextSlots({ zone: 'UTC', slots: [slot, { weekday: 8 as IsoWeekday, time: '09:00' }] }, 0, 1),
      'slots[1].weekday',
    );
    expectInvalid(
      () => nextSlots({ zone: 'UTC', slots: [{ weekday: 0 as IsoWeekday, time: '09:00' }] }, 0, 1),
      'slots[0].weekday',
    );
    expectInvalid(
      () => nextSlots({ zone: 'UTC', slots: [{ weekday: 1, time: '9:00' }] }, 0, 1),
      'slots[0].time',
    );
    expectInvalid(
      () => nextSlots({ zone: 'UTC', slots: [{ weekday: 1, time: '09:00:30' }] }, 0, 1),
      'slots[0].time',
    );
    expectInvalid(
      () => nextSlots({ zone: 'UTC', slots: [{ weekday: 1, time: '24:00' }] }, 0, 1),
      'slots[0].time',
    );
    expectInvalid(() => nextSlots({ zone: 'UTC', slots: [slot] }, Number.NaN, 1), 'after');
    expectInvalid(() => nextSlots({ zone: 'UTC', slots: [slot] }, 0, -1), 'count');
    expectInvalid(() => nextSlots({ zone: 'UTC', slots: [slot] }, 0, 1.5), 'count');
  });

  describe('for any zone, slots, instant and taken set', () => {
    const slot = fc.record({
      weekday: fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<IsoWeekday>,
      // Early hours are where the gaps and overlaps are.
      hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
      minute: fc.constantFrom(0, 15, 30, 45, 59),
    });
    const slots = fc.array(slot, { minLength: 1, maxLength: 6 });
    const anywhen = fc.tuple(
      fc.constantFrom(...ZONES),
      fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2037-01-01T00:00:00Z') }),
    );
    // A few days before a clock change, so early-hour slots meet gaps and overlaps.
    const nearChange = fc.constantFrom(...Object.keys(CLOCK_CHANGES)).chain((zone) =>
      fc.tuple(
        fc.constant(zone),
        fc
          .tuple(fc.constantFrom(...CLOCK_CHANGES[zone]!), fc.integer({ min: 0, max: 7 * DAY }))
          .map(([day, back]) => utc(`${day}T00:00:00Z`) - back),
      ),
    );
    const schedule = fc
      .tuple(fc.oneof(anywhen, nearChange), slots)
      .map(([[zone, after], slots]) => ({ zone, slots, after }));
    const pad = (value: number) => String(value).padStart(2, '0');

    it('gives increasing, free instants after `after`, each a configured slot, none skipped', () => {
      fc.assert(
        fc.property(schedule, fc.integer({ min: 1, max: 12 }), fc.array(fc.nat(30)), (raw, count, skip) => {
          const start = raw.after;
          const slots = raw.slots.map((s) => ({
            weekday: s.weekday,
            time: `${pad(s.hour)}:${pad(s.minute)}`,
          }));
          const plan = { zone: raw.zone, slots };
          const taken = new Set(nextSlots(plan, start, 31).filter((_, index) => skip.includes(index)));
          const found = nextSlots(plan, start, count, taken);

          // Independently: every slot of every local day from the day before `after` on, each
          // resolved on its own, sorted and de-duplicated.
          const expected = new Set<number>();
          const firstDay = utc(`${render(start, raw.zone).date}T00:00:00Z`) - DAY;
          const distinct = new Set(slots.map((s) => `${s.weekday} ${s.time}`)).size;
          const weeks = Math.ceil((count + taken.size) / distinct) + 2;
          for (let day = firstDay; day < firstDay + weeks * 7 * DAY; day += DAY) {
            const date = new Date(day).toISOString().slice(0, 10);
            const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
            for (const s of slots) {
              if (s.weekday !== weekday) continue;
              const at = resolveLocal(`${date}T${s.time}`, raw.zone);
              if (at > start && !taken.has(at)) expected.add(at);
            }
          }
          expect(found).toEqual([...expected].sort((a, b) => a - b).slice(0, count));

          for (const [index, at] of found.entries()) {
            expect(at).toBeGreaterThan(index === 0 ? start : found[index - 1]!);
            expect(taken.has(at)).toBe(false);
            const local = render(at, raw.zone);
            const exact = slots.some((s) => s.weekday === local.weekday && s.time === local.time);
            // Or the slot's time did not exist that day (the clock jumped over it, perhaps over
            // midnight) and this is the first minute after it.
            const [gapStart, gapEnd] = [reading(at - MINUTE, raw.zone), reading(at, raw.zone)];
            const moved = [render(at - MINUTE, raw.zone), local].some((day) =>
              slots.some((s) => {
                const skipped = `${day.date}T${s.time}`;
                return s.weekday === day.weekday && skipped > gapStart && skipped < gapEnd;
              }),
            );
            expect(exact || moved).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('assignQueue', () => {
  const schedule: SlotSchedule = {
    zone: 'Europe/Rome',
    slots: [
      { weekday: 1, time: '09:00' },
      { weekday: 4, time: '17:30' },
    ],
  };

  it('gives each queued post, in order, the next free slot', () => {
    const after = utc('2026-03-20T12:00:00Z');
    const taken = new Set([utc('2026-03-26T16:30:00Z')]);
    const assigned = assignQueue(schedule, after, [{ id: 'a' }, { id: 'b' }, { id: 'c' }], taken);
    expect(assigned.map(({ id, at }) => [id, new Date(at).toISOString()])).toEqual([
      ['a', '2026-03-23T08:00:00.000Z'],
      ['b', '2026-03-30T07:00:00.000Z'],
      ['c', '2026-04-02T15:30:00.000Z'],
    ]);
  });

  it('refuses to leave a post out when there are no slots or no free ones', () => {
    expectInvalid(() => assignQueue({ zone: 'UTC', slots: [] }, 0, [{ id: 'a' }]), 'slots');
    expect(assignQueue({ zone: 'UTC', slots: [] }, 0, [])).toEqual([]);
    let error: unknown;
    try {
      assignQueue(schedule, 0, [{ id: 'a' }], () => true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AraldoError);
    expect((error as AraldoError).code).toBe('conflict');
  });
});

describe('shuffle', () => {
  const posts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  it('gives the same order for the same seed, and a permutation of the input', () => {
    expect(shuffle(posts, 'queue-42')).toEqual(shuffle(posts, 'queue-42'));
    expect([...shuffle(posts, 'queue-42')].sort()).toEqual(posts);
    expect(posts).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('keeps the order a stored seed produced (a shuffle must replay after upgrades)', () => {
    expect(shuffle(posts, 'queue-42')).toEqual(['a', 'e', 'h', 'c', 'b', 'f', 'd', 'g']);
    expect(shuffle(posts, 7)).toEqual(shuffle(posts, '7'));
  });

  it('reaches every order about equally often', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 6000; seed++) {
      const order = shuffle(['x', 'y', 'z'], `seed-${seed}`).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  it('handles empty and single-item queues', () => {
    expect(shuffle([], 'x')).toEqual([]);
    expect(shuffle(['only'], 'x')).toEqual(['only']);
  });
});
