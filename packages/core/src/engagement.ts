/**
 * How a published delivery's reactions are summed up and how often they are read again.
 * Counts come from each network's own API; a network that does not report a count gives null.
 */
export interface EngagementCounts {
  likes: number;
  comments: number;
  shares: number;
  clicks: number | null;
}

/**
 * What people did with a post: likes, comments, shares and link clicks. Impressions are not
 * engagement (they are what the post was shown, not what anyone did) and are kept apart.
 */
export const engagementOf = (m: EngagementCounts): number =>
  m.likes + m.comments + m.shares + (m.clicks ?? 0);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Posts gather most reactions in their first two days; after a month the numbers barely move. */
export const METRICS_CADENCE = { hourlyFor: 2 * DAY, dailyUntil: 30 * DAY } as const;

/**
 * When a delivery published at `publishedAt` should be read again after a read at `now`:
 * hourly while young, daily until thirty days old (with one last reading on the day), then
 * never (null).
 */
export function nextMetricsSync(publishedAt: number, now: number): number | null {
  const age = now - publishedAt;
  if (age >= METRICS_CADENCE.dailyUntil) return null;
  const step = age < METRICS_CADENCE.hourlyFor ? HOUR : DAY;
  return Math.min(now + step, publishedAt + METRICS_CADENCE.dailyUntil);
}

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
