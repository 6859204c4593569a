import { createBuilder, externalEntity } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';
import { honorLevelEnum, stageEnum } from '../../lib/graphql/enums.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
/** Studios answers `node(id:)` (node.ts): the other subgraphs' node types are Nodes here too. */
export const NodeRef = nodeInterface(builder);

export const StageEnum = stageEnum(builder);
export const HonorLevelEnum = honorLevelEnum(builder);

/** Entities owned by personnel that studios points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
export const SchoolRef = externalEntity(builder, 'School', NodeRef);
/** A teacher; implemented with the facts from personnel that eligibility needs in policy/eligibility.schema.ts. */
export const TeacherRef = builder.externalRef('Teacher', builder.selection<{ id: string }>('id'));
