import type { Options } from 'rrule';
import * as rruleModule from 'rrule';
import { DAY, fail, parseDate, parseTime } from './wall-clock';

// rrule's `main` is a UMD bundle whose named exports Node's ESM loader cannot see, so under
// plain Node (the built CLI) the namespace holds only `default`; bundlers see the ES build.
const rrule = (rruleModule as { default?: typeof rruleModule }).default ?? rruleModule;
export const { RRule, Weekday } = rrule;

/** A parsed RRULE line: options for `rrule` (floating dates) and its UNTIL, if any. */
export interface RRuleLine {
  options: Partial<Options>;
  /** UNTIL as a wall-clock reading (floating ms) or, when written with `Z`, as a UTC instant. */
  until?: { floating: number } | { instant: number };
}

const PATH = 'rrule';
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
/** A post repeats at most daily; several times a day is FREQ=DAILY with BYHOUR (see recurrence.ts). */
const FREQUENCIES: Record<string, number> = {
  YEARLY: RRule.YEARLY,
  MONTHLY: RRule.MONTHLY,
  WEEKLY: RRule.WEEKLY,
  DAILY: RRule.DAILY,
};
/** RFC 5545 §3.3.10 ranges; BYSECOND stops at 59 because a wall-clock time never reads :60. */
const NUMBER_LISTS: Record<string, { key: keyof Options; min: number; max: number; signed: boolean }> = {
  BYSECOND: { key: 'bysecond', min: 0, max: 59, signed: false },
  BYMINUTE: { key: 'byminute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byhour', min: 0, max: 23, signed: false },
  BYMONTH: { key: 'bymonth', min: 1, max: 12, signed: false },
  BYMONTHDAY: { key: 'bymonthday', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byyearday', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byweekno', min: 1, max: 53, signed: true },
  BYSETPOS: { key: 'bysetpos', min: 1, max: 366, signed: true },
};

/**
 * Reads one RFC 5545 RRULE line (`FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9`, with or without the
 * `RRULE:` prefix). `rrule`'s own parser accepts out-of-range values and combinations the RFC
 * forbids, then loops or returns nothing, so every part is checked here first.
 */
export function parseRRuleLine(text: unknown): RRuleLine {
  if (typeof text !== 'string')
    throw fail(PATH, 'Expected an RRULE line such as FREQ=WEEKLY;BYDAY=MO', 'invalid_type');
  const line = text.trim().replace(/^RRULE:/i, '');
  if (/[\r\n]|^(DTSTART|EXDATE|RDATE|EXRULE)/i.test(line)) {
    throw fail(PATH, 'Give only the RRULE line (FREQ=…); the start and the zone have their own fields');
  }
  const parts = new Map<string, string>();
  for (const part of line.split(';').filter((item, index, all) => item !== '' || index < all.length - 1)) {
    const match = /^([A-Za-z]+)=([^=]+)$/.exec(part);
    if (!match) throw fail(PATH, `Cannot read "${part}": an RRULE is NAME=VALUE parts separated by ";"`);
    const name = match[1]!.toUpperCase();
    if (parts.has(name)) throw fail(PATH, `${name} appears twice; RFC 5545 allows each part once`);
    parts.set(name, match[2]!.toUpperCase());
  }
  const freqText = parts.get('FREQ');
  if (freqText === undefined) throw fail(PATH, 'FREQ is missing (e.g. FREQ=WEEKLY)', 'invalid_value');
  const freq = FREQUENCIES[freqText];
  if (freq === undefined) {
    throw fail(
      PATH,
      ['HOURLY', 'MINUTELY', 'SECONDLY'].includes(freqText)
        ? `FREQ=${freqText} is not supported: a post repeats at most daily (FREQ=DAILY with BYHOUR=9,17 posts twice a day)`
        : `Unknown FREQ=${freqText}; use DAILY, WEEKLY, MONTHLY or YEARLY`,
      'invalid_value',
    );
  }
  const result: RRuleLine = { options: { freq } };
  for (const [name, value] of parts) readPart(name, value, result, freqText);
  checkCombinations(parts, freqText);
  return result;
}

function readPart(name: string, value: string, result: RRuleLine, freq: string): void {
  const { options } = result;
  const list = NUMBER_LISTS[name];
  if (list) {
    (options as Record<string, number[]>)[list.key] = numbers(name, value, list.min, list.max, list.signed);
    return;
  }
  switch (name) {
    case 'FREQ':
      return;
    case 'INTERVAL':
      options.interval = positive(name, value);
      return;
    case 'COUNT':
      options.count = positive(name, value);
      return;
    case 'UNTIL':
      result.until = until(value);
      return;
    case 'WKST':
      options.wkst = weekday(name, value);
      return;
    case 'BYDAY':
      options.byweekday = value.split(',').map((item) => nthWeekday(item, freq));
      return;
    default:
      throw fail(PATH, `Unknown rule part ${name}`, 'invalid_value');
  }
}

