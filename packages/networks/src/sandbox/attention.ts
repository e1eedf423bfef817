import { IANAZone } from 'luxon';

export const HOUR_MS = 3_600_000;

/**
 * How active the audience is in each hour of its local day (0 = midnight), relative to the
 * daily mean of 1: almost nobody before dawn, a lunch peak, the highest in the evening.
 */
const HOURLY = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.35, 0.8, 1.2, 1.3, 1.35, 1.4, 1.6, 1.5, 1.3, 1.25, 1.3, 1.45, 1.65,
  1.85, 1.9, 1.7, 1.2, 0.65,
];
const MEAN = HOURLY.reduce((a, b) => a + b, 0) / HOURLY.length;

/** Attention to a post fades exponentially; this is its mean life in simulated time. */
const DECAY_MS = 4 * HOUR_MS;
/** Past this age (42 mean lives) what is left is below any count. */
export const LIFETIME_MS = 7 * 24 * HOUR_MS;

interface Segment {
  /** Simulated age (ms since publication) where the segment starts and ends. */
  start: number;
  end: number;
  /** The curve's value at `start`. */
  before: number;
  weight: number;
}

/**
 * The share of a post's lifetime reactions that have happened by a given simulated age: the
 * integral of an exponentially fading rate weighted by the audience's waking hours. The
 * weight is constant within each local hour, so the integral is exact piece by piece, never
 * decreases, and can be inverted to find when the k-th reaction happens. It depends on the
 * zone by name only (Luxon's IANA data), never on the process time zone.
 */
export class AttentionCurve {
  private readonly segments: Segment[] = [];
  /** The value reached at the end of the post's life (about 1 for a post at an average hour). */
  readonly total: number;

  constructor(publishedAt: number, timeZone: string) {
    const zone = IANAZone.create(timeZone);
    let age = 0;
    let before = 0;
    while (age < LIFETIME_MS) {
      const at = publishedAt + age;
      const offset = zone.offset(at) * 60_000;
      const localHour = Math.floor((at + offset) / HOUR_MS);
      // The next local hour boundary; across a DST change the next step re-reads the offset.
      let end = (localHour + 1) * HOUR_MS - offset - publishedAt;
      if (end <= age) end = age + HOUR_MS;
      end = Math.min(end, LIFETIME_MS);
      const weight = (HOURLY[((localHour % 24) + 24) % 24] ?? MEAN) / MEAN;
      this.segments.push({ start: age, end, before, weight });
      before += weight * (fade(age) - fade(end));
      age = end;
    }
    this.total = before;
  }

  /** The curve at simulated age `age` (ms). */
  at(age: number): number {
    if (age <= 0) return 0;
    if (age >= LIFETIME_MS) return this.total;
    const s = this.segments[this.find((seg) => seg.end > age)];
    return s ? s.before + s.weight * (fade(s.start) - fade(age)) : this.total;
  }

  /** The smallest simulated age where the curve reaches `value`, or null if it never does. */
  ageOf(value: number): number | null {
    if (value <= 0) return 0;
    if (value > this.total) return null;
    const i = this.find((seg) => seg.before + seg.weight * (fade(seg.start) - fade(seg.end)) >= value);
    const s = this.segments[i];
    if (!s) return null;
    const left = fade(s.start) - (value - s.before) / s.weight;
    const age = left > 0 ? -DECAY_MS * Math.log(left) : s.end;
    return Math.min(Math.max(age, s.start), s.end);
  }

  /** The first segment for which `past` holds (it holds for every later one too). */
  private find(past: (s: Segment) => boolean): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (past(this.segments[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const fade = (age: number) => Math.exp(-age / DECAY_MS);
