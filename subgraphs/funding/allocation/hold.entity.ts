import { defineEntity, p } from '@mikro-orm/core';
import { studioFact } from '../../../lib/data/entity.ts';
import type { FundingConsequence } from '../../../lib/events/topics.ts';

/**
 * Funds withheld for a year (004 方案8 八(一): a failed annual assessment) or stopped from a year on (002 方案1
 * 四(一)3: a failed midterm; any revocation), or arranged for a year by a passed annual assessment (ARRANGE, 004
 * 方案8 八(一)), as the studios subgraph decided under the studio's policy.
 */
const FundingHoldSchema = defineEntity({
  name: 'FundingHold',
  tableName: 'funding_hold',
  properties: {
    ...studioFact(),
    action: p.string().$type<FundingConsequence['action']>(),
    fromYear: p.integer(),
    /** The last year affected; null for a stop. */
    toYear: p.integer().nullable(),
    reason: p.string(),
    evaluationId: p.uuid().nullable(),
    /** The event that brought it (its id), so a hold is traceable to the consequence. */
    eventId: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class FundingHold extends FundingHoldSchema.class {}
FundingHoldSchema.setClass(FundingHold);
