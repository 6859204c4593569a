import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/data/entity.ts';

export type { StudioLevel, StudioStatus } from '../../../lib/domain/vocabulary.ts';
import type { StudioCategory, StudioLevel, StudioStatus } from '../../../lib/domain/vocabulary.ts';

const StudioSchema = defineEntity({
  name: 'Studio',
  tableName: 'studio',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    level: p.string().$type<StudioLevel>(),
    /** 名班主任工作室 (HEAD_TEACHER) or 名师工作室 (TEACHER): which of a programme's category rules apply (member.byCategory). */
    category: p.string().$type<StudioCategory>().default('HEAD_TEACHER'),
    status: p.string().$type<StudioStatus>(),
    /** The host school's region: a county, or the city / province for schools they run directly. */
    regionCode: p.string().length(6),
    hostSchoolId: p.uuid(),
    hostTeacherId: p.uuid(),
    /** The policy the studio follows, e.g. "000-pingdingshan". */
    policyId: p.string(),
    /** The version of it the studio is bound to: the one it was founded under, or one it moved to (renewal, batch). */
    policyVersion: p.integer(),
    batch: p.string(),
    startYear: p.integer(),
    endYear: p.integer(),
    /** The day it was founded (申报) through the hub; null for studios loaded from earlier records. */
    foundedOn: p.string().columnType('date').nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class Studio extends StudioSchema.class {}
StudioSchema.setClass(Studio);
