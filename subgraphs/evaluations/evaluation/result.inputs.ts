import { builder, GradeEnum } from '../builder.ts';

export const EvaluationScoreInput = builder.inputType('EvaluationScoreInput', {
  description: 'One criterion of an evaluation and its score (评分细则): 0 ≤ score ≤ maxScore, maxScore > 0.',
  fields: (t) => ({
    criterion: t.string({
      required: true,
      description: 'The criterion, unique within the evaluation, e.g. “工作室成员组建情况”.',
    }),
    maxScore: t.int({ required: true, description: 'The most the criterion gives, above 0. 满分' }),
    score: t.int({ required: true, description: 'The score given, 0 to maxScore. 得分' }),
  }),
});

export const RecordEvaluationResultInput = builder.inputType('RecordEvaluationResultInput', {
  description: 'The result of a scheduled evaluation. 录入评估结果',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The evaluation.' }),
    version: t.int({ required: true, description: 'The evaluation’s version you read.' }),
    result: t.field({
      type: GradeEnum,
      required: true,
      description: "On the evaluation's scale (README “Grades across scales”).",
    }),
    scores: t.field({ type: [EvaluationScoreInput], description: 'The criteria and their scores (评分细则), if scored.' }),
  }),
});
