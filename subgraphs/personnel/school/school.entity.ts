import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/data/entity.ts';

export type { Stage } from '../../../lib/domain/vocabulary.ts';
import type { Stage } from '../../../lib/domain/vocabulary.ts';

const SchoolSchema = defineEntity({
  name: 'School',
  tableName: 'school',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    stage: p.string().$type<Stage>(),
    /** A county's code, or a city's or province's for schools they run directly (市直属/省属). */
    regionCode: p.string().length(6),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class School extends SchoolSchema.class {}
SchoolSchema.setClass(School);
