import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/entity.ts';

export type FundingSource = 'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL';

const AllocationSchema = defineEntity({
  name: 'Allocation',
  tableName: 'allocation',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    regionCode: p.string().length(6),
    /** The studio's host school, for school users' scope; null on rows recorded before it was kept. */
    hostSchoolId: p.uuid().nullable(),
    year: p.integer(),
    source: p.string().$type<FundingSource>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    matching: p.boolean(),
    note: p.string(),
    ...timestamps(),
  },
});

export class Allocation extends AllocationSchema.class {}
AllocationSchema.setClass(Allocation);
