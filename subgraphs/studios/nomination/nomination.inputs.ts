import { builder } from '../builder.ts';
import { PolicyId } from '../../../lib/graphql/shapes.ts';

export const NominateHostInput = builder.inputType('NominateHostInput', {
  description: 'A host candidate to nominate. 推荐主持人',
  fields: (t) => ({
    policyId: t.id({ required: true, validate: PolicyId, description: 'The policy whose quota counts it.' }),
    batch: t.string({ required: true, description: '批次' }),
    teacherId: t.id({ required: true, description: 'The teacher nominated.' }),
  }),
});

export const WithdrawNominationInput = builder.inputType('WithdrawNominationInput', {
  description: 'The nomination to withdraw. 撤回推荐',
  fields: (t) => ({ id: t.id({ required: true, description: "The nomination's id." }) }),
});
