import { createBuilder } from '../../lib/graphql.ts';
import { nodeInterface } from '../../lib/node.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);
