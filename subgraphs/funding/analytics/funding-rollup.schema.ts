import * as rollup from '../../../lib/graphql/analytics.ts';
import { enumValues } from '../../../lib/graphql/enums.ts';
import { FundingSourceEnum } from '../allocation/allocation.schema.ts';
import { builder, RegionRef } from '../builder.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../../../lib/domain/vocabulary.ts';
import { fundingRollup, type FundingGroup } from './funding-rollup.queries.ts';

const RegionLevelEnum = rollup.regionLevelEnum(builder);

export const SpendingCategoryEnum = builder.enumType('SpendingCategory', {
  description: 'The allowed uses of studio funds (003 附件). 支出类别',
  values: enumValues<SpendingCategory>(SPENDING_CATEGORIES),
});

const FundingDimension = builder.enumType('FundingDimension', {
  description: 'What funding can be grouped by: allocations by source, spending by category. 分组维度',
  values: {
    REGION: rollup.REGION_DIMENSION,
    YEAR: { value: 'year', description: '年度' },
    SOURCE: { value: 'source', description: '经费来源（仅拨付）' },
    CATEGORY: { value: 'category', description: '支出类别（仅支出）' },
  } as const,
});

const FundingGroupRef = builder.objectRef<FundingGroup>('FundingGroup').implement({
  description: 'One group of funding figures; only the dimensions grouped by are set.',
  fields: (t) => ({
    region: rollup.regionGroupField(t, RegionRef),
    year: t.int({ nullable: true, description: '年度 (YEAR)', resolve: (g) => g.year ?? null }),
    source: t.field({
      type: FundingSourceEnum,
      nullable: true,
      description: '经费来源 (SOURCE)',
      resolve: (g) => g.source ?? null,
    }),
    category: t.field({
      type: SpendingCategoryEnum,
      nullable: true,
      description: '支出类别 (CATEGORY)',
      resolve: (g) => g.category ?? null,
    }),
    allocated: t.field({ type: 'Money', description: '拨付', resolve: (g) => g.allocated }),
    matched: t.field({ type: 'Money', description: '其中地方配套', resolve: (g) => g.matched }),
    spent: t.field({ type: 'Money', description: '支出', resolve: (g) => g.spent }),
    share: t.float({
      description: "Share of the result's money (allocated, or spent when grouped by category). 占比",
      resolve: (g) => g.share,
    }),
  }),
});

builder.queryFields((t) => ({
  fundingRollup: t.field({
    type: [FundingGroupRef],
    description:
      "Funding of the studios of a region's subtree grouped by the dimensions asked for: SOURCE splits allocations, CATEGORY splits spending (the other measure is then 0). 经费分组统计",
    args: {
      ...rollup.rollupArgs(t.arg, 'funding', FundingDimension, RegionLevelEnum),
      year: t.arg.int({ description: 'Only this year. 年度' }),
    },
    resolve: (_root, { within, groupBy, regionLevel, year }, ctx) =>
      fundingRollup(ctx, String(within), groupBy, regionLevel ?? 'COUNTY', year),
  }),
}));
