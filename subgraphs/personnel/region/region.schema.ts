import { assertRegionInScope } from '../../../lib/auth.ts';
import { requireRegionCode } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import { type SubgraphContext } from '../../../lib/context.ts';
import type { RegionLevel } from '../../../lib/region-code.ts';
import { REGION_CODE_DESCRIPTION } from '../../../lib/graphql.ts';
import { builder, NodeRef } from '../builder.ts';
import { regionTree, type RegionRow } from './region-tree.ts';

export const LevelEnum = builder.enumType('Level', {
  description: "A region's or an office's level of administration. 行政层级",
  values: {
    NATION: { description: '国家级（全国，100000 中华人民共和国）' },
    PROVINCE: { description: '省级' },
    CITY: { description: '市级' },
    COUNTY: { description: '县级（县、县级市、区、功能区）' },
    SCHOOL: { description: '学校' },
  } as const,
});

/** A region by its code, or null: from the tree held in memory (region-tree.ts). */
export async function regionByCode(ctx: SubgraphContext, code: string): Promise<RegionRow | null> {
  return (await regionTree(ctx.em)).byCode.get(code) ?? null;
}

export async function findRegion(ctx: SubgraphContext, code: string): Promise<RegionRow> {
  const region = await regionByCode(ctx, requireRegionCode(code));
  if (!region) throw userError('NOT_FOUND', `未找到行政区划代码为 ${code} 的地区`, { regionCode: code });
  return region;
}

function regionLevel(level: RegionLevel | 'SCHOOL' | null | undefined): RegionLevel | undefined {
  if (level === 'SCHOOL')
    throw userError('BAD_USER_INPUT', '学校不是行政区划层级：请查询 PROVINCE、CITY 或 COUNTY 级地区', { argumentName: 'level' });
  return level ?? undefined;
}

async function descendantsOf(ctx: SubgraphContext, code: string, level: RegionLevel | undefined): Promise<RegionRow[]> {
  return (await regionTree(ctx.em)).descendants(code, level);
}

export const RegionRef = builder.objectRef<RegionRow>('Region');

RegionRef.implement({
  description: 'An administrative region (行政区划) identified by its six-digit GB/T 2260 code.',
  interfaces: [NodeRef],
  fields: (t) => ({
    code: t.exposeID('code', { description: REGION_CODE_DESCRIPTION }),
    id: t.exposeID('code', {
      description: 'The same as `code`: the id clients cache a region by, and pass to `node(id:)`. 编号（同行政区划代码）',
    }),
    name: t.exposeString('name', { description: 'The official name, e.g. 叶县. 名称' }),
    level: t.field({ type: LevelEnum, description: 'Province, city or county level. 行政层级', resolve: (r) => r.level }),
    parent: t.field({
      type: RegionRef,
      nullable: true,
      description: 'The region one level up: the nation (100000) for a province; null for the nation.',
      resolve: (r, _args, ctx) => (r.parentCode ? regionByCode(ctx, r.parentCode) : null),
    }),
    children: t.field({
      type: [RegionRef],
      description: 'The regions one level down, by code.',
      resolve: (r, _args, ctx) => regionTree(ctx.em).then((tree) => tree.children(r.code)),
    }),
    descendants: t.field({
      type: [RegionRef],
      description:
        'Every region below this one, by code; `level` keeps only that level (COUNTY: every county-level region, cities without counties such as 东莞市 included).',
      args: { level: t.arg({ type: LevelEnum, required: false, description: 'Only regions of this level.' }) },
      resolve: (r, { level }, ctx) => descendantsOf(ctx, r.code, regionLevel(level)),
    }),
  }),
});

// A region's code, name and place in the tree are public reference data (GB/T 2260): references and the
// parent / children / descendants fields give them for any region. Everything about studios, schools, people and
// money is scoped, field by field, in every subgraph.
builder.asEntity(RegionRef, {
  key: builder.selection<{ code: string }>('code'),
  resolveReference: (ref, ctx) => findRegion(ctx, ref.code),
});

/** A region the viewer may open: in their subtree (FORBIDDEN otherwise), and existing. */
export async function openRegion(ctx: SubgraphContext, code: string): Promise<RegionRow> {
  assertRegionInScope(ctx.viewer, requireRegionCode(code));
  return findRegion(ctx, code);
}

builder.queryFields((t) => ({
  region: t.field({
    type: RegionRef,
    nullable: true,
    description: 'One region of your subtree by its six-digit code. 按代码查询行政区划',
    args: { code: t.arg.id({ required: true, description: 'The six-digit region code.' }) },
    resolve: (_root, { code }, ctx) => openRegion(ctx, String(code)),
  }),
  regions: t.field({
    type: [RegionRef],
    description: 'Regions of one level in your subtree, optionally only those under `within`.',
    args: {
      level: t.arg({ type: LevelEnum, required: true, description: 'The level wanted (not SCHOOL).' }),
      within: t.arg.id({ required: false, description: 'A region code; only regions below it.' }),
    },
    resolve: async (_root, { level, within }, ctx) => {
      const wanted = regionLevel(level);
      if (within) return descendantsOf(ctx, (await openRegion(ctx, String(within))).code, wanted);
      // without `within`: the viewer's own region, when of that level, and those below it
      const own = await findRegion(ctx, ctx.viewer.regionCode);
      const below = await descendantsOf(ctx, own.code, wanted);
      return !wanted || own.level === wanted ? [own, ...below] : below;
    },
  }),
}));
