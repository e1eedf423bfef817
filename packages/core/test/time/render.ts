import { expect } from 'vitest';
import { AraldoError } from '../../src/errors';

/** Zones the property tests draw from: both hemispheres, half-hour and 45-minute offsets, no DST. */
export const ZONES = [
  'Europe/Rome',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Santiago',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'UTC',
];

/**
 * Each zone's clock-change days in 2026 and 2027 (from the tz rules), so generators can aim at
 * gaps and overlaps; uniform dates alone would hit one in a few thousand draws.
 */
export const CLOCK_CHANGES: Record<string, string[]> = {
  'Europe/Rome': ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  'America/New_York': ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  'Australia/Sydney': ['2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  'Australia/Lord_Howe': ['2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  'Pacific/Chatham': ['2026-04-05', '2026-09-27', '2027-04-04', '2027-09-26'],
  'America/Santiago': ['2026-04-04', '2026-09-06', '2027-04-03', '2027-09-05'],
};

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a wall clock in `zone` reads it, straight from Intl (not through the module
 * under test): `{ date: 'YYYY-MM-DD', time: 'HH:mm', seconds, weekday: 1..7 }`.
 */
export function render(instant: number, zone: string) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    time: `${part.hour}:${part.minute}`,
    seconds: Number(part.second),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part.weekday as string) + 1,
  };
}

/** `render` as one sortable string `YYYY-MM-DDTHH:mm`. */
export function reading(instant: number, zone: string): string {
  const { date, time } = render(instant, zone);
  return `${date}T${time}`;
}

export const utc = (iso: string) => Date.parse(iso);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Runs `action` and checks it throws `validation_failed` naming `path`, returning the message. */
export function expectInvalid(action: () => unknown, path: string): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AraldoError);
    const araldo = error as AraldoError;
    expect(araldo.code).toBe('validation_failed');
    expect(araldo.details?.[0]?.path).toBe(path);
    return araldo.message;
  }
  throw new Error(`expected a validation error at ${path}`);
}
