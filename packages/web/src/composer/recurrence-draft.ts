import { occurrences, RRule } from '@araldo/core/time';
import { addDays, weekdayOf } from '../time/zoned';

/**
 * The recurring schedule a person builds with a few controls, and the RFC 5545 RRULE it stands
 * for. The rule runs on the wall clock of the chosen zone (the server's recurrence module,
 * packages/core/src/time/recurrence.ts, the same code that previews the next occurrences here).
 */
export type Frequency = 'daily' | 'weekly' | 'monthly';
export type RecurrenceEnd = 'never' | 'on' | 'after';

/** The last day of the month, whatever its number (BYMONTHDAY=-1). */
export const LAST_DAY = -1;

export interface RecurrenceDraft {
  frequency: Frequency;
  /** Every `interval` days, weeks or months. */
  interval: number;
  /** ISO weekdays, Monday = 1; weekly only. */
  weekdays: number[];
  /** 1–31 or LAST_DAY; monthly only. */
  monthDay: number;
  /** `HH:mm` on the zone's clock. */
  time: string;
  /** `YYYY-MM-DD`: the first day the rule may match. */
  startDate: string;
  ends: RecurrenceEnd;
  /** `YYYY-MM-DD`, included, when `ends` is `on`. */
  until: string;
  /** How many times in all, when `ends` is `after`. */
  count: number;
  /**
   * A rule the controls above cannot show (written through the API, e.g. FREQ=YEARLY or
   * BYSETPOS): kept as it is until the person replaces it with a simple one.
   */
  custom: string | null;
}

/** A weekly rule on the start's weekday at its time, ending never: where the builder starts. */
export const defaultRecurrence = (startDate: string, time: string): RecurrenceDraft => ({
  frequency: 'weekly',
  interval: 1,
  weekdays: [weekdayOf(startDate)],
  monthDay: Number(startDate.slice(8, 10)) || 1,
  time,
  startDate,
  ends: 'never',
  until: /^\d{4}-\d{2}-\d{2}$/.test(startDate) ? addDays(startDate, 90) : startDate,
  count: 10,
  custom: null,
});

const FREQUENCIES: Record<Frequency, number> = {
  daily: RRule.DAILY,
  weekly: RRule.WEEKLY,
  monthly: RRule.MONTHLY,
};

const untilStamp = (day: string) => new Date(`${day}T23:59:59Z`);

/** The RRULE line (without `RRULE:`) the server takes in `schedule.rrule`. */
export const toRRule = (draft: RecurrenceDraft): string => {
  if (draft.custom !== null) return draft.custom;
  const [hour = 0, minute = 0] = draft.time.split(':').map(Number);
  const line = RRule.optionsToString({
    freq: FREQUENCIES[draft.frequency],
    interval: draft.interval,
    // rrule numbers weekdays from Monday = 0.
    ...(draft.frequency === 'weekly'
      ? { byweekday: [...draft.weekdays].sort((a, b) => a - b).map((day) => day - 1) }
      : {}),
    ...(draft.frequency === 'monthly' ? { bymonthday: [draft.monthDay] } : {}),
    byhour: [hour],
    byminute: [minute],
    ...(draft.ends === 'after' ? { count: draft.count } : {}),
    // Given any tzid, rrule writes UNTIL without `Z`, which the server reads on the rule's zone's
    // clock: the last day counts whole there, not in UTC.
    ...(draft.ends === 'on' ? { until: untilStamp(draft.until), tzid: 'floating' } : {}),
  });
  return line.replace(/^RRULE:/, '');
};

/** `YYYY-MM-DDTHH:mm`: the rule's anchor, as `schedule.start`. */
export const startOf = (draft: RecurrenceDraft): string => `${draft.startDate}T${draft.time}`;

const single = (value: number | number[] | null | undefined): number | undefined => {
  if (typeof value === 'number') return value;
  return Array.isArray(value) && value.length === 1 ? value[0] : undefined;
};

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The builder's view of a stored rule. Anything the controls cannot show stays as `custom`,
 * so loading and saving a post never rewrites a rule nobody touched.
 */
