import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { builder, RegionRef, TeacherRef, NodeRef } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import type { EligibilityWaiver } from './waiver.entity.ts';
import { studioWaivers } from './waiver.queries.ts';
import { waiveUndecidedRule } from './waiver.service.ts';
import { WaiveUndecidedRuleInput } from './waiver.inputs.ts';

const EligibilityWaiverRef = builder.objectRef<EligibilityWaiver>('EligibilityWaiver').implement({
  description: 'A rule the recorded data could not decide, waived for a teacher by an office entitled to decide. 资格审查豁免',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id.' }),
    policyId: t.exposeString('policyId', { description: 'The policy. 政策' }),
    teacher: t.field({ type: TeacherRef, description: 'The teacher admitted. 教师', resolve: (w) => ({ id: w.teacherId }) }),
    rule: t.exposeString('rule', { description: 'The rule waived. 规则代码' }),
    reason: t.exposeString('reason', { description: 'Why. 豁免理由' }),
    decidedBy: t.exposeString('decidedBy', { description: 'Who recorded it. 登记人' }),
    decidedLevel: t.exposeString('decidedLevel', { description: 'The office’s level. 决定部门层级' }),
    decidedRegion: t.field({
      type: RegionRef,
      description: 'The office’s region. 决定部门所在地区',
      resolve: (w) => ({ code: w.decidedRegion }),
    }),
    decidedAt: t.field({ type: 'DateTime', description: 'When. 登记时间', resolve: (w) => w.decidedAt }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  waivers: t.field({
    type: [EligibilityWaiverRef],
    description: 'Rules waived for its host and current members under its policy, with the reasons. 资格审查豁免',
    resolve: (s, _a, ctx) => studioWaivers(ctx, s),
  }),
}));

payloadMutation(builder, {
  name: 'eligibilityWaiverRecord',
  field: 'waiver',
  description:
    "Records that a teacher is admitted although a rule cannot be decided from the recorded data (no birth date, no title), by an office at the policy's issuing level or above, with its reason; audited and shown on the teacher's studios. 资格审查豁免",
  input: WaiveUndecidedRuleInput,
  type: EligibilityWaiverRef,
  resolve: waiveUndecidedRule,
  replaces: { name: 'waiveUndecidedRule', input: 'The waiver.' },
});
