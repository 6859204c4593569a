import { resolve } from 'node:path';
import pg from 'pg';
import type { Config } from '../service/config.ts';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';

/** A running PostgreSQL the subgraphs connect to: external (DATABASE_URL) or embedded. */
export interface Database {
  url: string;
  embedded: boolean;
  /** The embedded server's data directory, and where it was asked for when the postgres user could not reach that. */
  dataDir?: string;
  relocatedFrom?: string | null;
  stop(): Promise<void>;
  /** Stops the embedded server (sessions are ended, open transactions rolled back) and starts it again (fault tests). */
  restart(): Promise<void>;
}

export class DatabaseError extends Error {}

const EMBEDDED_USER = 'postgres';
// The embedded server listens on loopback only, so a fixed local password is no secret worth keeping.
const EMBEDDED_PASSWORD = 'studio-hub-local';
const DATABASE_NAME = 'studio_hub';

/** Where the embedded server on `port` serves a database. */
export const embeddedUrl = (port: number, database = DATABASE_NAME) =>
  `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

export async function openDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL) {
    await checkReachable(config.DATABASE_URL);
    return {
      url: config.DATABASE_URL,
      embedded: false,
      stop: async () => {},
      restart: () => Promise.reject(new DatabaseError('an external database is restarted by whoever runs it')),
    };
  }
  return startEmbedded(resolve(config.PG_DATA_DIR), config.PG_PORT);
}

async function startEmbedded(dataDir: string, port: number): Promise<Database> {
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedPostgres({ dataDir, port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD });
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw new DatabaseError(`嵌入式 PostgreSQL 无法启动: ${error.message}`);
    throw error;
  }
  const adminUrl = embeddedUrl(port, 'postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (!rowCount) await admin.query(`create database ${DATABASE_NAME}`);
  } catch (error) {
    await server.stop();
    throw new DatabaseError(
      `嵌入式 PostgreSQL 无法连接 (embedded PostgreSQL unreachable) on port ${port}: ${(error as Error).message}`,
    );
  } finally {
    await admin.end().catch(() => {});
  }
  return {
    url: embeddedUrl(port),
    embedded: true,
    dataDir: server.dataDir,
    relocatedFrom: server.relocatedFrom,
    stop: () => server.stop(),
    restart: () => server.restart(),
  };
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const where = new URL(url);
    throw new DatabaseError(
      `数据库无法连接 (database unreachable) at ${where.hostname}:${where.port || 5432}${where.pathname}: ` +
        `${(error as Error).message || String(error)}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
