import { defineEntity, p } from '@mikro-orm/core';

/**
 * An office's decision to admit a teacher under a rule the recorded data cannot decide (a host with no birth date
 * under a years-left-in-post rule), with its reason: one per policy, teacher and rule, audited and shown on the
 * studios of that teacher under that policy.
 */
const EligibilityWaiverSchema = defineEntity({
  name: 'EligibilityWaiver',
  tableName: 'eligibility_waiver',
  properties: {
    id: p.uuid().primary(),
    policyId: p.string(),
    teacherId: p.uuid(),
    rule: p.string(),
    reason: p.string(),
    /** The teacher's school and its region, for scope. */
    regionCode: p.string().length(6),
    hostSchoolId: p.uuid().nullable(),
    decidedBy: p.string(),
    decidedLevel: p.string(),
    decidedRegion: p.string(),
    decidedAt: p.datetime(),
  },
});
export class EligibilityWaiver extends EligibilityWaiverSchema.class {}
EligibilityWaiverSchema.setClass(EligibilityWaiver);
