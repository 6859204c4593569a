import { EVALUATING_OFFICES } from '../../../lib/domain/vocabulary.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { builder, RegionRef } from '../builder.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import type { Office } from './office.ts';

const EvaluatingOfficeLevelEnum = vocabularyEnum(builder, 'EvaluatingOfficeLevel', '评估机关的层级', EVALUATING_OFFICES);

const EvaluatingOfficeRef = builder.objectRef<Office>('EvaluatingOffice').implement({
  description:
    "The office that evaluates (评估机关): an education office of a region at its level, or the studio's own school (SCHOOL, whose region it is).",
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The office’s region. 地区', resolve: (o) => ({ code: o.regionCode }) }),
    level: t.field({ type: EvaluatingOfficeLevelEnum, description: 'The office’s level. 层级', resolve: (o) => o.level }),
  }),
});

builder.objectFields(EvaluationRef, (t) => ({
  evaluatingOffice: t.field({
    type: EvaluatingOfficeRef,
    description:
      'Who evaluates: the office that scheduled it, or the one it named. Rows from before it was kept: the annual assessment by the county, others by the city (000 五.1, 五.2).',
    resolve: (e) => ({ regionCode: e.evaluatorRegionCode, level: e.evaluatorLevel }),
  }),
}));
