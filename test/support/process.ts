import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_TODAY } from './hub.ts';

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

const started = new Set<Started>();

/** Runs `npm start -- …args`, the README's command, with extra environment variables, in its own process group. */
export function npmStart(env: Record<string, string>, args: string[] = []): Started {
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, NODE_ENV: 'test', HUB_TODAY: TEST_TODAY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
    // a process that could not start at all (say, a missing folder) ends here, never in 'exit'
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve('error');
    });
  });
  const run = { child, output: () => output, exited };
  started.add(run);
  void exited.then(() => started.delete(run));
  return run;
}

/**
 * Ends whatever a test started and did not stop (say, when an assertion failed midway): SIGTERM to the whole
 * process group (npm, the hub, its PostgreSQL), then SIGKILL after five seconds.
 */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...started].map(async (run) => {
      const group = -run.child.pid!;
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await run.exited;
      clearTimeout(timer);
    }),
  );
}

/** Waits until the output contains `text`, or fails with what was printed. */
export async function waitFor(started: Started, text: string | RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void started.exited.then(() => (ended = true));
  while (Date.now() < deadline) {
    const out = started.output();
    if (typeof text === 'string' ? out.includes(text) : text.test(out)) return;
    if (ended) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not see ${String(text)}; output was:\n${started.output()}`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
