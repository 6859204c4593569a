import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope } from '../../../lib/auth.ts';
import { requireRegionCode } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import { rowLoader, rowsLoader } from '../../../lib/loaders.ts';
import { subtreePrefix, type RegionLevel } from '../../../lib/region-code.ts';
import { builder } from '../builder.ts';
import { Region } from './region.entity.ts';

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

export const regionLoader = (ctx: SubgraphContext) => rowLoader(ctx, Region, 'code');

export async function findRegion(ctx: SubgraphContext, code: string): Promise<Region> {
  const region = await regionLoader(ctx).load(requireRegionCode(code));
  if (!region) throw userError('NOT_FOUND', `未找到行政区划代码为 ${code} 的地区`, { regionCode: code });
  return region;
}

function regionLevel(level: RegionLevel | 'SCHOOL' | null | undefined): RegionLevel | undefined {
  if (level === 'SCHOOL')
    throw userError('BAD_USER_INPUT', '学校不是行政区划层级：请查询 PROVINCE、CITY 或 COUNTY 级地区', { argumentName: 'level' });
  return level ?? undefined;
}

/** The filter for regions of a level; COUNTY takes every county-level region, cities without counties included. */
const atLevel = (level: RegionLevel | undefined) => (level === 'COUNTY' ? { countyLevel: true } : level ? { level } : {});

function descendantsOf(em: EntityManager, code: string, level: RegionLevel | undefined): Promise<Region[]> {
  return em.find(
    Region,
    { code: { $like: `${subtreePrefix(code)}%`, $ne: code }, ...atLevel(level) },
    { orderBy: { code: 'asc' } },
  );
}

export const RegionRef = builder.objectRef<Region>('Region');

RegionRef.implement({
  description: 'An administrative region (行政区划) identified by its six-digit GB/T 2260 code.',
  fields: (t) => ({
    code: t.exposeID('code', { description: 'Six-digit GB/T 2260 code, e.g. "410422" (叶县).' }),
    name: t.exposeString('name'),
    level: t.field({ type: LevelEnum, resolve: (r) => r.level }),
    parent: t.field({
      type: RegionRef,
      nullable: true,
      description: 'The region one level up: the nation (100000) for a province; null for the nation.',
      resolve: (r, _args, ctx) => (r.parentCode ? regionLoader(ctx).load(r.parentCode) : null),
    }),
    children: t.field({
      type: [RegionRef],
      description: 'The regions one level down, by code.',
      resolve: (r, _args, ctx) => rowsLoader(ctx, Region, 'parentCode', { orderBy: { code: 'asc' } }).load(r.code),
    }),
    descendants: t.field({
      type: [RegionRef],
      description:
        'Every region below this one, by code; `level` keeps only that level (COUNTY: every county-level region, cities without counties such as 东莞市 included).',
      args: { level: t.arg({ type: LevelEnum, required: false }) },
      resolve: (r, { level }, ctx) => descendantsOf(ctx.em, r.code, regionLevel(level)),
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
export async function openRegion(ctx: SubgraphContext, code: string): Promise<Region> {
  assertRegionInScope(ctx.viewer, requireRegionCode(code));
  return findRegion(ctx, code);
}

builder.queryFields((t) => ({
  region: t.field({
    type: RegionRef,
    nullable: true,
    description: 'One region of your subtree by its six-digit code. 按代码查询行政区划',
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, { code }, ctx) => openRegion(ctx, String(code)),
  }),
  regions: t.field({
    type: [RegionRef],
    description: 'Regions of one level in your subtree, optionally only those under `within`.',
    args: {
      level: t.arg({ type: LevelEnum, required: true }),
      within: t.arg.id({ required: false }),
    },
    resolve: async (_root, { level, within }, ctx) => {
      const wanted = regionLevel(level);
      if (within) return descendantsOf(ctx.em, (await openRegion(ctx, String(within))).code, wanted);
      // without `within`: the viewer's own region, when of that level, and those below it
      const own = await findRegion(ctx, ctx.viewer.regionCode);
      const below = await descendantsOf(ctx.em, own.code, wanted);
      return !wanted || own.level === wanted ? [own, ...below] : below;
    },
  }),
}));
