import { defineEntity, p } from '@mikro-orm/core';
import type { StudioStatus } from '../studio/studio.entity.ts';

/**
 * A consequence an event called for that the studio's lifecycle could not take (e.g. 暂缓授牌 for a studio not yet
 * under review): kept, and shown on the studio, the evaluation and the region, never only in the audit.
 */
const UnappliedConsequenceSchema = defineEntity({
  name: 'UnappliedConsequence',
  tableName: 'studio_unapplied_consequence',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    regionCode: p.string().length(6),
    hostSchoolId: p.uuid(),
    evaluationId: p.uuid().nullable(),
    /** The studio's status when the consequence came, and the one the consequence called for. */
    status: p.string().$type<StudioStatus>(),
    wanted: p.string().$type<StudioStatus>(),
    reason: p.string(),
    at: p.datetime(),
  },
});

export class UnappliedConsequence extends UnappliedConsequenceSchema.class {}
UnappliedConsequenceSchema.setClass(UnappliedConsequence);
