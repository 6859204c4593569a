import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../lib/service/config.ts';
import { freePort } from './ports.ts';

/**
 * The configuration of a hub of its own, for a test file or the fuzzer: its embedded PostgreSQL in a fresh
 * temporary directory (`dir`, for the caller to remove) and every server on a free loopback port.
 */
export async function scratchConfig(prefix: string, env: Record<string, string> = {}): Promise<{ config: Config; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755); // the embedded server runs as the postgres user, who must reach its data directory
  const config = parseConfig({
    NODE_ENV: 'test',
    // warnings and errors only: a test hub's access logs would fill the test output
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PG_DATA_DIR: join(dir, 'pg'),
    DEV_KEY_FILE: join(dir, 'dev-jwt-key.json'),
    PG_PORT: String(await freePort()),
    PORT: '0',
    PERSONNEL_PORT: '0',
    STUDIOS_PORT: '0',
    EVALUATIONS_PORT: '0',
    FUNDING_PORT: '0',
    ...env,
  });
  return { config, dir };
}

/**
 * The environment that keeps a child process on this one's clock: when the suite runs under faketime (another
 * "today"), services started apart run on the same clock as the test, or the tokens it signs would be from another
 * year for them (a container sees the host's clock likewise).
 */
export const sameClock = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => (entry[0] === 'LD_PRELOAD' || entry[0].startsWith('FAKETIME')) && !!entry[1],
    ),
  );
