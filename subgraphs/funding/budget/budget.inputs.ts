import { Year } from '../../../lib/graphql/shapes.ts';
import { builder, SpendingCategoryEnum } from '../builder.ts';

export const BudgetLineInput = builder.inputType('BudgetLineInput', {
  description: 'One category of a budget. 预算科目',
  fields: (t) => ({
    category: t.field({ type: SpendingCategoryEnum, required: true, description: 'Spending category. 支出类别' }),
    amount: t.field({ type: 'Money', required: true, description: 'Budgeted. 预算金额' }),
  }),
});

export const SetBudgetInput = builder.inputType('SetBudgetInput', {
  description: 'A studio’s budget for a year, all lines (年度支出预算).',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    year: t.int({ required: true, validate: Year, description: 'The budget year. 年度' }),
    version: t.int({ description: 'The version you read; required to change an existing budget.' }),
    lines: t.field({ type: [BudgetLineInput], required: true, description: 'Every line; lines left out are dropped.' }),
  }),
});
