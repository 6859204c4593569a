import { DefaultLogger, type EntityClass, type LoggerOptions, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';

/**
 * Counts the SQL statements one ORM instance sends, so tests can assert how many statements a request costs
 * (a count, never a time).
 */
export class QueryCounter {
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
    }
    super.logQuery(context);
  }
}

export interface OrmOptions {
  url: string;
  /** The subgraph's own PostgreSQL schema: its tables and its migration table live there and nowhere else. */
  schema: string;
  entities: EntityClass<any>[];
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
  close(): Promise<void>;
}

/** The single place the ORM is configured, for the server and for tests alike; applies pending migrations. */
export async function initORM(options: OrmOptions): Promise<SubgraphOrm> {
  const queries = new QueryCounter();
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
    },
    debug: options.logSql ? ['query', 'query-params'] : false,
    loggerFactory: (loggerOptions) => new CountingLogger(loggerOptions, queries),
  });
  await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
  await orm.migrator.up();
  queries.reset();
  return { orm, queries, fork: () => orm.em.fork({ useContext: true }), close: () => orm.close() };
}
