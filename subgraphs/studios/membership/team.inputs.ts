import { builder, MemberRoleEnum } from '../builder.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';

export const AddStudioMemberInput = builder.inputType('AddStudioMemberInput', {
  description: 'A teacher to add to a studio’s team. 增加成员',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The teacher who joins.' }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'Their role. 成员角色' }),
    joinedOn: t.string({ validate: LocalDate, description: 'YYYY-MM-DD; today when left out.' }),
  }),
});

export const RemoveStudioMemberInput = builder.inputType('RemoveStudioMemberInput', {
  description: 'A member who leaves a studio’s team. 成员退出',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The member who leaves.' }),
    reason: t.string({ required: true, description: 'Why the member leaves (e.g. 调离, 缺勤三分之一以上).' }),
    leftOn: t.string({ validate: LocalDate, description: 'YYYY-MM-DD; today when left out.' }),
  }),
});
