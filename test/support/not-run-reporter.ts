import type { Reporter, TestModule } from 'vitest/node';

/**
 * After vitest's summary, names every test that did not run for want of something on this machine: a skipped test
 * whose title starts with `NOT RUN` and says what is missing (test/nats.test.ts without nats-server). The summary
 * line alone would only count it among the skipped.
 */
export default class NotRunReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const notRun = modules.flatMap((module) =>
      [...module.children.allTests()]
        .filter((test) => test.name.startsWith('NOT RUN') && test.result().state === 'skipped')
        .map((test) => `  ${module.relativeModuleId}: ${test.name}`),
    );
    if (notRun.length)
      process.stdout.write(`\n\x1b[33m⚠ ${notRun.length} NOT RUN on this machine:\n${notRun.join('\n')}\x1b[0m\n`);
  }
}
