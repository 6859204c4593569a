import { PassThrough } from 'node:stream';
import { configureLogging } from '../../lib/service/observability.ts';

/** The log lines written while `withLogs` ran, as text and as parsed JSON. */
export interface Logs {
  lines: string[];
  entries(): Record<string, unknown>[];
}

/**
 * Runs `work` with the hubs of this test process logging at `level` into memory (lines may be read while it runs),
 * then puts the tests' level (warn, to the console) back; returns what was logged.
 */
export async function withLogs(level: string, work: (logs: Logs) => Promise<void>): Promise<Logs> {
  const lines: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const logs: Logs = { lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  configureLogging(level, sink);
  try {
    await work(logs);
  } finally {
    configureLogging('warn');
  }
  return logs;
}
