import { defineEntity, p } from '@mikro-orm/core';

export const EVALUATION_KINDS = ['CREATION', 'ANNUAL', 'MIDTERM', 'FINAL', 'SECOND_EVALUATION'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];
export const EVALUATION_STATUSES = ['PENDING', 'COMPLETED', 'CANCELLED'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const GRADES = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'] as const;
export type Grade = (typeof GRADES)[number];

const EvaluationSchema = defineEntity({
  name: 'Evaluation',
  tableName: 'evaluation',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    /** The studio's region, so subtree rollups stay inside this subgraph. */
    regionCode: p.string().length(6),
    kind: p.string().$type<EvaluationKind>(),
    year: p.integer(),
    status: p.string().$type<EvaluationStatus>(),
    result: p.string().$type<Grade>().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Evaluation extends EvaluationSchema.class {}
EvaluationSchema.setClass(Evaluation);
