import type { ArgBuilder, InputFieldMap, InputShapeFromFields, TypeParam } from '@pothos/core';
import { assertRegionInScope, schoolCondition } from '../auth/scope.ts';
import type { Builder, HubTypes, SubgraphContext } from './context.ts';
import type { regionEntity } from './region-schema.ts';
import { userError } from './errors.ts';
import { subtreePrefix, type RegionLevel } from '../domain/region-code.ts';
import { enumValues } from './enums.ts';
import { ROLLUP_LEVELS, type RollupLevel } from '../domain/vocabulary.ts';
import { RegionCode } from './shapes.ts';

/**
 * Grouped aggregates for analysts, in the manner of DHIS2's analytics by org-unit level and Cube's dimensions
 * and measures: facts of a region's subtree (in the viewer's scope) grouped by the dimensions asked for, with
 * measures per group and each group's share. A subgraph declares its rollup (`declareRollup`: the fact table, its
 * dimensions and measures as SQL, the arguments that filter it); this makes the dimension enum, the group type, the
 * query field and the one SQL statement that answers it. Every rollup groups by REGION too: the region dimension
 * rolls facts up to the chosen level; a studio of a city-run school stays on the city even at COUNTY level, as it
 * hangs on the city itself.
 */
function regionAt(level: RegionLevel, column = 'f.region_code'): string {
  if (level === 'COUNTY') return column;
  if (level === 'CITY') return `(case when ${column} like '__0000' then ${column} else substr(${column}, 1, 4) || '00' end)`;
  return `(substr(${column}, 1, 2) || '0000')`;
}

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;

/** A dimension facts are grouped by: its SQL, its value in the dimension enum, and its field on a group. */
export interface Dimension<Measure extends string> {
  /** Its value for a fact `f`. */
  sql: string;
  /** The enum value's description. */
  label: string;
  /** The group field's type. */
  type: TypeParam<Types>;
  /** The group field's description; `label (VALUE)` unless given. */
  description?: string;
  /** What the group field answers for the value grouped by (an object it names); the value itself unless given. */
  resolve?: (value: string, ctx: SubgraphContext) => unknown;
  /**
   * Set on the facts of this measure only (funding's source on allocations): grouping by it counts those facts
   * alone, and shares are of this measure. The first such dimension grouped by, in declared order, decides.
   */
  only?: Measure;
}

/** A figure per group: its SQL aggregate over the facts `f`, an Int count unless Money (a sum of fen). */
export interface MeasureDeclaration {
  sql: string;
  description: string;
  type?: 'Money';
}

export interface RollupDeclaration<Args extends InputFieldMap, Measure extends string> {
  /** The query field. */
  field: string;
  description: string;
  /** What is rolled up, as `within`'s description says it ("studios"). */
  facts: string;
  /** The fact table aliased `f`, with any joins its measures need. */
  from: string;
  /** The names and descriptions of the dimension enum and of the group type. */
  dimensionEnum: { name: string; description: string };
  group: { name: string; description: string };
  /** The dimensions besides REGION (which comes first), in their order in the enum and on the group. */
  dimensions: Record<string, Dimension<NoInfer<Measure>>>;
  measures: Record<Measure, MeasureDeclaration>;
  /** The measure each group's share is of (unless a dimension's `only` says), and the share field's description. */
  share: { of: NoInfer<Measure>; description: string };
  /** The query's own arguments after within, groupBy and regionLevel. */
  args: (arg: ArgBuilder<Types>) => Args;
  /** The conditions those arguments put on the facts: SQL with one `?` → its value; a null value leaves it out. */
  where: (args: InputShapeFromFields<Args>) => Record<string, unknown>;
}

/** A dimension's enum value: its key in capitals (startYear → START_YEAR). */
const enumValueOf = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** The conditions whose value is set, as `and …` with their parameters. */
function conditions(where: Record<string, unknown>): { sql: string; params: unknown[] } {
  const set = Object.entries(where).filter(([, value]) => value !== null && value !== undefined);
  return { sql: set.map(([sql]) => `and ${sql}`).join(' '), params: set.map(([, value]) => value) };
}

/** `and <alias>.<column> = ?` for every column given a value; columns given null or nothing are left out. */
export const equalTo = (alias: string, values: Record<string, unknown>) =>
  conditions(Object.fromEntries(Object.entries(values).map(([column, value]) => [`${alias}.${column} = ?`, value])));

type Group = Record<string, string | number | null | undefined> & { share: number };

