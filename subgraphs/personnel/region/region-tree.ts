import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegionLevel } from '../../../lib/region-code.ts';
import { subtreePrefix } from '../../../lib/region-code.ts';

/** A region as the schema serves it: public reference data (GB/T 2260), the same for every viewer. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** Counties, and cities without counties (东莞市, 中山市, 儋州市), which stand at county level too. */
  countyLevel: boolean;
}

/**
 * The whole region table (about 3,300 rows), read once per database and kept: only migrations write it, so a
 * subgraph that has started holds every region there will be. Lookups, children and subtrees are then answered
 * from memory instead of hydrating thousands of entities per request (the national headline lists 2,978).
 */
export interface RegionTree {
  byCode: Map<string, RegionRow>;
  children(code: string): RegionRow[];
  /** Every region below `code`, by code; `level` keeps only that level (COUNTY: every county-level region). */
  descendants(code: string, level?: RegionLevel): RegionRow[];
}

const trees = new WeakMap<object, Promise<RegionTree>>();

async function load(em: EntityManager): Promise<RegionTree> {
  const rows = await em
    .getConnection()
    .execute<{ code: string; name: string; level: RegionLevel; parent_code: string | null; county_level: boolean }[]>(
      'select code, name, level, parent_code, county_level from region order by code',
    );
  const all: RegionRow[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    countyLevel: r.county_level,
  }));
  const byCode = new Map(all.map((r) => [r.code, r]));
  const children = new Map<string, RegionRow[]>();
  for (const r of all)
    if (r.parentCode) (children.get(r.parentCode) ?? children.set(r.parentCode, []).get(r.parentCode)!).push(r);
  return {
    byCode,
    children: (code) => children.get(code) ?? [],
    descendants: (code, level) => {
      const prefix = subtreePrefix(code);
      return all.filter(
        (r) => r.code !== code && r.code.startsWith(prefix) && (level === 'COUNTY' ? r.countyLevel : !level || r.level === level),
      );
    },
  };
}

/** The tree of the database `em` speaks to, loaded on first use (one statement) and kept. */
export function regionTree(em: EntityManager): Promise<RegionTree> {
  const key = em.getDriver();
  let tree = trees.get(key);
  if (!tree) {
    tree = load(em.fork());
    trees.set(key, tree);
    tree.catch(() => trees.delete(key));
  }
  return tree;
}