/** RFC 5545 §3.3.10: the combinations a rule "MUST NOT" contain. */
function checkCombinations(parts: Map<string, string>, freq: string): void {
  const forbid = (when: boolean, message: string) => {
    if (when) throw fail(PATH, message, 'invalid_value');
  };
  forbid(parts.has('COUNT') && parts.has('UNTIL'), 'Use COUNT or UNTIL, not both');
  forbid(parts.has('BYWEEKNO') && freq !== 'YEARLY', 'BYWEEKNO needs FREQ=YEARLY');
  forbid(parts.has('BYYEARDAY') && freq !== 'YEARLY', 'BYYEARDAY needs FREQ=YEARLY');
  forbid(parts.has('BYMONTHDAY') && freq === 'WEEKLY', 'BYMONTHDAY cannot be used with FREQ=WEEKLY');
  // BYSETPOS picks among a month's or a year's matches ("last weekday of the month"); daily and
  // weekly it is rarely meant, and it would make "does this rule ever match?" costly to answer.
  forbid(
    parts.has('BYSETPOS') && freq !== 'MONTHLY' && freq !== 'YEARLY',
    'BYSETPOS needs FREQ=MONTHLY or YEARLY',
  );
  forbid(
    parts.has('BYSETPOS') && ![...parts.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS'),
    'BYSETPOS needs another BY… part to pick from',
  );
  forbid(
    freq === 'YEARLY' && parts.has('BYWEEKNO') && /\d/.test(parts.get('BYDAY') ?? ''),
    'BYDAY cannot carry a number (like 1MO) together with BYWEEKNO',
  );
}

function numbers(name: string, value: string, min: number, max: number, signed: boolean): number[] {
  return value.split(',').map((item) => {
    const number = /^[+-]?\d{1,4}$/.test(item) ? Number(item) : Number.NaN;
    const size = Math.abs(number);
    if (!(size >= min && size <= max) || (!signed && number < 0) || (signed && number === 0)) {
      throw fail(
        PATH,
        `${name}=${value}: "${item}" is not ${signed ? '±' : ''}${min} to ${max}`,
        'invalid_value',
      );
    }
    return number;
  });
}

function positive(name: string, value: string): number {
  const number = /^\d{1,6}$/.test(value) ? Number(value) : 0;
  if (number < 1)
    throw fail(PATH, `${name}=${value}: expected a whole number from 1 to 999999`, 'invalid_value');
  return number;
}

function weekday(name: string, value: string): number {
  const index = WEEKDAYS.indexOf(value);
  if (index < 0)
    throw fail(PATH, `${name}=${value}: expected one of ${WEEKDAYS.join(', ')}`, 'invalid_value');
  return index;
}

/** `MO`, or with an ordinal (`2TU`, `-1FR`) only where RFC 5545 gives it meaning. */
function nthWeekday(item: string, freq: string) {
  const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
  const day = weekday('BYDAY', match?.[2] ?? item);
  if (match?.[1] === undefined) return new Weekday(day);
  const nth = Number(match[1]);
  const max = freq === 'MONTHLY' ? 5 : 53;
  if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
    throw fail(PATH, `BYDAY=${item}: a numbered weekday needs FREQ=MONTHLY or YEARLY`, 'invalid_value');
  }
  if (nth === 0 || Math.abs(nth) > max) {
    throw fail(PATH, `BYDAY=${item}: the number must be ±1 to ${max} with FREQ=${freq}`, 'invalid_value');
  }
  return new Weekday(day, nth);
}

/**
 * UNTIL as RFC 5545 writes it: `20261231T235900Z` is a UTC instant; without `Z` it is wall-clock
 * time in the rule's zone; a bare date includes that whole local day.
 */
function until(value: string): NonNullable<RRuleLine['until']> {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  try {
    if (!match) throw new Error();
    const date = parseDate(`${match[1]}-${match[2]}-${match[3]}`, PATH);
    if (match[4] === undefined) return { floating: date + DAY - 1000 };
    const moment = date + parseTime(`${match[4]}:${match[5]}:${match[6]}`, PATH, true);
    return match[7] ? { instant: moment } : { floating: moment };
  } catch {
    throw fail(
      PATH,
      `UNTIL=${value}: expected a date-time like 20261231T235900Z (UTC) or 20261231T235900 (local)`,
    );
  }
}
