import { defineEntity, p } from '@mikro-orm/core';
import { aboutStudio, timestamps } from '../../../lib/entity.ts';

export type EvaluationKind = 'CREATION' | 'ANNUAL' | 'MIDTERM' | 'FINAL' | 'SECOND_EVALUATION';
export type EvaluationStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';
export type Grade = 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';

const EvaluationSchema = defineEntity({
  name: 'Evaluation',
  tableName: 'evaluation',
  properties: {
    id: p.uuid().primary(),
    ...aboutStudio(),
    kind: p.string().$type<EvaluationKind>(),
    year: p.integer(),
    status: p.string().$type<EvaluationStatus>(),
    result: p.string().$type<Grade>().nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class Evaluation extends EvaluationSchema.class {}
EvaluationSchema.setClass(Evaluation);
