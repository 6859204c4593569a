import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestHub } from './hub.ts';

/**
 * `npm run import -- <what> <file>` against the test hub, as a clerk would run it: no --url, it finds the
 * gateway from PORT as npm start serves it.
 */
export function runImport(
  hub: TestHub,
  what: 'teachers' | 'schools' | 'policy',
  file: string,
  token: string,
  flags: string[] = [],
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/import.ts', what, file, '--token', token, ...flags], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, PORT: new URL(hub.url).port },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}
