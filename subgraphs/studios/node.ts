import { externalEntity } from '../../lib/graphql.ts';
import { isUuid } from '../../lib/input.ts';
import { nodeFields, type NodeType } from '../../lib/node.ts';
import { builder, NodeRef } from './builder.ts';
import { findPolicy } from './policy/policy.schema.ts';
import { findStudio } from './studio/studio.schema.ts';

/**
 * Studios answers `node(id:)` and `nodes(ids:)` (lib/node.ts): studios and policies here, the rest from their owners
 * (regions, schools, teachers: personnel; evaluations; allocations, expenditures: funding).
 */
const NODE_TYPES: readonly NodeType[] = [
  { name: 'Studio', accepts: isUuid, find: findStudio },
  { name: 'Policy', accepts: (id) => !isUuid(id), find: findPolicy },
];

// the owners' node types not otherwise known here
externalEntity(builder, 'Allocation', NodeRef);
externalEntity(builder, 'Expenditure', NodeRef);

nodeFields(builder, NodeRef, NODE_TYPES, ['personnel', 'evaluations', 'funding']);
