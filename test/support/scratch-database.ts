import { rm } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../lib/data/database.ts';
import { initORM, type SubgraphOrm } from '../../lib/data/orm.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { scratchConfig } from './scratch.ts';

type Subgraph = keyof typeof SUBGRAPHS;

/**
 * A database of the test file's own, below the hub (migrations, the outbox relay): its embedded PostgreSQL started in
 * a scratch directory before the file's (or the describe block's) tests; after them, every ORM opened on it closed,
 * the server stopped and the directory removed.
 */
export function scratchDatabase(prefix: string) {
  let database: Database | undefined;
  let dir: string | undefined;
  const orms: SubgraphOrm[] = [];
  beforeAll(async () => {
    const scratch = await scratchConfig(prefix);
    dir = scratch.dir;
    database = await openDatabase(scratch.config);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(orms.map((o) => o.close()));
    await database?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get url(): string {
      return database!.url;
    },
    /**
     * A subgraph's ORM on it (another pool: a replica), migrated with `migrations` (by default all of its own); `url`
     * names another database of the same server.
     */
    async orm(name: Subgraph, migrations = SUBGRAPHS[name].migrations, url = database!.url): Promise<SubgraphOrm> {
      const orm = await initORM({
        url,
        schema: name,
        entities: SUBGRAPHS[name].entities,
        migrations,
        timeouts: { acquireMs: 5000, statementMs: 10000, idleInTransactionMs: 10000 },
      });
      orms.push(orm);
      return orm;
    },
  };
}
