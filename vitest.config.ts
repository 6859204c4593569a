import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // each file starts its own embedded PostgreSQL and hub; two cores run two files at a time
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // the summary, then what did not run for want of something on this machine (test/support/not-run-reporter.ts)
    reporters: ['default', './test/support/not-run-reporter.ts'],
  },
});
