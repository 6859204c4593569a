import { createBuilder } from '../../lib/graphql/builder.ts';
import { genderEnum, honorLevelEnum, stageEnum } from '../../lib/graphql/enums.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);

/** The enums that inputs (*.inputs.ts) take as well as objects give, here since an inputs file imports no schema file. */
export const StageEnum = stageEnum(builder);
export const GenderEnum = genderEnum(builder);
export const HonorLevelEnum = honorLevelEnum(builder);
