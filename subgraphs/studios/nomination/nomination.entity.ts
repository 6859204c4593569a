import { defineEntity, p } from '@mikro-orm/core';

const NominationQuotaSchema = defineEntity({
  name: 'NominationQuota',
  tableName: 'nomination_quota',
  properties: {
    policyId: p.string().primary(),
    regionCode: p.string().length(6).primary(),
    /** Every school the region runs directly gets the quota (局属学校每校1个), rather than the region. */
    perSchool: p.boolean().primary(),
    quota: p.integer(),
    seed: p.string(),
  },
});
export class NominationQuota extends NominationQuotaSchema.class {}
NominationQuotaSchema.setClass(NominationQuota);

const NominationSchema = defineEntity({
  name: 'Nomination',
  tableName: 'nomination',
  properties: {
    id: p.uuid().primary(),
    policyId: p.string(),
    batch: p.string(),
    teacherId: p.uuid(),
    schoolId: p.uuid(),
    /** The nominee's school's region. */
    regionCode: p.string().length(6),
    withdrawn: p.boolean(),
    actor: p.string(),
    at: p.datetime(),
  },
});
export class Nomination extends NominationSchema.class {}
NominationSchema.setClass(Nomination);
