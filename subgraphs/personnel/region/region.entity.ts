import { defineEntity, p } from '@mikro-orm/core';
import type { RegionLevel } from '../../../lib/domain/region-code.ts';

const RegionSchema = defineEntity({
  name: 'Region',
  tableName: 'region',
  properties: {
    code: p.string().primary().length(6),
    name: p.string(),
    level: p.string().$type<RegionLevel>(),
    parentCode: p.string().length(6).nullable(),
    /** Counties, and cities without counties (东莞市, 中山市, 儋州市), which stand at county level too. */
    countyLevel: p.boolean(),
  },
});

export class Region extends RegionSchema.class {}
RegionSchema.setClass(Region);
