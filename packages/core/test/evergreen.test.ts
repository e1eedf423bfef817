import { describe, expect, it } from 'vitest';
import { median, nextMetricsSync } from '../src/engagement';
import { decideEvergreen, evergreenProblems } from '../src/evergreen';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('metrics cadence', () => {
  it('reads young posts hourly, then daily, then one last time at thirty days, then never', () => {
    const p = Date.UTC(2031, 0, 1);
    expect(nextMetricsSync(p, p + 5 * 60_000)).toBe(p + 5 * 60_000 + HOUR);
    expect(nextMetricsSync(p, p + 2 * DAY)).toBe(p + 3 * DAY);
    expect(nextMetricsSync(p, p + 29.5 * DAY)).toBe(p + 30 * DAY);
    expect(nextMetricsSync(p, p + 30 * DAY)).toBeNull();
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('the evergreen rule', () => {
  const evergreen = { afterDays: 7, maxTimes: 2 };
  const base = { evergreen, generation: 0, publishedAt: 0, engagement: 10, others: [1, 2, 3], now: 7 * DAY };

  it('re-queues only strictly above the median of at least three others', () => {
    expect(decideEvergreen(base)).toMatchObject({ kind: 'requeue', median: 2, generation: 1 });
    expect(decideEvergreen({ ...base, engagement: 2 })).toMatchObject({
      kind: 'skip',
      reason: 'below_median',
    });
    expect(decideEvergreen({ ...base, others: [1, 2] })).toMatchObject({
      kind: 'skip',
      reason: 'too_few_to_compare',
    });
  });

  it('waits for its day, and a little longer for metrics that may still come', () => {
    expect(decideEvergreen({ ...base, now: 7 * DAY - 1 })).toEqual({ kind: 'wait' });
    expect(decideEvergreen({ ...base, engagement: null })).toEqual({ kind: 'wait' });
    expect(decideEvergreen({ ...base, engagement: null, now: 9 * DAY })).toMatchObject({
      kind: 'skip',
      reason: 'no_metrics',
    });
  });

  it('stops at maxTimes re-queues', () => {
    expect(decideEvergreen({ ...base, generation: 2 })).toMatchObject({
      kind: 'skip',
      reason: 'limit_reached',
    });
  });

  it('names each value out of range', () => {
    expect(evergreenProblems({ afterDays: 1, maxTimes: 20 })).toEqual([]);
    expect(evergreenProblems({ afterDays: 366, maxTimes: 1.5 }).map((p) => p.path)).toEqual([
      'evergreen.afterDays',
      'evergreen.maxTimes',
    ]);
  });
});
