import { DefaultLogger, type EntityClass, type LoggerOptions, type MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';

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
  entities: EntityClass<any>[];
  migrations: MigrationObject[];
  logSql?: boolean;
}

export interface SubgraphOrm {
  orm: MikroORM;
  queries: QueryCounter;
  /** A fresh entity manager for one request. */
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
    // unqualified names in hand-written SQL (rollups) mean this subgraph's own tables
    driverOptions: { options: `-c search_path=${options.schema}` },
    debug: options.logSql ? ['query', 'query-params'] : false,
    loggerFactory: (loggerOptions) => new CountingLogger(loggerOptions, queries),
  });
  await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
  await orm.migrator.up();
  queries.reset();
  return { orm, queries, fork: () => orm.em.fork(), close: () => orm.close() };
}
