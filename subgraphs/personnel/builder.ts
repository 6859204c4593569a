import { createBuilder } from '../../lib/graphql/builder.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);
