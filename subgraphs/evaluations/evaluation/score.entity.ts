import { defineEntity, p } from '@mikro-orm/core';

/** One criterion of an evaluation and the score it was given (评分细则), recorded with the result. */
const EvaluationScoreSchema = defineEntity({
  name: 'EvaluationScore',
  tableName: 'evaluation_score',
  properties: {
    id: p.uuid().primary(),
    evaluationId: p.uuid(),
    /** Order as recorded. */
    position: p.integer(),
    criterion: p.string(),
    maxScore: p.integer(),
    score: p.integer(),
  },
});

export class EvaluationScore extends EvaluationScoreSchema.class {}
EvaluationScoreSchema.setClass(EvaluationScore);
