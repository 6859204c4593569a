import { DefaultLogger, type EntityClass, type LoggerOptions, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';

/**
 * Counts the SQL statements one ORM instance sends, so tests can assert how many statements a request costs
 * (a count, never a time). It keeps only the latest statements: a hub that runs for weeks must not keep them all.
 */
export class QueryCounter {
  static readonly KEPT = 1000;
  count = 0;
  statements: string[] = [];
  reset(): void {
    this.count = 0;
    this.statements = [];
  }
}

class CountingLogger extends DefaultLogger {
  readonly counter: QueryCounter;
  constructor(options: LoggerOptions, counter: QueryCounter) {
    super(options);
    this.counter = counter;
  }
  override logQuery(context: { query: string } & Parameters<DefaultLogger['logQuery']>[0]): void {
    if (context.level !== 'error') {
      this.counter.count++;
      this.counter.statements.push(context.query);
      if (this.counter.statements.length > 2 * QueryCounter.KEPT) this.counter.statements.splice(0, QueryCounter.KEPT);
    }
    super.logQuery(context);
  }
}

export interface OrmOptions {
  url: string;
  /** The subgraph's own PostgreSQL schema: its tables and its migration table live there and nowhere else. */
  schema: string;
  entities: EntityClass<object>[];
  migrations: MigrationObject[];
  logSql?: boolean;
  timeouts: DatabaseTimeouts;
}

/** Bounds on every wait for the database, so nothing waits for ever (README: Configuration). */
export interface DatabaseTimeouts {
  /** For a pooled connection. */
  acquireMs: number;
  /** For one statement, lock waits included. */
  statementMs: number;
  /** For a transaction to send its next statement; PostgreSQL ends the session after that. */
  idleInTransactionMs: number;
}

export interface SubgraphOrm {
  orm: MikroORM;
  queries: QueryCounter;
  /**
   * A fresh entity manager for one request. Inside `em.transactional(…)` it works through that transaction, so
   * a read made with it there (a loader, a helper given the request's context) shares the transaction's
   * connection instead of waiting for a second one from the pool.
   */
  fork(): EntityManager;
  /** The connection pool, once made (for the pool gauges). */
  pool(): pg.Pool | null;
  close(): Promise<void>;
}

/**
 * The ORM's query layer (kysely, under MikroORM 7.2.1) gives a connection back to the pool only when its BEGIN,
 * COMMIT or ROLLBACK succeeds. When PostgreSQL restarts, every transaction under way loses its connection, its
 * ROLLBACK fails, and the pool goes on counting the dead connection as in use: after five, it is "full" of
 * connections that no longer exist and every request waits for one. A connection that closes while in use is
 * therefore given back here (as broken, so the pool drops it), unless its holder did so itself meanwhile.
 */
function releaseDeadConnections(pool: pg.Pool): void {
  const inUse = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => inUse.add(client));
  pool.on('release', (_error, client) => inUse.delete(client as pg.PoolClient));
  pool.on('connect', (client) =>
    client.once('end', () =>
      // a single query's holder releases it as soon as the query fails; a transaction's never does
      setImmediate(() => inUse.has(client as pg.PoolClient) && (client as pg.PoolClient).release(new Error('connection closed'))),
    ),
  );
}

/**
 * Runs `migrate` holding the schema's PostgreSQL advisory lock, on a connection of its own: replicas of a subgraph
 * that start together on one database migrate one after another, and each after the first finds nothing to do.
 * The lock is the session's, so it goes with the connection even if this process dies while holding it.
 */
async function underMigrationLock(options: OrmOptions, migrate: () => Promise<void>): Promise<void> {
  const session = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: options.timeouts.acquireMs });
  await session.connect();
  try {
    await session.query('select pg_advisory_lock(hashtext($1))', [`studio-hub migrations ${options.schema}`]);
    await migrate();
  } finally {
    await session.end();
  }
}

/** The single place the ORM is configured, for the server and for tests alike; applies pending migrations. */
export async function initORM(options: OrmOptions): Promise<SubgraphOrm> {
  const queries = new QueryCounter();
  let pool: pg.Pool | null = null;
  const orm = await MikroORM.init({
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      schema: options.schema,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    pool: { min: 0, max: 5 },
    driverOptions: {
      // unqualified names in hand-written SQL (rollups) mean this subgraph's own tables
      options: [
        `-c search_path=${options.schema}`,
        `-c statement_timeout=${options.timeouts.statementMs}`,
        `-c idle_in_transaction_session_timeout=${options.timeouts.idleInTransactionMs}`,
      ].join(' '),
      connectionTimeoutMillis: options.timeouts.acquireMs,
      keepAlive: true,
      onPoolCreated: (created: pg.Pool) => {
        pool = created;
        releaseDeadConnections(created);
      },
    },
    debug: options.logSql ? ['query', 'query-params'] : false,
    loggerFactory: (loggerOptions) => new CountingLogger(loggerOptions, queries),
  });
  await underMigrationLock(options, async () => {
    // a role that owns its schema (scripts/database-roles.ts) may not create schemas: ask only when it is missing
    const [{ present }] = await orm.em
      .getConnection()
      .execute<{ present: boolean }[]>('select exists (select 1 from pg_namespace where nspname = ?) as present', [
        options.schema,
      ]);
    if (!present) await orm.em.getConnection().execute(`create schema "${options.schema}"`);
    await orm.migrator.up();
  });
  queries.reset();
  return { orm, queries, fork: () => orm.em.fork({ useContext: true }), pool: () => pool, close: () => orm.close() };
}
