import { IANAZone } from 'luxon';
import { type ErrorDetail, invalid } from '../errors';

/** A wall-clock reading as a person sets it: `date` is `YYYY-MM-DD`, `time` is `HH:mm` (or `HH:mm:ss`). */
export interface LocalDateTime {
  date: string;
  time: string;
}

/** Either `{ date, time }` or one string `YYYY-MM-DDTHH:mm[:ss]`. */
export type LocalInput = LocalDateTime | string;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Resolves a wall-clock time in an IANA zone to the UTC instant (epoch ms) it names.
 *
 * DESIGN.md "Time": a local time that does not exist (spring forward) moves to the first valid
 * minute after the gap (02:30 on 2026-03-29 in Europe/Rome is 03:00 CEST), and an ambiguous one
 * (fall back) takes the earlier instant (02:30 on 2026-10-25 in Europe/Rome is 02:30 CEST).
 */
export function resolveLocal(local: LocalInput, zone: string): number {
  return resolveFloating(parseLocal(local), parseZone(zone));
}

/**
 * Parses a wall-clock input into "floating" epoch ms: the instant the reading would name in UTC.
 * Arithmetic on that number is calendar arithmetic, with no zone involved.
 */
export function parseLocal(local: unknown, path = 'local'): number {
  if (typeof local === 'string') {
    const [date, time, extra] = local.split('T');
    if (date === undefined || time === undefined || extra !== undefined) {
      throw fail(path, `Expected a local date and time like 2026-03-29T09:30 (got ${quote(local)})`);
    }
    return parseDate(date, path) + parseTime(time, path, true);
  }
  if (typeof local !== 'object' || local === null) {
    throw fail(path, 'Expected { date: "YYYY-MM-DD", time: "HH:mm" } or "YYYY-MM-DDTHH:mm"', 'invalid_type');
  }
  const { date, time } = local as Partial<Record<'date' | 'time', unknown>>;
  return parseDate(date, `${path}.date`) + parseTime(time, `${path}.time`, true);
}

/** Parses `YYYY-MM-DD` into the floating ms of its midnight, rejecting days the calendar lacks. */
export function parseDate(value: unknown, path: string): number {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) throw fail(path, `Expected a date like 2026-03-29 (got ${quote(value)})`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw fail(path, `${match[0]} is not a day of the calendar`, 'invalid_value');
  }
  return daysFromCivil(year, month, day) * DAY;
}

/** Parses `HH:mm` (and `HH:mm:ss` when allowed) into ms since midnight; 24:00 is not a time of day. */
export function parseTime(value: unknown, path: string, allowSeconds: boolean): number {
  const match = typeof value === 'string' ? TIME.exec(value) : null;
  if (!match || (match[3] !== undefined && !allowSeconds)) {
    throw fail(path, `Expected a time like 09:30 (got ${quote(value)})`);
  }
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) {
    throw fail(path, `${match[0]} is not a time of day (00:00 to 23:59)`, 'invalid_value');
  }
  return hour * HOUR + minute * MINUTE + second * SECOND;
}

export function parseZone(zone: unknown, path = 'zone'): IANAZone {
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw fail(path, `Unknown time zone ${quote(zone)}; use an IANA name such as Europe/Rome`);
  }
  return IANAZone.create(zone);
}

/** The wall-clock reading (floating ms) of an instant in a zone. */
export function floatingAt(instant: number, zone: IANAZone): number {
  return instant + Math.round(zone.offset(instant) * MINUTE);
}

/**
 * The instant a floating wall-clock reading names in `zone`, by DESIGN.md's rules. Only the
 * zone's offsets at the instant are consulted (never the process zone: STYLE.md §5).
 */
export function resolveFloating(floating: number, zone: IANAZone): number {
  // Every zone's offset lies within ±1 day, so the answer is `floating - offset` for one of the
  // offsets in force a day either side; like Temporal, assume at most one transition in 48 hours.
  const offsets = new Set([-DAY, 0, DAY].map((shift) => Math.round(zone.offset(floating + shift) * MINUTE)));
  let earliest: number | undefined;
  for (const offset of offsets) {
    const candidate = floating - offset;
    if (floatingAt(candidate, zone) === floating && (earliest === undefined || candidate < earliest)) {
      earliest = candidate;
    }
  }
  return earliest ?? firstAfterGap(floating, zone, offsets);
}

/** In a spring-forward gap: the instant the clocks jump, rounded up to a whole local minute. */
function firstAfterGap(floating: number, zone: IANAZone, offsets: Set<number>): number {
  let before = floating - Math.max(...offsets);
  let after = floating - Math.min(...offsets);
  if (!(floatingAt(before, zone) < floating && floatingAt(after, zone) > floating)) {
    throw new Error(`time zone ${zone.name} has no transition around ${new Date(floating).toISOString()}`);
  }
  // Transitions in the tz database fall on whole seconds: bisect seconds, not milliseconds.
  while (after - before > SECOND) {
    const middle = before + Math.floor((after - before) / (2 * SECOND)) * SECOND;
    if (floatingAt(middle, zone) > floating) after = middle;
    else before = middle;
  }
  const intoMinute = mod(floatingAt(after, zone), MINUTE);
  return intoMinute === 0 ? after : after + MINUTE - intoMinute;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** ISO weekday (Monday = 1 … Sunday = 7) of a day counted from 1970-01-01, a Thursday. */
export function isoWeekday(days: number): number {
  return mod(days + 3, 7) + 1;
}

export function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === undefined ? 'nothing' : typeof value;
}

export function fail(path: string, message: string, code = 'invalid_format') {
  const detail: ErrorDetail = { path, message, code };
  return invalid(message, [detail]);
}
