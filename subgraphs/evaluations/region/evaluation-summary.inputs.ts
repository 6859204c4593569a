import { builder, EvaluationKindEnum, EvaluationStatusEnum } from '../builder.ts';

export const EvaluationFilter = builder.inputType('EvaluationFilter', {
  description: 'Which evaluations to count; conditions given all hold. 筛选条件',
  fields: (t) => ({
    kind: t.field({ type: EvaluationKindEnum, description: 'Only this kind. 评估类型' }),
    status: t.field({ type: EvaluationStatusEnum, description: 'Only this status. 评估状态' }),
    year: t.int({ description: 'Only this year. 年度' }),
  }),
});
