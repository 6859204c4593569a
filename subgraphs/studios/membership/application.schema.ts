import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { APPLICATION_STATUSES } from '../../../lib/domain/vocabulary.ts';
import { builder, MemberRoleEnum, TeacherRef, NodeRef } from '../builder.ts';
import { findStudio } from '../studio/studio.queries.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import type { MembershipApplication } from './application.entity.ts';
import { applicationsOf } from './application.queries.ts';
import { ApplyToJoinStudioInput, DecideApplicationInput } from './application.inputs.ts';
import { applyToJoinStudio, decideApplication } from './application.service.ts';

const ApplicationStatusEnum = vocabularyEnum(
  builder,
  'ApplicationStatus',
  'Where an application to join stands. 申请状态',
  APPLICATION_STATUSES,
);

const ApplicationRef = builder.objectRef<MembershipApplication>('MembershipApplication').implement({
  description: 'A teacher’s application to join a studio (双向选择, 002 方案1 二(三)). 入室申请',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The application’s id.' }),
    studio: t.field({
      type: StudioRef,
      description: 'The studio applied to.',
      resolve: (a, _x, ctx) => findStudio(ctx, a.studioId),
    }),
    teacher: t.field({ type: TeacherRef, description: 'The applicant. 申请人', resolve: (a) => ({ id: a.teacherId }) }),
    role: t.field({ type: MemberRoleEnum, description: 'The role applied for. 角色', resolve: (a) => a.role }),
    status: t.field({ type: ApplicationStatusEnum, description: '申请状态', resolve: (a) => a.status }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was declined, if given. 理由' }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  applications: t.field({
    type: [ApplicationRef],
    description: 'Applications to join, newest first.',
    resolve: (s, _a, ctx) => applicationsOf(ctx, s.id),
  }),
}));

payloadMutation(builder, {
  name: 'membershipApply',
  field: 'application',
  description:
    'A teacher applies to join a studio, filed by an editor who sees both the teacher and the studio (the host school for its own teachers, else the office above both). 申请加入',
  input: ApplyToJoinStudioInput,
  type: ApplicationRef,
  resolve: applyToJoinStudio,
  replaces: {
    name: 'applyToJoinStudio',
    input: 'Who applies, to which studio, for which role. 申请',
    positional: { studioId: 'id', teacherId: 'id', role: MemberRoleEnum },
    required: ['studioId', 'teacherId', 'role'],
  },
});

payloadMutation(builder, {
  name: 'membershipDecide',
  field: 'application',
  description: "The studio's side accepts (the policy is applied as when adding a member) or declines an application. 审核申请",
  input: DecideApplicationInput,
  type: ApplicationRef,
  resolve: decideApplication,
  replaces: {
    name: 'decideApplication',
    input: 'The application and the decision. 审批',
    positional: { id: 'id', studioVersion: 'int', accept: 'boolean', reason: 'string' },
    required: ['id', 'studioVersion', 'accept'],
  },
});
