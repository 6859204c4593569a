import { defineEntity, p } from '@mikro-orm/core';
import type { MemberRole } from '../../../lib/domain/vocabulary.ts';

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
    /** Moves with every change (joining, leaving), for incremental sync. */
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class StudioMember extends StudioMemberSchema.class {}
StudioMemberSchema.setClass(StudioMember);

/**
 * `m.members`: how many current members the studio aliased `studio` has, for `left join lateral … on true` — one
 * index-only count per studio (studio_member_current_idx) instead of counting every membership in the country.
 */
export const CURRENT_MEMBERS = (studio: string) =>
  `(select count(*) as members from studio_member cm where cm.studio_id = ${studio}.id and cm.left_on is null) m`;
