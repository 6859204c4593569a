import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { RuleVerdictRef } from '../policy/eligibility.schema.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { teamCompliance } from './membership.queries.ts';
import { AddStudioMemberInput, RemoveStudioMemberInput } from './team.inputs.ts';
import { addStudioMember, removeStudioMember } from './team.service.ts';

builder.objectFields(StudioRef, (t) => ({
  compliance: t.field({
    type: [RuleVerdictRef],
    description: "The team against its policy's team rules in full, rule by rule (what 公示 and 授牌 require).",
    resolve: (studio, _args, ctx) => teamCompliance(ctx, ctx.em, studio),
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
  replaces: { name: 'addStudioMember', input: 'Who joins, with the version read.' },
});

payloadMutation(builder, {
  name: 'studioMemberRemove',
  field: 'studio',
  description: 'A member leaves the studio on a date, for a reason; the membership is kept as history. 成员退出',
  input: RemoveStudioMemberInput,
  type: StudioRef,
  resolve: removeStudioMember,
  replaces: { name: 'removeStudioMember', input: 'Who leaves and why.' },
});
