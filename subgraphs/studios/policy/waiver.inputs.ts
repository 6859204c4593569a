import { builder } from '../builder.ts';
import { PolicyId } from '../../../lib/graphql/shapes.ts';

export const WaiveUndecidedRuleInput = builder.inputType('WaiveUndecidedRuleInput', {
  description: 'A rule the data cannot decide for a teacher, waived with a reason. 资格审查豁免',
  fields: (t) => ({
    policyId: t.id({ required: true, validate: PolicyId, description: 'The policy. 政策' }),
    teacherId: t.id({ required: true, description: 'The teacher. 教师' }),
    rule: t.string({ required: true, description: 'The rule, e.g. "host.yearsLeftInPost.min". 规则代码' }),
    reason: t.string({ required: true, description: 'Why the office admits the teacher all the same. 豁免理由' }),
  }),
});
