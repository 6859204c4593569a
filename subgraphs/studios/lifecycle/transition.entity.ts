import { defineEntity, p } from '@mikro-orm/core';
import type { StudioStatus } from '../studio/studio.entity.ts';

const StudioTransitionSchema = defineEntity({
  name: 'StudioTransition',
  tableName: 'studio_transition',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    fromStatus: p.string().$type<StudioStatus>(),
    toStatus: p.string().$type<StudioStatus>(),
    reason: p.string(),
    actor: p.string(),
    actorLevel: p.string(),
    actorRegion: p.string().length(6),
    at: p.datetime(),
  },
});

export class StudioTransition extends StudioTransitionSchema.class {}
StudioTransitionSchema.setClass(StudioTransition);
