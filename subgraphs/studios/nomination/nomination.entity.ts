import { defineEntity, p } from '@mikro-orm/core';

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
