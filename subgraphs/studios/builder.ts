import { createBuilder, ID_DESCRIPTION } from '../../lib/graphql/builder.ts';
import { regionEntity } from '../../lib/graphql/region-schema.ts';
import { nodeInterface } from '../../lib/graphql/node.ts';
import { honorLevelEnum, stageEnum, studioLevelEnum, vocabularyEnum, vocabularyEnums } from '../../lib/graphql/enums.ts';
import { MEMBER_ROLES, STUDIO_CATEGORIES, STUDIO_STATUSES, WORK_KINDS } from '../../lib/domain/vocabulary.ts';

export const builder = createBuilder();
builder.mutationType({ description: 'Changes, each one transaction, audited. 变更' });
/** Studios answers `node(id:)` (node.ts): the other subgraphs' node types are Nodes here too. */
export const NodeRef = nodeInterface(builder);

export const StageEnum = stageEnum(builder);
export const HonorLevelEnum = honorLevelEnum(builder);
export const StudioCategoryEnum = vocabularyEnum(
  builder,
  'StudioCategory',
  'Which kind of studio: 名班主任工作室 or 名师工作室 (004 方案4 “双名”). 工作室类别',
  STUDIO_CATEGORIES,
);
/** The enums that inputs (*.inputs.ts) take as well as objects give, here since an inputs file imports no schema file. */
export const StudioLevelEnum = studioLevelEnum(builder);
export const {
  StudioStatus: StudioStatusEnum,
  MemberRole: MemberRoleEnum,
  WorkKind: WorkKindEnum,
} = vocabularyEnums(builder, {
  StudioStatus: ['Where the studio stands in its lifecycle. 工作室状态', STUDIO_STATUSES],
  MemberRole: ['A member’s role in a studio’s team. 成员角色', MEMBER_ROLES],
  WorkKind: ['What a studio does (activities) or produces (documents and outputs). 工作类型', WORK_KINDS],
});

/** Entities owned by personnel that studios points at or adds fields to. */
export const { RegionRef } = regionEntity(builder, NodeRef);
/** A school; its region is personnel's, here only for `Teacher.eligibility`'s `@requires` (the teacher's facts). */
export const SchoolRef = builder.externalRef('School', builder.selection<{ id: string }>('id')).implement({
  interfaces: [NodeRef],
  externalFields: (t) => ({ region: t.field({ type: RegionRef }) }),
  fields: (t) => ({ id: t.exposeID('id', { description: ID_DESCRIPTION }) }),
});
/** A teacher; implemented with the facts from personnel that eligibility needs in policy/eligibility.schema.ts. */
export const TeacherRef = builder.externalRef('Teacher', builder.selection<{ id: string }>('id'));