/** The dimension enum, the group type and the query field of one rollup, in the subgraph `builder` builds. */
export function declareRollup<Args extends InputFieldMap, Measure extends string>(
  builder: Builder,
  region: ReturnType<typeof regionEntity>['RegionRef'],
  rollup: RollupDeclaration<Args, Measure>,
) {
  const dimensions = Object.entries(rollup.dimensions);
  const regionLevel = builder.enumType('RegionLevel', {
    description: 'The level regions are rolled up to. 汇总层级',
    values: enumValues(ROLLUP_LEVELS),
  });
  const dimension = builder.enumType(rollup.dimensionEnum.name, {
    description: rollup.dimensionEnum.description,
    values: Object.fromEntries([
      ['REGION', { value: 'region', description: '地区（按 regionLevel 汇总）' }],
      ...dimensions.map(([key, d]) => [enumValueOf(key), { value: key, description: d.label }]),
    ]) as Record<string, { value: string; description: string }>,
  });
  const group = builder.objectRef<Group>(rollup.group.name).implement({
    description: rollup.group.description,
    fields: (t) => ({
      region: t.field({
        type: region,
        nullable: true,
        description: 'The region, at `regionLevel` (REGION). 地区',
        resolve: (g) => (g.region ? { code: String(g.region) } : null),
      }),
      ...Object.fromEntries(
        dimensions.map(([key, d]) => [
          key,
          t.field({
            type: d.type,
            nullable: true,
            description: d.description ?? `${d.label} (${enumValueOf(key)})`,
            resolve: (g, _args, ctx) => (g[key] == null ? null : d.resolve ? d.resolve(String(g[key]), ctx) : g[key]) as never,
          }),
        ]),
      ),
      ...Object.fromEntries(
        Object.entries<MeasureDeclaration>(rollup.measures).map(([key, m]) => [
          key,
          m.type === 'Money'
            ? t.field({ type: 'Money', description: m.description, resolve: (g) => g[key] as string })
            : t.int({ description: m.description, resolve: (g) => Number(g[key]) }),
        ]),
      ),
      share: t.float({ description: rollup.share.description, resolve: (g) => g.share }),
    }),
  });
  builder.queryField(rollup.field, (t) =>
    t.field({
      type: [group],
      description: rollup.description,
      args: {
        within: t.arg.id({
          required: true,
          validate: RegionCode,
          description: `A region code; ${rollup.facts} of its whole subtree.`,
        }),
        groupBy: t.arg({ type: [dimension], required: true, description: 'The dimensions to group by. 分组维度' }),
        regionLevel: t.arg({
          type: regionLevel,
          defaultValue: 'COUNTY' as RollupLevel,
          description: 'Level the REGION dimension rolls up to.',
        }),
        ...rollup.args(t.arg),
      },
      resolve: (_root, args, ctx) => answer(ctx, rollup, args as unknown as RollupArgs<Args>),
    }),
  );
}

type RollupArgs<Args extends InputFieldMap> = InputShapeFromFields<Args> & {
  within: string | number;
  groupBy: readonly string[];
  regionLevel?: RollupLevel | null;
};

/** A rollup's groups for its arguments, each with its share: one statement. */
async function answer<Args extends InputFieldMap, Measure extends string>(
  { em, viewer }: SubgraphContext,
  rollup: RollupDeclaration<Args, Measure>,
  args: RollupArgs<Args>,
): Promise<Group[]> {
  const within = String(args.within);
  assertRegionInScope(viewer, within);
  const dims = [...new Set(args.groupBy)];
  if (dims.length !== args.groupBy.length)
    throw userError('BAD_USER_INPUT', 'groupBy 中有重复的维度', { argumentName: 'groupBy' });
  const sqlOf: Record<string, string> = {
    region: regionAt(args.regionLevel ?? 'COUNTY'),
    ...Object.fromEntries(Object.entries(rollup.dimensions).map(([key, d]) => [key, d.sql])),
  };
  const only = Object.entries(rollup.dimensions).find(([key, d]) => d.only && dims.includes(key))?.[1];
  const school = schoolCondition(viewer, 'f');
  const where = conditions(rollup.where(args));
  const selected = [
    ...dims.map((d) => `${sqlOf[d]} as "${d}"`),
    ...Object.entries<MeasureDeclaration>(rollup.measures).map(([name, m]) => `${m.sql} as "${name}"`),
  ];
  const sql = `select ${selected.join(', ')} from ${rollup.from}
                where f.region_code like ? ${school.sql} ${where.sql} ${only ? `and ${only.sql} is not null` : ''}
                ${dims.length ? `group by ${dims.map((_, i) => i + 1).join(', ')} order by ${dims.map((_, i) => i + 1).join(', ')}` : ''}`;
  const rows = await em
    .getConnection()
    .execute<Record<string, string | number | null>[]>(
      sql,
      [`${subtreePrefix(within)}%`, ...school.params, ...where.params],
      'all',
      em.getTransactionContext(),
    );
  return withShares(rows, only?.only ?? rollup.share.of);
}

/** Each group's share of the whole result, by one measure; 0 when the whole is 0. */
function withShares<T extends Record<string, unknown>>(rows: T[], measure: string): (T & { share: number })[] {
  const total = rows.reduce((n, r) => n + Number(r[measure]), 0);
  return rows.map((r) => ({ ...r, share: total ? Math.round((Number(r[measure]) / total) * 10000) / 10000 : 0 }));
}