export const fromRRule = (rrule: string, start: string): RecurrenceDraft => {
  const [startDate = '', startTime = '00:00'] = start.split('T');
  const base = defaultRecurrence(startDate, startTime.slice(0, 5));
  const custom = { ...base, custom: rrule };
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
  } catch {
    return custom;
  }
  const frequency = (Object.keys(FREQUENCIES) as Frequency[]).find(
    (key) => FREQUENCIES[key] === options.freq,
  );
  const known = new Set([
    'freq',
    'interval',
    'byweekday',
    'bymonthday',
    'byhour',
    'byminute',
    'count',
    'until',
  ]);
  if (!frequency || Object.keys(options).some((key) => !known.has(key))) return custom;
  const hour = options.byhour === undefined ? Number(startTime.slice(0, 2)) : single(options.byhour);
  const minute = options.byminute === undefined ? Number(startTime.slice(3, 5)) : single(options.byminute);
  if (hour === undefined || minute === undefined) return custom;
  const draft: RecurrenceDraft = {
    ...base,
    frequency,
    interval: options.interval ?? 1,
    time: `${pad(hour)}:${pad(minute)}`,
  };
  const weekdays = options.byweekday === undefined || options.byweekday === null ? [] : [options.byweekday];
  const days = weekdays.flat().map((day) => (typeof day === 'number' ? { weekday: day, n: undefined } : day));
  if (frequency === 'weekly') {
    if (days.some((day) => typeof day !== 'object' || day.n !== undefined)) return custom;
    if (days.length > 0) draft.weekdays = days.map((day) => (day as { weekday: number }).weekday + 1);
  } else if (days.length > 0) return custom;
  if (frequency === 'monthly' && options.bymonthday !== undefined) {
    const day = single(options.bymonthday);
    if (day === undefined || (day < 1 && day !== LAST_DAY)) return custom;
    draft.monthDay = day;
  } else if (options.bymonthday !== undefined) return custom;
  if (options.count) {
    draft.ends = 'after';
    draft.count = options.count;
  } else if (options.until) {
    draft.ends = 'on';
    draft.until = options.until.toISOString().slice(0, 10);
  }
  // Only a rule this builder would write again with the same meaning is shown in it.
  return partsOf(toRRule(draft), start) === partsOf(rrule, start) ? draft : custom;
};

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A rule's parts with the defaults the server applies written out, for comparing two rules. */
const partsOf = (rrule: string, start: string): string => {
  const [startDate = '', startTime = '00:00'] = start.split('T');
  const parts = new Map(
    rrule
      .replace(/^RRULE:/i, '')
      .toUpperCase()
      .split(';')
      .filter(Boolean)
      .map((part) => part.split('=') as [string, string]),
  );
  if (parts.get('INTERVAL') === '1') parts.delete('INTERVAL');
  if (!parts.has('BYHOUR')) parts.set('BYHOUR', String(Number(startTime.slice(0, 2))));
  if (!parts.has('BYMINUTE')) parts.set('BYMINUTE', String(Number(startTime.slice(3, 5))));
  // Without a day, a weekly rule takes the start's weekday and a monthly one its day of the month.
  if (parts.get('FREQ') === 'WEEKLY' && !parts.has('BYDAY'))
    parts.set('BYDAY', WEEKDAY_CODES[weekdayOf(startDate) - 1] ?? '');
  if (parts.get('FREQ') === 'MONTHLY' && !parts.has('BYDAY') && !parts.has('BYMONTHDAY'))
    parts.set('BYMONTHDAY', String(Number(startDate.slice(8, 10))));
  const byDay = parts.get('BYDAY');
  if (byDay) parts.set('BYDAY', byDay.split(',').sort().join(','));
  // A bare UNTIL date includes that whole day on the zone's clock.
  const until = parts.get('UNTIL');
  if (until && /^\d{8}$/.test(until)) parts.set('UNTIL', `${until}T235959`);
  return [...parts]
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(';');
};

/** What is wrong with the builder's choices, before asking the server. */
export type RecurrenceProblem =
  | 'interval'
  | 'weekdays'
  | 'time'
  | 'startDate'
  | 'until'
  | 'count'
  | 'noOccurrence'
  | 'invalid';

export const recurrenceProblem = (
  draft: RecurrenceDraft,
  zone: string,
  now: number,
): RecurrenceProblem | null => {
  if (draft.custom === null) {
    if (!Number.isInteger(draft.interval) || draft.interval < 1 || draft.interval > 999) return 'interval';
    if (draft.frequency === 'weekly' && draft.weekdays.length === 0) return 'weekdays';
    if (!/^\d{2}:\d{2}$/.test(draft.time)) return 'time';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.startDate)) return 'startDate';
    if (draft.ends === 'on' && !(/^\d{4}-\d{2}-\d{2}$/.test(draft.until) && draft.until >= draft.startDate))
      return 'until';
    if (draft.ends === 'after' && (!Number.isInteger(draft.count) || draft.count < 1 || draft.count > 9999))
      return 'count';
  }
  try {
    return nextOccurrences(draft, zone, now, 1).length === 0 ? 'noOccurrence' : null;
  } catch {
    return 'invalid';
  }
};

/** The next `count` instants (epoch ms) the rule publishes at, after `now`; throws on a rule the server refuses. */
export const nextOccurrences = (draft: RecurrenceDraft, zone: string, now: number, count = 3): number[] =>
  occurrences({ rrule: toRRule(draft), start: startOf(draft), zone }, [now, Number.MAX_SAFE_INTEGER], count);
