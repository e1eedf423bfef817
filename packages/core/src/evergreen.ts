import { median } from './engagement';
import type { ErrorDetail } from './errors';

/**
 * An evergreen post goes back into a channel's queue some days after it was published
 * there, as long as it did better than that channel's usual post, a limited number of times.
 */
export interface Evergreen {
  /** Days after a delivery was published before it is considered for another round. */
  afterDays: number;
  /** At most this many re-queues per channel. */
  maxTimes: number;
}

export const EVERGREEN_LIMITS = {
  afterDays: { min: 1, max: 365 },
  maxTimes: { min: 1, max: 20 },
} as const;

export function evergreenProblems(value: Evergreen, path = 'evergreen'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const key of ['afterDays', 'maxTimes'] as const) {
    const { min, max } = EVERGREEN_LIMITS[key];
    const v = value[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      problems.push({ path: `${path}.${key}`, message: `must be a whole number from ${min} to ${max}` });
    }
  }
  return problems;
}

/**
 * A re-queued delivery's occurrence: -1 for the first re-queue on a channel, -2 for the
 * second… A one-off post's own delivery is 0 and a recurring post's are their instants, so
 * the three never collide and (post, channel, occurrence) stays unique.
 */
export const evergreenOccurrence = (generation: number) => -generation;

/** How many re-queues led to this delivery: 0 for the post's own first delivery. */
export const evergreenGeneration = (occurrence: number) => (occurrence < 0 ? -occurrence : 0);

/** The channel's usual post: deliveries published in this window before the decision. */
export const EVERGREEN_WINDOW_DAYS = 90;
/** Fewer deliveries with metrics than this say nothing about the channel's usual post. */
export const EVERGREEN_MIN_COMPARED = 3;
/** A delivery without metrics yet waits this long past its day for a metrics sync to come. */
export const EVERGREEN_METRICS_GRACE_MS = 2 * 86_400_000;

export type EvergreenSkip = 'limit_reached' | 'no_metrics' | 'too_few_to_compare' | 'below_median';

export type EvergreenDecision =
  /** Not yet: too young, or its metrics may still come. Nothing is recorded. */
  | { kind: 'wait' }
  | {
      kind: 'skip';
      reason: EvergreenSkip;
      engagement: number | null;
      median: number | null;
      compared: number;
    }
  | { kind: 'requeue'; engagement: number; median: number; compared: number; generation: number };

/**
 * The rule, pure: a published delivery `afterDays` old is re-queued when the post has been
 * re-queued on that channel fewer than `maxTimes` times and its engagement is strictly above
 * the median of the channel's other deliveries (`others`, at least three).
 */
export function decideEvergreen(input: {
  evergreen: Evergreen;
  /** Of the published delivery being considered. */
  generation: number;
  publishedAt: number;
  engagement: number | null;
  others: readonly number[];
  now: number;
}): EvergreenDecision {
  const due = input.publishedAt + input.evergreen.afterDays * 86_400_000;
  if (input.now < due) return { kind: 'wait' };
  const compared = input.others.length;
  const skip = (reason: EvergreenSkip, m: number | null = null) =>
    ({ kind: 'skip', reason, engagement: input.engagement, median: m, compared }) as const;
  if (input.generation >= input.evergreen.maxTimes) return skip('limit_reached');
  if (input.engagement === null) {
    return input.now < due + EVERGREEN_METRICS_GRACE_MS ? { kind: 'wait' } : skip('no_metrics');
  }
  if (compared < EVERGREEN_MIN_COMPARED) return skip('too_few_to_compare');
  const m = median(input.others);
  if (input.engagement <= m) return skip('below_median', m);
  return {
    kind: 'requeue',
    engagement: input.engagement,
    median: m,
    compared,
    generation: input.generation + 1,
  };
}
