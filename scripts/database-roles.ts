/**
 * Gives each subgraph its own login role on the database at DATABASE_URL (connected as its administrator):
 * a role named after the subgraph, with the password in <NAME>_DB_PASSWORD, owning the schema of the same name
 * (and every table already in it) and granted nothing else, so a subgraph can touch only its own tables.
 * Idempotent: run again, it sets the passwords anew. docker-compose.yml runs it once before the subgraphs start:
 *   DATABASE_URL=postgres://postgres:…@host/studio_hub PERSONNEL_DB_PASSWORD=… … node scripts/database-roles.ts
 */
import pg from 'pg';
import { ConfigError, parseConfig, SUBGRAPH_NAMES, type Config } from '../lib/service/config.ts';

const passwordKey = (name: string) => `${name.toUpperCase()}_DB_PASSWORD` as keyof Config;

export async function createDatabaseRoles(config: Config): Promise<void> {
  const missing = SUBGRAPH_NAMES.filter((name) => !config[passwordKey(name)]).map(passwordKey);
  if (!config.DATABASE_URL || missing.length)
    throw new ConfigError(
      `配置无效 (invalid configuration):\n  ${[...(config.DATABASE_URL ? [] : ['DATABASE_URL']), ...missing].join(', ')}: required`,
    );
  const client = new pg.Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('begin');
    // nobody but the administrator creates anything outside the subgraphs' own schemas
    await client.query('revoke all on schema public from public');
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.query(`revoke create, temporary on database "${rows[0]!.db}" from public`);
    for (const name of SUBGRAPH_NAMES) {
      const password = `'${String(config[passwordKey(name)]).replaceAll("'", "''")}'`;
      const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [name]);
      await client.query(
        `${rowCount ? 'alter' : 'create'} role "${name}" login nosuperuser nocreatedb nocreaterole password ${password}`,
      );
      await client.query(`create schema if not exists "${name}" authorization "${name}"`);
      await client.query(`alter schema "${name}" owner to "${name}"`);
      // tables made before the role existed (by the administrator, say) become the role's too
      const tables = await client.query<{ t: string }>('select tablename as t from pg_tables where schemaname = $1', [name]);
      for (const { t } of tables.rows) await client.query(`alter table "${name}"."${t}" owner to "${name}"`);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

if (import.meta.main) {
  try {
    await createDatabaseRoles(parseConfig(process.env));
    console.log(`database roles ready: ${SUBGRAPH_NAMES.join(', ')}`);
  } catch (error) {
    console.error(
      error instanceof ConfigError ? error.message : `数据库角色创建失败 (database roles failed): ${(error as Error).message}`,
    );
    process.exit(2);
  }
}
