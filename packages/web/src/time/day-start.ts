import { zonedParts } from './zoned';

const HOUR = 3_600_000;

/** What the clock in `zone` reads at `instant`, as if that reading were UTC (minute precision). */
const wallClock = (instant: number, zone: string): number => {
  const { day, time } = zonedParts(instant, zone);
  return Date.parse(`${day}T${time}:00Z`);
};

const offsetAt = (instant: number, zone: string) => wallClock(instant, zone) - instant;

/**
 * The first instant of a civil day (`YYYY-MM-DD`) in a zone, with Intl only. Usually the day's
 * 00:00; where a daylight-saving jump skips midnight (America/Santiago) the day begins at the
 * jump, where midnight happens twice it begins at the first one, and a day a zone skipped
 * altogether (Pacific/Apia, 2011-12-30) "begins" where the next one does.
 */
export const startOfDay = (day: string, zone: string): number => {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  // The zone's offsets around that midnight: one, or two when a transition falls near it.
  const offsets = new Set([-24, 0, 24].map((hours) => offsetAt(midnight + hours * HOUR, zone)));
  const candidates = [...offsets]
    .map((offset) => midnight - offset)
    .filter((instant) => zonedParts(instant, zone).day >= day);
  return Math.min(...candidates);
};
