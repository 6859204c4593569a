import { declareRollup } from '../../../lib/graphql/analytics.ts';
import { builder, EvaluationKindEnum, EvaluationStatusEnum, GradeEnum, RegionRef } from '../builder.ts';
import { normalizedIn } from '../evaluation/grades.ts';
import { EvaluationFilter } from '../region/evaluation-summary.inputs.ts';

const countOf = (grades: Parameters<typeof normalizedIn>[1]) => `count(*) filter (where ${normalizedIn('f.result', grades)})`;

declareRollup(builder, RegionRef, {
  field: 'evaluationRollup',
  description: "Evaluations of the studios of a region's subtree grouped by the dimensions asked for. 评估分组统计",
  facts: 'evaluations',
  from: 'evaluation f',
  dimensionEnum: { name: 'EvaluationDimension', description: 'What evaluations can be grouped by. 分组维度' },
  group: {
    name: 'EvaluationGroup',
    description: 'One group of evaluations; only the dimensions grouped by are set (result is null for pending ones).',
  },
  dimensions: {
    kind: { sql: 'f.kind', label: '评估类型', type: EvaluationKindEnum },
    status: { sql: 'f.status', label: '评估状态', type: EvaluationStatusEnum },
    result: { sql: 'f.result', label: '结果等级', type: GradeEnum, description: '等级 (RESULT)' },
    year: { sql: 'f.year', label: '年度', type: 'Int' },
  },
  measures: {
    count: { sql: 'count(*)', description: '评估次数' },
    studioCount: { sql: 'count(distinct f.studio_id)', description: '涉及工作室数' },
    passed: {
      sql: countOf(['PASSED', 'PASSED_WITH_DISTINCTION']),
      description: 'Completed and passed on their own scale (合格 or 优秀 alike; README “Grades across scales”). 通过数',
    },
    passedWithDistinction: {
      sql: countOf(['PASSED_WITH_DISTINCTION']),
      description: 'Of those passed, with distinction (优秀). 优秀数',
    },
    failed: { sql: countOf(['FAILED']), description: 'Completed and failed (不合格). 不合格数' },
  },
  share: { of: 'count', description: 'Share of all the evaluations in the result (0–1). 占比' },
  args: (arg) => ({ filter: arg({ type: EvaluationFilter, description: 'Which evaluations to count.' }) }),
  where: ({ filter }) => ({ 'f.kind = ?': filter?.kind, 'f.status = ?': filter?.status, 'f.year = ?': filter?.year }),
});
