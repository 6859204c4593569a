import { nodeTypesField, type NodeType } from '../../lib/graphql/node.ts';
import { findAllocation } from './allocation/allocation.queries.ts';
import { AllocationRef } from './allocation/allocation.schema.ts';
import { findBudget } from './budget/budget.queries.ts';
import { BudgetRef } from './budget/budget.schema.ts';
import { builder } from './builder.ts';
import { findExpenditure } from './expenditure/expenditure.queries.ts';
import { ExpenditureRef } from './expenditure/expenditure.schema.ts';
import { isUuid } from '../../lib/graphql/shapes.ts';

/** What funding answers `node(id:)` for (lib/graphql/node.ts): allocations, expenditures and budgets, in the viewer's scope. */
const NODE_TYPES: readonly NodeType[] = [
  { name: 'Allocation', accepts: isUuid, find: findAllocation },
  { name: 'Expenditure', accepts: isUuid, find: findExpenditure },
  { name: 'Budget', accepts: isUuid, find: findBudget },
];
nodeTypesField(builder, NODE_TYPES);

// entities, so that the gateway completes the node studios found from here
const key = builder.selection<{ id: string }>('id');
builder.asEntity(AllocationRef, { key, resolveReference: (ref, ctx) => findAllocation(ctx, ref.id) });
builder.asEntity(ExpenditureRef, { key, resolveReference: (ref, ctx) => findExpenditure(ctx, ref.id) });
builder.asEntity(BudgetRef, { key, resolveReference: (ref, ctx) => findBudget(ctx, ref.id) });
