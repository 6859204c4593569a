import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Event, HandlersOf } from '../../lib/events/topics.ts';
import { lockStudioFunds } from './allocation/funds.ts';
import { FundingHold } from './allocation/hold.entity.ts';

/** studios.fundingConsequence: a consequence withheld a year's funds or stopped them (applied once, by the inbox). */
async function onFundingConsequence(em: EntityManager, event: Event<'studios.fundingConsequence'>): Promise<void> {
  const c = event.payload;
  // after an allocation under way for the studio, never beside it
  await lockStudioFunds(em, c.studioId);
  em.create(FundingHold, {
    id: randomUUID(),
    studioId: c.studioId,
    regionCode: c.regionCode,
    hostSchoolId: c.hostSchoolId,
    action: c.action,
    fromYear: c.fromYear,
    toYear: c.toYear,
    reason: c.reason,
    evaluationId: c.evaluationId,
    eventId: event.id,
  });
}

/** The events funding receives (lib/events/topics.ts). */
export const handlers: HandlersOf<'funding'> = { 'studios.fundingConsequence': onFundingConsequence };
