import { defineEntity, p } from '@mikro-orm/core';

export const FUNDING_SOURCES = ['PROVINCE', 'CITY', 'COUNTY', 'SCHOOL'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

const AllocationSchema = defineEntity({
  name: 'Allocation',
  tableName: 'allocation',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    regionCode: p.string().length(6),
    year: p.integer(),
    source: p.string().$type<FundingSource>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    matching: p.boolean(),
    note: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Allocation extends AllocationSchema.class {}
AllocationSchema.setClass(Allocation);
