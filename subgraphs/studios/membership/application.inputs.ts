import { builder, MemberRoleEnum } from '../builder.ts';

export const ApplyToJoinStudioInput = builder.inputType('ApplyToJoinStudioInput', {
  description: 'A teacher applying to join a studio. 申请加入',
  fields: (t) => ({
    studioId: t.id({ required: true, description: "The studio's id." }),
    teacherId: t.id({ required: true, description: "The applicant's id." }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'The role applied for.' }),
  }),
});

export const DecideApplicationInput = builder.inputType('DecideApplicationInput', {
  description: "The studio's decision on an application. 审核申请",
  fields: (t) => ({
    id: t.id({ required: true, description: "The application's id." }),
    studioVersion: t.int({ required: true, description: "The studio's version you read." }),
    accept: t.boolean({ required: true, description: 'Accept (true) or decline (false).' }),
    reason: t.string({ description: 'Why, when declining.' }),
  }),
});
