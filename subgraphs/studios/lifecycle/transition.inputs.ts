import { builder, StudioStatusEnum } from '../builder.ts';

export const TransitionStudioInput = builder.inputType('TransitionStudioInput', {
  description: 'One step of a studio’s lifecycle. 状态变更',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: 'The version you read; a change based on an older one is refused.' }),
    to: t.field({ type: StudioStatusEnum, required: true, description: 'The status to move to. 新状态' }),
    reason: t.string({ required: true, description: 'Why, for the record (e.g. the meeting or document).' }),
  }),
});

export const RevokeForMisconductInput = builder.inputType('RevokeForMisconductInput', {
  description: 'A revocation for misconduct (000 五.7). 违规撤销',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    finding: t.string({ required: true, description: 'What was found (违规事实), and the document that found it.' }),
  }),
});
