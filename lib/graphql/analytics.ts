import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope, schoolCondition } from '../auth/scope.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { ArgBuilder, EnumRef } from '@pothos/core';
import type { Builder, HubTypes } from './context.ts';
import type { regionEntity } from './region-schema.ts';
import { userError } from './errors.ts';
import { subtreePrefix, type RegionLevel } from '../domain/region-code.ts';
import { enumValues } from './enums.ts';
import { ROLLUP_LEVELS, type RollupLevel } from '../domain/vocabulary.ts';
import { RegionCode } from './shapes.ts';

/**
 * Grouped aggregates for analysts, in the manner of DHIS2's analytics by org-unit level and Cube's dimensions
 * and measures: facts of a region's subtree (in the viewer's scope) grouped by the dimensions asked for, with
 * measures per group. Each subgraph names its fact table, dimensions and measures; this builds the one SQL
 * statement. The region dimension rolls facts up to the chosen level; a studio of a city-run school stays on the
 * city even at COUNTY level, as it hangs on the city itself.
 */
export function regionAt(level: RegionLevel, column = 'f.region_code'): string {
  if (level === 'COUNTY') return column;
  if (level === 'CITY') return `(case when ${column} like '__0000' then ${column} else substr(${column}, 1, 4) || '00' end)`;
  return `(substr(${column}, 1, 2) || '0000')`;
}

export interface GroupedQuery<D extends string> {
  /** The fact table aliased `f`, with any joins its measures need. */
  from: string;
  dimensions: Record<D, string>;
  measures: Record<string, string>;
  groupBy: readonly D[];
  /** More conditions on the facts: `and …` with its parameters. */
  where?: { sql: string; params: unknown[] };
}

export async function groupedRollup<D extends string, Row extends object>(
  em: EntityManager,
  viewer: Viewer,
  within: string,
  query: GroupedQuery<D>,
): Promise<Row[]> {
  const code = within;
  assertRegionInScope(viewer, code);
  const dims = [...new Set(query.groupBy)];
  if (dims.length !== query.groupBy.length)
    throw userError('BAD_USER_INPUT', 'groupBy 中有重复的维度', { argumentName: 'groupBy' });
  const school = schoolCondition(viewer, 'f');
  const where = query.where ?? { sql: '', params: [] };
  const selected = [
    ...dims.map((d) => `${query.dimensions[d]} as "${d}"`),
    ...Object.entries(query.measures).map(([name, sql]) => `${sql} as "${name}"`),
  ];
  const sql = `select ${selected.join(', ')} from ${query.from}
                where f.region_code like ? ${school.sql} ${where.sql}
                ${dims.length ? `group by ${dims.map((_, i) => i + 1).join(', ')} order by ${dims.map((_, i) => i + 1).join(', ')}` : ''}`;
  return em
    .getConnection()
    .execute(sql, [`${subtreePrefix(code)}%`, ...school.params, ...where.params], 'all', em.getTransactionContext());
}

/** Each group's share of the whole result, by one measure; 0 when the whole is 0. */
export function withShares<T extends object>(rows: T[], measure: keyof T): (T & { share: number })[] {
  const total = rows.reduce((n, r) => n + Number(r[measure]), 0);
  return rows.map((r) => ({ ...r, share: total ? Math.round((Number(r[measure]) / total) * 10000) / 10000 : 0 }));
}

/** The region levels a rollup can group by; the same enum in every subgraph that uses it, so they compose. */
export const regionLevelEnum = (builder: Builder) =>
  builder.enumType('RegionLevel', {
    description: 'The level regions are rolled up to. 汇总层级',
    values: enumValues(ROLLUP_LEVELS),
  });

/** `and <alias>.<column> = ?` for every column given a value; columns given null or nothing are left out. */
export function equalTo(alias: string, values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const set = Object.entries(values).filter(([, value]) => value !== null && value !== undefined);
  return { sql: set.map(([column]) => `and ${alias}.${column} = ?`).join(' '), params: set.map(([, value]) => value) };
}

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;

/** The region dimension every rollup has, as its enum value. */
export const REGION_DIMENSION = { value: 'region', description: '地区（按 regionLevel 汇总）' } as const;

/** The arguments every rollup takes: the subtree, the dimensions and the level regions roll up to. */
export function rollupArgs<D>(
  arg: ArgBuilder<Types>,
  facts: string,
  dimension: EnumRef<Types, D>,
  regionLevel: EnumRef<Types, RollupLevel>,
) {
  return {
    within: arg.id({ required: true, validate: RegionCode, description: `A region code; ${facts} of its whole subtree.` }),
    groupBy: arg({ type: [dimension], required: true, description: 'The dimensions to group by. 分组维度' }),
    regionLevel: arg({
      type: regionLevel,
      defaultValue: 'COUNTY' as RollupLevel,
      description: 'Level the REGION dimension rolls up to.',
    }),
  };
}

/** A group's region field (REGION), at the level asked for. */
export const regionGroupField = <G extends { region?: string }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, G>,
  region: ReturnType<typeof regionEntity>['RegionRef'],
) =>
  t.field({
    type: region,
    nullable: true,
    description: 'The region, at `regionLevel` (REGION). 地区',
    resolve: (g) => (g.region ? { code: g.region } : null),
  });
