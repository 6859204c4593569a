/**
 * Issue 26.6: replicas start together. Each subgraph migrates its schema on start (lib/data/orm.ts `initORM`) under a
 * PostgreSQL advisory lock of that schema, so two replicas starting at once on one fresh database migrate one after
 * the other: both start, and every migration runs once.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { scratchDatabase } from './support/scratch-database.ts';

const database = scratchDatabase('studio-hub-replicas-');
const migrator = (name: keyof typeof SUBGRAPHS) => database.orm(name);

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('migrations under an advisory lock (issue 26.6)', () => {
  it.each(Object.keys(SUBGRAPHS) as (keyof typeof SUBGRAPHS)[])(
    'two replicas of %s start at once on one fresh database: both succeed, each migration runs once',
    async (name) => {
      const results = await Promise.allSettled([migrator(name), migrator(name)]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual(['started', 'started']);
      const applied = await withClient((c) => c.query(`select name from "${name}".mikro_orm_migrations order by name`));
      expect(applied.rows.map((r: { name: string }) => r.name)).toEqual(SUBGRAPHS[name].migrations.map((m) => m.name).sort());
    },
    120_000,
  );

  it('a replica waits while another holds the lock, and migrates once it is released', async () => {
    const schema = 'personnel';
    await withClient((c) => c.query('create database lock_probe'));
    const url = new URL(database.url);
    url.pathname = '/lock_probe';
    const holder = new pg.Client({ connectionString: url.href });
    await holder.connect();
    await holder.query('select pg_advisory_lock(hashtext($1))', [`studio-hub migrations ${schema}`]);
    const started = database.orm(schema, SUBGRAPHS[schema].migrations, url.href);
    // the replica's request for the lock is seen waiting in pg_locks (a state, never a time)
    let waiting = 0;
    while (!waiting) {
      const { rows } = await holder.query(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = 'lock_probe')",
      );
      waiting = rows[0].n;
      if (!waiting) await new Promise((r) => setTimeout(r, 20));
    }
    const before = await holder.query("select count(*)::int as n from pg_namespace where nspname = 'personnel'");
    expect(before.rows[0].n).toBe(0);
    await holder.query('select pg_advisory_unlock(hashtext($1))', [`studio-hub migrations ${schema}`]);
    await started;
    const applied = await holder.query('select count(*)::int as n from personnel.mikro_orm_migrations');
    expect(applied.rows[0].n).toBe(SUBGRAPHS[schema].migrations.length);
    await holder.end();
  }, 120_000);
});
