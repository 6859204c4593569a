import { ratio } from '../../../lib/domain/money.ts';
import { builder, RegionRef, StudioRef } from '../builder.ts';
import { regionFunding, studioFunding, type FundingSummary } from './funding-summary.queries.ts';

const FundingSummaryRef = builder.objectRef<FundingSummary>('FundingSummary').implement({
  description: "One year's money: allocated from all sources, the local matching part, spent and left.",
  fields: (t) => ({
    allocated: t.field({ type: 'Money', description: '拨付（各来源合计）', resolve: (f) => f.allocated }),
    matched: t.field({ type: 'Money', description: '地方配套', resolve: (f) => f.matched }),
    spent: t.field({ type: 'Money', description: '支出', resolve: (f) => f.spent }),
    balance: t.field({ type: 'Money', description: '结余 = 拨付 − 支出', resolve: (f) => f.allocated - f.spent }),
    executionRate: t.float({
      description: '执行率 = 支出 ÷ 拨付, four decimal places; 0 when nothing is allocated.',
      resolve: (f) => ratio(f.spent, f.allocated),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  funding: t.field({
    type: FundingSummaryRef,
    nullable: true,
    description:
      "Funding of the studios in the region's subtree for a year; one statement for every region asked. Null, with " +
      'an error, when it cannot be given: the funding service is unavailable (SERVICE_UNAVAILABLE). 经费统计',
    args: { year: t.arg.int({ required: true, description: 'Budget year, e.g. 2026.' }) },
    resolve: (region, { year }, ctx) => regionFunding(ctx, region.code, year),
  }),
}));

builder.objectFields(StudioRef, (t) => ({
  funding: t.field({
    type: FundingSummaryRef,
    nullable: true,
    description: "The studio's funding for a year. Null, with an error, when the funding service is unavailable.",
    args: { year: t.arg.int({ required: true, description: 'Budget year, e.g. 2026.' }) },
    resolve: (studio, { year }, ctx) => studioFunding(ctx, studio.id, year),
  }),
}));
