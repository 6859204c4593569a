import type { SubgraphContext } from '../../lib/context.ts';
import { findInScope } from '../../lib/loaders.ts';
import { nodeTypesField, type NodeType } from '../../lib/node.ts';
import { Allocation } from './allocation/allocation.entity.ts';
import { AllocationRef } from './allocation/allocation.schema.ts';
import { Budget } from './budget/budget.entity.ts';
import { BudgetRef } from './budget/budget.schema.ts';
import { readBudget } from './budget/budget.service.ts';
import { builder } from './builder.ts';
import { Expenditure } from './expenditure/expenditure.entity.ts';
import { ExpenditureRef } from './expenditure/expenditure.schema.ts';
import { isUuid } from '../../lib/shapes.ts';

/** A studio's budget for a year by its id, as `Studio.budget` reads it. */
async function findBudget(ctx: SubgraphContext, id: string) {
  const budget = await findInScope(ctx, Budget, id, '工作室预算');
  return (await readBudget(ctx.em, budget.studioId, budget.year))!;
}

/** What funding answers `node(id:)` for (lib/node.ts): allocations, expenditures and budgets, in the viewer's scope. */
const NODE_TYPES: readonly NodeType[] = [
  { name: 'Allocation', accepts: isUuid, find: (ctx, id) => findInScope(ctx, Allocation, id, '拨款') },
  { name: 'Expenditure', accepts: isUuid, find: (ctx, id) => findInScope(ctx, Expenditure, id, '支出') },
  { name: 'Budget', accepts: isUuid, find: findBudget },
];
nodeTypesField(builder, NODE_TYPES);

// entities, so that the gateway completes the node studios found from here
const key = builder.selection<{ id: string }>('id');
builder.asEntity(AllocationRef, { key, resolveReference: (ref, ctx) => findInScope(ctx, Allocation, ref.id, '拨款') });
builder.asEntity(ExpenditureRef, { key, resolveReference: (ref, ctx) => findInScope(ctx, Expenditure, ref.id, '支出') });
builder.asEntity(BudgetRef, { key, resolveReference: (ref, ctx) => findBudget(ctx, ref.id) });
