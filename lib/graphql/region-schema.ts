import type { Builder } from './context.ts';
import { REGION_CODE_DESCRIPTION } from './builder.ts';
import type { NodeInterface } from './node.ts';
import { childRegions, regionRow, type RegionRow } from '../domain/region-tree.ts';
import { findRegion, openRegion, regionsBelow, regionsOfLevel } from './region-queries.ts';
import { enumValues } from './enums.ts';
import { OFFICE_LEVELS } from '../domain/vocabulary.ts';
import { RegionCode } from './shapes.ts';

/** The row of a region a field points at by code (only real regions are ever pointed at). */
const row = (ref: { code: string }): RegionRow => regionRow(ref.code) ?? findRegion(ref.code);

/**
 * The Region entity, the Level enum and the `region` / `regions` queries, the same in every subgraph. A region's
 * code, name and place in the tree are public reference data (GB/T 2260, lib/domain/region-tree.ts), held in every
 * process: so each subgraph answers them itself (@shareable) and the gateway's planner can serve a region with its
 * children's studio, evaluation or funding figures from one call to the subgraph that owns those figures, instead
 * of asking personnel for the tree and every subgraph again for each child. Everything about studios, schools,
 * people and money is scoped, field by field, in the subgraph that owns it.
 */
export function regionEntity(builder: Builder, node: NodeInterface) {
  const LevelEnum = builder.enumType('Level', {
    description: "A region's or an office's level of administration. 行政层级",
    values: enumValues({
      ...OFFICE_LEVELS,
      NATION: '国家级（全国，100000 中华人民共和国）',
      COUNTY: '县级（县、县级市、区、功能区）',
    }),
  });
  const RegionRef = builder.objectRef<{ code: string }>('Region');
  RegionRef.implement({
    description: 'An administrative region (行政区划) identified by its six-digit GB/T 2260 code.',
    interfaces: [node],
    fields: (t) => ({
      code: t.exposeID('code', { description: REGION_CODE_DESCRIPTION }),
      id: t.exposeID('code', {
        shareable: true,
        description: 'The same as `code`: the id clients cache a region by, and pass to `node(id:)`. 编号（同行政区划代码）',
      }),
      name: t.string({ shareable: true, description: 'The official name, e.g. 叶县. 名称', resolve: (r) => row(r).name }),
      level: t.field({
        type: LevelEnum,
        shareable: true,
        description: 'Province, city or county level. 行政层级',
        resolve: (r) => row(r).level,
      }),
      parent: t.field({
        type: RegionRef,
        nullable: true,
        shareable: true,
        description: 'The region one level up: the nation (100000) for a province; null for the nation. 上级行政区划',
        resolve: (r) => {
          const parentCode = row(r).parentCode;
          return parentCode ? findRegion(parentCode) : null;
        },
      }),
      children: t.field({
        type: [RegionRef],
        shareable: true,
        description: 'The regions one level down, by code. 下级行政区划',
        resolve: (r) => childRegions(r.code),
      }),
      descendants: t.field({
        type: [RegionRef],
        shareable: true,
        description:
          'Every region below this one, by code; `level` keeps only that level (COUNTY: every county-level region, cities without counties such as 东莞市 included). 所辖行政区划',
        args: { level: t.arg({ type: LevelEnum, required: false, description: 'Only regions of this level.' }) },
        resolve: (r, { level }) => regionsBelow(r.code, level),
      }),
    }),
  });
  builder.asEntity(RegionRef, {
    key: builder.selection<{ code: string }>('code'),
    resolveReference: (ref) => findRegion(ref.code),
  });
  builder.queryFields((t) => ({
    region: t.field({
      type: RegionRef,
      nullable: true,
      shareable: true,
      description: 'One region of your subtree by its six-digit code. 按代码查询行政区划',
      args: { code: t.arg.id({ required: true, validate: RegionCode, description: 'The six-digit region code.' }) },
      resolve: (_root, { code }, ctx) => openRegion(ctx, code),
    }),
    regions: t.field({
      type: [RegionRef],
      shareable: true,
      description: 'Regions of one level in your subtree, optionally only those under `within`.',
      args: {
        level: t.arg({ type: LevelEnum, required: true, description: 'The level wanted (not SCHOOL).' }),
        within: t.arg.id({ required: false, validate: RegionCode, description: 'A region code; only regions below it.' }),
      },
      resolve: (_root, args, ctx) => regionsOfLevel(ctx, args),
    }),
  }));
  return { RegionRef, LevelEnum };
}
