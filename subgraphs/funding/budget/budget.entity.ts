import { defineEntity, p } from '@mikro-orm/core';
import { studioFact, timestamps } from '../../../lib/data/entity.ts';
import type { SpendingCategory } from '../../../lib/domain/vocabulary.ts';

/** A studio's yearly spending budget (年度支出预算, 003 经费办法 第四条): its lines are below. */
const BudgetSchema = defineEntity({
  name: 'Budget',
  tableName: 'budget',
  properties: {
    ...studioFact(),
    year: p.integer(),
    version: p.integer().version(),
    ...timestamps(),
  },
});
export class Budget extends BudgetSchema.class {}
BudgetSchema.setClass(Budget);

const BudgetLineSchema = defineEntity({
  name: 'BudgetLine',
  tableName: 'budget_line',
  properties: {
    id: p.uuid().primary(),
    budgetId: p.uuid(),
    category: p.string().$type<SpendingCategory>(),
    /** Integer fen. */
    amountFen: p.bigint(),
  },
});
export class BudgetLine extends BudgetLineSchema.class {}
BudgetLineSchema.setClass(BudgetLine);
