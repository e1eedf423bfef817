import { defineConfig } from 'vitest/config';
import SummaryLineReporter from './scripts/summary-reporter.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Odd on purpose: code that leans on the process time zone shows up here (STYLE.md §5).
    env: { TZ: 'Pacific/Chatham' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', new SummaryLineReporter()],
  },
});
