import { createBuilder, externalEntity } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';
import { vocabularyEnums } from '../../lib/graphql/enums.ts';
import { EVALUATION_KINDS, EVALUATION_STATUSES, GRADES } from '../../lib/domain/vocabulary.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
export const NodeRef = nodeInterface(builder);

/** Entities owned elsewhere that this subgraph points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
export const SchoolRef = externalEntity(builder, 'School');
export const StudioRef = externalEntity(builder, 'Studio');
export const TeacherRef = externalEntity(builder, 'Teacher');

/** The enums that inputs (*.inputs.ts) take as well as objects give, here since an inputs file imports no schema file. */
export const {
  EvaluationKind: EvaluationKindEnum,
  EvaluationStatus: EvaluationStatusEnum,
  Grade: GradeEnum,
} = vocabularyEnums(builder, {
  EvaluationKind: ['评估类型', EVALUATION_KINDS],
  EvaluationStatus: ['Where an evaluation stands. 评估状态', EVALUATION_STATUSES],
  Grade: ["A result on any policy's scale: 合格/不合格 maps to PASS/FAIL, 优秀/合格/不合格 adds EXCELLENT.", GRADES],
});
