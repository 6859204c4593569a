import { builder } from '../builder.ts';

export const MoveStudioToCurrentPolicyVersionInput = builder.inputType('MoveStudioToCurrentPolicyVersionInput', {
  description: 'A studio to move to its policy’s current version, and why. 改用现行版本',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio. 工作室编号' }),
    version: t.int({ required: true, description: 'The version of the studio you read.' }),
    reason: t.string({ required: true, description: 'Why, for the record.' }),
    batch: t.string({ description: 'The new batch the studio joins (a renewing studio may keep its own).' }),
  }),
});
