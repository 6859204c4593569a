import { defineEntity, p } from '@mikro-orm/core';
import { aboutStudio, timestamps } from '../../../lib/entity.ts';

export type FundingSource = 'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL';

const AllocationSchema = defineEntity({
  name: 'Allocation',
  tableName: 'allocation',
  properties: {
    id: p.uuid().primary(),
    ...aboutStudio(),
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
