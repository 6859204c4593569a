import type { EntityManager } from '@mikro-orm/postgresql';
import { subtreePrefix } from './region-code.ts';

/**
 * Figures for a whole batch of keys (region codes, studio ids) in one SQL statement. `query` receives a VALUES
 * table `k(key, prefix)` to select from, one row per key, and must put it before any placeholder of its own:
 * its parameters come first. Facts join it with `fact.region_code like k.prefix || '%'` (a region's subtree,
 * the default prefix) and group by `k.key`. Facts carry their studio's region code, so no subgraph needs
 * another's tables to roll up.
 */
export async function rollup<Row extends { key: string }>(
  em: EntityManager,
  keys: readonly string[],
  query: (keysTable: string) => { sql: string; params?: unknown[] },
  prefixOf: (key: string) => string = subtreePrefix,
): Promise<Map<string, Row[]>> {
  const keysTable = `(values ${keys.map(() => '(?, ?)').join(', ')}) as k(key, prefix)`;
  const { sql, params = [] } = query(keysTable);
  const rows = await em
    .getConnection()
    .execute<Row[]>(sql, [...keys.flatMap((key) => [key, prefixOf(key)]), ...params], 'all', em.getTransactionContext());
  const byKey = new Map<string, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(row.key)?.push(row);
  return byKey;
}
