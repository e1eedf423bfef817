import type { IANAZone } from 'luxon';
import { AraldoError } from '../errors';
import {
  DAY,
  fail,
  floatingAt,
  isoWeekday,
  parseTime,
  parseZone,
  quote,
  resolveFloating,
} from './wall-clock';

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A weekly posting time of a channel's queue, in wall-clock time: "Mon 09:00". */
export interface Slot {
  weekday: IsoWeekday;
  time: string;
}

/** A channel's queue: its slots, read in `zone` (an IANA name) week after week. */
export interface SlotSchedule {
  zone: string;
  slots: Slot[];
}

/** Instants already used (by a scheduled post, say): a set, or a test the caller supplies. */
export type Taken = ReadonlySet<number> | ((instant: number) => boolean);

/**
 * How far past the weeks `count` needs the search goes before giving up on a `taken` that
 * refuses everything: ten years, so a full queue is reported instead of looping forever.
 */
const SPARE_WEEKS = 522;

interface CompiledSchedule {
  zone: IANAZone;
  /** Index = ISO weekday; each entry is that day's slot times, ms after midnight, ascending. */
  times: number[][];
  perWeek: number;
}

/** Throws `validation_failed` naming the first bad field (`zone`, `slots[2].time`, …). */
export function validateSlotSchedule(schedule: SlotSchedule): void {
  compile(schedule);
}

/**
 * The next `count` free slot instants strictly after `after` (epoch ms), ascending.
 *
 * Each week's slots are resolved from wall-clock time (DESIGN.md "Time"), so "Mon 09:00" stays
 * 09:00 local across daylight-saving changes; slots that resolve to one instant (two slots in
 * a spring-forward gap) count once. Returns fewer than `count` only when the schedule has no
 * slots or `taken` refuses every slot for ten years.
 */
export function nextSlots(schedule: SlotSchedule, after: number, count: number, taken?: Taken): number[] {
  const { zone, times, perWeek } = compile(schedule);
  if (!Number.isFinite(after))
    throw fail('after', 'Expected an instant in epoch milliseconds', 'invalid_type');
  if (!Number.isSafeInteger(count) || count < 0) {
    throw fail('count', `Expected a whole number of slots, 0 or more (got ${count})`, 'invalid_value');
  }
  const found: number[] = [];
  if (count === 0 || perWeek === 0) return found;
  const isTaken = toTest(taken);
  const known = typeof taken === 'object' ? taken.size : 0;
  // Slots of earlier local days cannot fall after `after`: resolution keeps wall-clock order,
  // and `after`'s own reading resolves to `after` or to an earlier instant.
  const firstDay = Math.floor(floatingAt(after, zone) / DAY);
  const lastDay = firstDay + 7 * (Math.ceil((count + known) / perWeek) + SPARE_WEEKS);
  let latest = after;
  for (let day = firstDay; day <= lastDay; day++) {
    for (const time of times[isoWeekday(day)] ?? []) {
      const at = resolveFloating(day * DAY + time, zone);
      // Resolution never goes backwards in wall-clock order, so `at <= latest` is either before
      // `after` or the same instant as the slot just seen.
      if (at <= latest) continue;
      latest = at;
      if (isTaken(at)) continue;
      found.push(at);
      if (found.length === count) return found;
    }
  }
  return found;
}

/**
 * Gives each queued post, in order, the next free slot after `after`. Throws rather than
 * leaving a post out (DESIGN.md: a post is never lost).
 */
export function assignQueue<Item extends { id: string }>(
  schedule: SlotSchedule,
  after: number,
  queued: readonly Item[],
  taken?: Taken,
): { id: string; at: number }[] {
  const slots = nextSlots(schedule, after, queued.length, taken);
  if (queued.length > 0 && schedule.slots.length === 0) {
    throw fail('slots', 'The queue has no posting slots; add one before queueing posts', 'too_small');
  }
  if (slots.length < queued.length) {
    throw new AraldoError(
      'conflict',
      `Only ${slots.length} free slots in the next ten years for ${queued.length} posts`,
    );
  }
  return queued.map((item, index) => ({ id: item.id, at: slots[index]! }));
}

/**
 * A permutation of `items` fixed by `seed` ("shuffle queue"): the same seed gives the same
 * order on every machine and run, so a shuffle can be previewed, stored and replayed.
 */
export function shuffle<Item>(items: readonly Item[], seed: string | number): Item[] {
  const random = mulberry32(fnv1a(String(seed)));
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

function compile(schedule: SlotSchedule): CompiledSchedule {
  if (typeof schedule !== 'object' || schedule === null) {
    throw fail('schedule', 'Expected { zone, slots }', 'invalid_type');
  }
  const zone = parseZone(schedule.zone);
  if (!Array.isArray(schedule.slots)) throw fail('slots', 'Expected a list of slots', 'invalid_type');
  const times: number[][] = [[], [], [], [], [], [], [], []];
  schedule.slots.forEach((slot, index) => {
    const weekday = (slot as Partial<Slot> | null)?.weekday;
    if (!Number.isInteger(weekday) || (weekday as number) < 1 || (weekday as number) > 7) {
      throw fail(
        `slots[${index}].weekday`,
        `Expected an ISO weekday, 1 (Monday) to 7 (Sunday) (got ${quote(weekday)})`,
        'invalid_value',
      );
    }
    times[weekday as number]!.push(parseTime(slot.time, `slots[${index}].time`, false));
  });
  let perWeek = 0;
  for (const day of times) {
    day.sort((a, b) => a - b);
    perWeek += day.length;
  }
  return { zone, times, perWeek };
}

function toTest(taken: Taken | undefined): (instant: number) => boolean {
  if (taken === undefined) return () => false;
  if (typeof taken === 'function') return taken;
  return (instant) => taken.has(instant);
}

/** FNV-1a: a seed string to 32 bits, identical on every platform. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded generator; uniform enough for ordering posts, not for secrets. */
function mulberry32(state: number): () => number {
  let current = state;
  return () => {
    current = (current + 0x6d2b79f5) >>> 0;
    let value = current;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
