import { defineEntity, p } from '@mikro-orm/core';

export const STUDIO_LEVELS = ['PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL'] as const;
export type StudioLevel = (typeof STUDIO_LEVELS)[number];
export const STUDIO_STATUSES = [
  'APPLIED',
  'UNDER_REVIEW',
  'IN_PUBLICITY',
  'ESTABLISHED',
  'RUNNING',
  'ON_HOLD',
  'WARNED',
  'RENEWED',
  'COMPLETED',
  'REVOKED',
] as const;
export type StudioStatus = (typeof STUDIO_STATUSES)[number];

const StudioSchema = defineEntity({
  name: 'Studio',
  tableName: 'studio',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    level: p.string().$type<StudioLevel>(),
    status: p.string().$type<StudioStatus>(),
    /** The host school's region: a county, or the city / province for schools they run directly. */
    regionCode: p.string().length(6),
    hostSchoolId: p.uuid(),
    hostTeacherId: p.uuid(),
    /** The seed programme whose policy governs the studio, e.g. "000" (平顶山市). */
    programme: p.string(),
    batch: p.string(),
    startYear: p.integer(),
    endYear: p.integer(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Studio extends StudioSchema.class {}
StudioSchema.setClass(Studio);
