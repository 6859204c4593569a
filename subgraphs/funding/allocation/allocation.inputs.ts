import { Year } from '../../../lib/graphql/shapes.ts';
import { builder, FundingSourceEnum } from '../builder.ts';

export const AllocateFundsInput = builder.inputType('AllocateFundsInput', {
  description: 'Money to allocate to a studio. 拨款',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    year: t.int({ required: true, validate: Year, description: 'The year funded, within its construction cycle. 年度' }),
    source: t.field({ type: FundingSourceEnum, required: true, description: 'Whose budget it comes from. 经费来源' }),
    amount: t.field({ type: 'Money', required: true, description: 'Amount, at most the policy’s standard. 金额' }),
    matching: t.boolean({ description: 'Local matching funds (配套) against another source’s grant.', defaultValue: false }),
    stipend: t.boolean({
      description: "The host's work stipend (主持人工作补助), only where the policy grants one (funding.hostStipend).",
      defaultValue: false,
    }),
    note: t.string({ description: '文号或说明' }),
  }),
});
