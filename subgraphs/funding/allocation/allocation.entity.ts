import { defineEntity, p } from '@mikro-orm/core';
import { studioFact, timestamps } from '../../../lib/data/entity.ts';

import type { FundingSource } from '../../../lib/domain/vocabulary.ts';
export type { FundingSource };

const AllocationSchema = defineEntity({
  name: 'Allocation',
  tableName: 'allocation',
  properties: {
    ...studioFact(),
    year: p.integer(),
    source: p.string().$type<FundingSource>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    matching: p.boolean(),
    /** On a grant its policy says must be matched (配套): the lowest ratio, per mille (1000 = 1:1). */
    matchRatioPermille: p.integer().nullable(),
    /** The host's work stipend (主持人工作补助, funding.hostStipend), not a grant to the studio. */
    stipend: p.boolean().default(false),
    note: p.string(),
    ...timestamps(),
  },
});

export class Allocation extends AllocationSchema.class {}
AllocationSchema.setClass(Allocation);
