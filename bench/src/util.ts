/** Small helpers: waiting, medians and percentiles, and the progress log on stderr. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { median } from '@araldo/core';
export const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
export const log = (...args: unknown[]) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
