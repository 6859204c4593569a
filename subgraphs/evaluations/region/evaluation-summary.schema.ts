import { builder, GradeEnum, RegionRef } from '../builder.ts';
import type { Grade } from '../evaluation/evaluation.entity.ts';
import { normalizedField } from '../evaluation/evaluation.schema.ts';
import { NORMALIZED } from '../evaluation/grades.ts';
import { EvaluationFilter } from './evaluation-summary.inputs.ts';
import { evaluationSummary, type EvaluationSummary } from './evaluation-summary.queries.ts';

/** Completed evaluations counted on the normalised scale (README “Grades across scales”), from `byResult`. */
const countWhere = (s: EvaluationSummary, keep: (g: Grade) => boolean) =>
  s.byResult.filter((r) => keep(r.result)).reduce((n, r) => n + r.count, 0);

const GradeCount = builder.objectRef<{ result: Grade; count: number }>('GradeCount').implement({
  description: 'Evaluations with one grade. 按等级统计',
  fields: (t) => ({
    result: t.field({ type: GradeEnum, description: 'The grade. 等级', resolve: (g) => g.result }),
    normalized: normalizedField(t, (g) => g.result, 'The grade normalised for reports.'),
    count: t.exposeInt('count', { description: 'How many evaluations. 数量' }),
  }),
});
const EvaluationSummaryRef = builder.objectRef<EvaluationSummary>('EvaluationSummary').implement({
  description: "Evaluations of the studios in a region's subtree.",
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'How many evaluations match.' }),
    studioCount: t.exposeInt('studioCount', { description: 'How many distinct studios they concern.' }),
    byResult: t.field({ type: [GradeCount], description: 'Completed evaluations by grade.', resolve: (s) => s.byResult }),
    passed: t.int({
      description:
        'Completed evaluations passed on their own scale, whatever it is: 合格 on 合格/不合格 or on 优秀/合格/不合格, 优秀 too. 通过数',
      resolve: (s) => countWhere(s, (g) => NORMALIZED[g] !== 'FAILED'),
    }),
    passedWithDistinction: t.int({
      description: 'Of those passed, how many with distinction (优秀). 优秀数',
      resolve: (s) => countWhere(s, (g) => NORMALIZED[g] === 'PASSED_WITH_DISTINCTION'),
    }),
    failed: t.int({
      description: 'Completed evaluations failed (不合格). 不合格数',
      resolve: (s) => countWhere(s, (g) => NORMALIZED[g] === 'FAILED'),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  evaluations: t.field({
    type: EvaluationSummaryRef,
    nullable: true,
    description:
      "Evaluations of studios in the region's subtree (studios of city- and province-run schools included). " +
      'Computed in one SQL statement for every region the request asks about. Null, with an ' +
      'error, when it cannot be given: the evaluations service is unavailable (SERVICE_UNAVAILABLE). 考核评估统计',
    args: { filter: t.arg({ type: EvaluationFilter, description: 'Which evaluations to count.' }) },
    resolve: (region, { filter }, ctx) => evaluationSummary(ctx, region.code, filter),
  }),
}));
