import { createBuilder } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);

/** Entities owned elsewhere that this subgraph points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
/** A studio; implemented with what studios says of it that the yearly budget requires in budget/budget.schema.ts. */
export const StudioRef = builder.externalRef('Studio', builder.selection<{ id: string }>('id'));
