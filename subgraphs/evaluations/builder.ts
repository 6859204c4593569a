import { createBuilder, externalEntity } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);

/** Entities owned elsewhere that this subgraph points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
export const SchoolRef = externalEntity(builder, 'School');
export const StudioRef = externalEntity(builder, 'Studio');
export const TeacherRef = externalEntity(builder, 'Teacher');
