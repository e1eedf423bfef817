/**
 * Wall-clock dates in a named zone, with Intl only: the planner shows the workspace's days,
 * never the browser's. A "day key" is a civil date, `YYYY-MM-DD`; arithmetic on day keys is
 * done in UTC, where every day has 24 hours.
 */
export interface ZonedParts {
  day: string;
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (zone: string) => {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
};

/** The date and the time an instant shows on a clock in `zone`. */
export const zonedParts = (instant: Date | number | string, zone: string): ZonedParts => {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

export const dayKey = (instant: Date | number | string, zone: string): string =>
  zonedParts(instant, zone).day;

/** `YYYY-MM-DDTHH:mm`, the wall-clock form the schedule API and datetime-local inputs take. */
export const localDateTime = (instant: Date | number | string, zone: string): string => {
  const { day, time } = zonedParts(instant, zone);
  return `${day}T${time}`;
};

const toUtc = (key: string) => {
  const [year = 1970, month = 1, day = 1] = key.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
};

const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (key: string, days: number): string => fromUtc(toUtc(key) + days * 86_400_000);

/** ISO weekday of a civil date: Monday = 1 … Sunday = 7. */
export const weekdayOf = (key: string): number => ((new Date(toUtc(key)).getUTCDay() + 6) % 7) + 1;

export const startOfWeek = (key: string): string => addDays(key, 1 - weekdayOf(key));

export const monthOf = (key: string): string => key.slice(0, 7);

export const addMonths = (month: string, count: number): string => {
  const [year = 1970, index = 1] = month.split('-').map(Number);
  return fromUtc(Date.UTC(year, index - 1 + count, 1)).slice(0, 7);
};

/** The weeks (Monday first) that show a month, each as seven day keys. */
export const monthWeeks = (month: string): string[][] => {
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const weeks: string[][] = [];
  for (let start = startOfWeek(first); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
};

/** A civil date as a Date at noon UTC: safe to format with `timeZone: 'UTC'` in any language. */
export const civilDate = (key: string): Date => new Date(toUtc(key) + 12 * 3_600_000);
