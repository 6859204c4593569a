import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { RuleVerdictRef } from '../policy/eligibility.schema.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { MemberRoleEnum } from './membership.schema.ts';
import { teamCompliance } from './membership.queries.ts';
import { addStudioMember, removeStudioMember } from './team.service.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';

builder.objectFields(StudioRef, (t) => ({
  compliance: t.field({
    type: [RuleVerdictRef],
    description: "The team against its policy's team rules in full, rule by rule (what 公示 and 授牌 require).",
    resolve: (studio, _args, ctx) => teamCompliance(ctx, ctx.em, studio),
  }),
}));

const AddStudioMemberInput = builder.inputType('AddStudioMemberInput', {
  description: 'A teacher to add to a studio’s team. 增加成员',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The teacher who joins.' }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'Their role. 成员角色' }),
    joinedOn: t.string({ validate: LocalDate, description: 'YYYY-MM-DD; today when left out.' }),
  }),
});

const RemoveStudioMemberInput = builder.inputType('RemoveStudioMemberInput', {
  description: 'A member who leaves a studio’s team. 成员退出',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The member who leaves.' }),
    reason: t.string({ required: true, description: 'Why the member leaves (e.g. 调离, 缺勤三分之一以上).' }),
    leftOn: t.string({ validate: LocalDate, description: 'YYYY-MM-DD; today when left out.' }),
  }),
});

builder.mutationFields((t) => ({
  addStudioMember: t.field({
    deprecationReason: replacedBy('studioMemberAdd'),
    type: StudioRef,
    description:
      "Adds a teacher to a studio's team. The studio's policy decides: the member's eligibility and every team limit that a change can break; a refusal names the rule and its seed (POLICY_VIOLATION). 增加成员",
    args: { input: t.arg({ type: AddStudioMemberInput, required: true, description: 'Who joins, with the version read.' }) },
    resolve: (_root, { input }, ctx) => addStudioMember(ctx, input),
  }),
  removeStudioMember: t.field({
    deprecationReason: replacedBy('studioMemberRemove'),
    type: StudioRef,
    description: 'A member leaves the studio on a date, for a reason; the membership is kept as history. 成员退出',
    args: { input: t.arg({ type: RemoveStudioMemberInput, required: true, description: 'Who leaves and why.' }) },
    resolve: (_root, { input }, ctx) => removeStudioMember(ctx, input),
  }),
}));

payloadMutation(builder, {
  name: 'studioMemberAdd',
  field: 'studio',
  description:
    "Adds a teacher to a studio's team. The studio's policy decides: the member's eligibility and every team limit that a change can break; a refusal names the rule and its seed (POLICY_VIOLATION). 增加成员",
  input: AddStudioMemberInput,
  type: StudioRef,
  resolve: addStudioMember,
});

payloadMutation(builder, {
  name: 'studioMemberRemove',
  field: 'studio',
  description: 'A member leaves the studio on a date, for a reason; the membership is kept as history. 成员退出',
  input: RemoveStudioMemberInput,
  type: StudioRef,
  resolve: removeStudioMember,
});
