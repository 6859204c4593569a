import { declareRollup } from '../../../lib/graphql/analytics.ts';
import { builder, FundingSourceEnum, RegionRef, SpendingCategoryEnum } from '../builder.ts';

declareRollup(builder, RegionRef, {
  field: 'fundingRollup',
  description:
    "Funding of the studios of a region's subtree grouped by the dimensions asked for: SOURCE splits allocations, CATEGORY splits spending (the other measure is then 0). 经费分组统计",
  facts: 'funding',
  // allocations and spending as one fact table: each row carries one of the two amounts
  from: `(select region_code, host_school_id, year, source, null as category, amount_fen as allocated,
                 case when matching then amount_fen else 0 end as matched, 0 as spent from allocation
          union all
          select region_code, host_school_id, year, null, category, 0, 0, amount_fen from expenditure where status = 'BOOKED') f`,
  dimensionEnum: {
    name: 'FundingDimension',
    description: 'What funding can be grouped by: allocations by source, spending by category. 分组维度',
  },
  group: { name: 'FundingGroup', description: 'One group of funding figures; only the dimensions grouped by are set.' },
  dimensions: {
    year: { sql: 'f.year', label: '年度', type: 'Int' },
    source: {
      sql: 'f.source',
      label: '经费来源（仅拨付）',
      type: FundingSourceEnum,
      description: '经费来源 (SOURCE)',
      only: 'allocated',
    },
    category: {
      sql: 'f.category',
      label: '支出类别（仅支出）',
      type: SpendingCategoryEnum,
      description: '支出类别 (CATEGORY)',
      only: 'spent',
    },
  },
  measures: {
    allocated: { sql: 'coalesce(sum(f.allocated), 0)', description: '拨付', type: 'Money' },
    matched: { sql: 'coalesce(sum(f.matched), 0)', description: '其中地方配套', type: 'Money' },
    spent: { sql: 'coalesce(sum(f.spent), 0)', description: '支出', type: 'Money' },
  },
  share: {
    of: 'allocated',
    description: "Share of the result's money (allocated, or spent when grouped by category). 占比",
  },
  args: (arg) => ({ year: arg.int({ description: 'Only this year. 年度' }) }),
  where: ({ year }) => ({ 'f.year = ?': year }),
});
