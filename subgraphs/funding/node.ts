import { isUuid } from '../../lib/input.ts';
import { findInScope } from '../../lib/loaders.ts';
import { nodeTypesField, type NodeType } from '../../lib/node.ts';
import { Allocation } from './allocation/allocation.entity.ts';
import { AllocationRef } from './allocation/allocation.schema.ts';
import { builder } from './builder.ts';
import { Expenditure } from './expenditure/expenditure.entity.ts';
import { ExpenditureRef } from './expenditure/expenditure.schema.ts';

/** What funding answers `node(id:)` for (lib/node.ts): allocations and expenditures, each in the viewer's scope. */
const NODE_TYPES: readonly NodeType[] = [
  { name: 'Allocation', accepts: isUuid, find: (ctx, id) => findInScope(ctx, Allocation, id, '拨款') },
  { name: 'Expenditure', accepts: isUuid, find: (ctx, id) => findInScope(ctx, Expenditure, id, '支出') },
];
nodeTypesField(builder, NODE_TYPES);

// entities, so that the gateway completes the node studios found from here
const key = builder.selection<{ id: string }>('id');
builder.asEntity(AllocationRef, { key, resolveReference: (ref, ctx) => findInScope(ctx, Allocation, ref.id, '拨款') });
builder.asEntity(ExpenditureRef, { key, resolveReference: (ref, ctx) => findInScope(ctx, Expenditure, ref.id, '支出') });
