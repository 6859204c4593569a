import { defineConfig } from 'vitest/config';

/**
 * Files that share one hub per worker (not isolated, so the `hub` fixture of test/support/hub.ts is made once per
 * worker): they only read, and what they read no other file here writes. Every other file has a hub of its own: it
 * writes (to the demo or to its own stories), moves the clock, stops subgraphs, counts statements or reads global
 * counters (metrics, logs, outbox), or starts its hub with its own settings.
 */
const SHARED_HUB = [
  'analytics',
  'contract',
  'dashboard',
  'export-sheets',
  'http-errors',
  'limits',
  'messages',
  'playground',
  'policy-diff',
].map((name) => `test/${name}.test.ts`);

export default defineConfig({
  test: {
    pool: 'forks',
    // each hub is its own embedded PostgreSQL and four subgraphs; two cores run two files at a time
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // the summary, then what did not run for want of something on this machine (test/support/not-run-reporter.ts)
    reporters: ['default', './test/support/not-run-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'shared-hub', include: SHARED_HUB, isolate: false } },
      { extends: true, test: { name: 'own-hub', include: ['test/**/*.test.ts'], exclude: SHARED_HUB } },
    ],
  },
});
