import { defineEntity, p } from '@mikro-orm/core';
import type { ApplicationStatus, MemberRole } from '../../../lib/domain/vocabulary.ts';

const ApplicationSchema = defineEntity({
  name: 'MembershipApplication',
  tableName: 'membership_application',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    teacherId: p.uuid(),
    role: p.string().$type<MemberRole>(),
    status: p.string().$type<ApplicationStatus>(),
    appliedBy: p.string(),
    appliedAt: p.datetime(),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    reason: p.string().nullable(),
  },
});
/** Two-way selection (双向选择, 002 方案1 二(三)): a teacher applies, the host's side accepts or declines. */
export class MembershipApplication extends ApplicationSchema.class {}
ApplicationSchema.setClass(MembershipApplication);
