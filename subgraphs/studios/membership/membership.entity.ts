import { defineEntity, p } from '@mikro-orm/core';

export type MemberRole = 'MENTOR' | 'ASSISTANT' | 'CORE' | 'MEMBER';

const StudioMemberSchema = defineEntity({
  name: 'StudioMember',
  tableName: 'studio_member',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    teacherId: p.uuid(),
    role: p.string().$type<MemberRole>(),
    joinedOn: p.string().columnType('date'),
    leftOn: p.string().columnType('date').nullable(),
    leftReason: p.string().nullable(),
    /** The member's school when they joined (for the own-school limits); null on rows from before it was kept. */
    schoolId: p.uuid().nullable(),
  },
});

export class StudioMember extends StudioMemberSchema.class {}
StudioMemberSchema.setClass(StudioMember);
