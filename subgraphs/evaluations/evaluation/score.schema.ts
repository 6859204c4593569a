import { builder } from '../builder.ts';
import { scoresOf, scoreSum } from './evaluation.queries.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import type { EvaluationScore } from './score.entity.ts';

const EvaluationScoreRef = builder.objectRef<EvaluationScore>('EvaluationScore').implement({
  description: 'One criterion of an evaluation and the score it was given. 评分',
  fields: (t) => ({
    criterion: t.exposeString('criterion', { description: 'The criterion. 评分项目' }),
    maxScore: t.exposeInt('maxScore', { description: 'The most it gives. 满分' }),
    score: t.exposeInt('score', { description: 'The score given. 得分' }),
  }),
});

builder.objectFields(EvaluationRef, (t) => ({
  scores: t.field({
    type: [EvaluationScoreRef],
    description: 'The criteria and scores recorded with the result, in order; empty when none were.',
    resolve: (e, _args, ctx) => scoresOf(ctx, e.id),
  }),
  totalScore: t.int({
    nullable: true,
    description: 'The sum of the scores; null when none were recorded. 总分',
    resolve: (e, _args, ctx) => scoreSum(ctx, e.id, 'score'),
  }),
  maxTotal: t.int({
    nullable: true,
    description: 'The sum of the criteria’s maximum scores; null when none were recorded. 满分',
    resolve: (e, _args, ctx) => scoreSum(ctx, e.id, 'maxScore'),
  }),
}));
