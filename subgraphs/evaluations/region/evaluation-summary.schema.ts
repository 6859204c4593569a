import { assertRegionInScope, schoolCondition } from '../../../lib/auth.ts';
import { equalTo } from '../../../lib/analytics.ts';
import { inSubtree, rollup } from '../../../lib/rollup.ts';
import { builder, RegionRef } from '../builder.ts';
import type { Grade } from '../evaluation/evaluation.entity.ts';
import { EvaluationKindEnum, EvaluationStatusEnum, GradeEnum, normalizedField } from '../evaluation/evaluation.schema.ts';
import { NORMALIZED } from '../evaluation/grades.ts';

interface Row {
  key: string;
  result: Grade | null;
  total_row: number;
  evaluations: string;
  studios: string;
}
interface EvaluationSummary {
  count: number;
  studioCount: number;
  byResult: { result: Grade; count: number }[];
}

/** Completed evaluations counted on the normalised scale (README “Grades across scales”), from `byResult`. */
const countWhere = (s: EvaluationSummary, keep: (g: Grade) => boolean) =>
  s.byResult.filter((r) => keep(r.result)).reduce((n, r) => n + r.count, 0);

export const EvaluationFilter = builder.inputType('EvaluationFilter', {
  description: 'Which evaluations to count; conditions given all hold. 筛选条件',
  fields: (t) => ({
    kind: t.field({ type: EvaluationKindEnum, description: 'Only this kind. 评估类型' }),
    status: t.field({ type: EvaluationStatusEnum, description: 'Only this status. 评估状态' }),
    year: t.int({ description: 'Only this year. 年度' }),
  }),
});

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

const GRADE_ORDER: Grade[] = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'];

function summarise(rows: Row[]): EvaluationSummary {
  const total = rows.find((r) => Number(r.total_row) === 1);
  return {
    count: Number(total?.evaluations ?? 0),
    studioCount: Number(total?.studios ?? 0),
    byResult: rows
      .filter((r) => Number(r.total_row) === 0 && r.result)
      .map((r) => ({ result: r.result!, count: Number(r.evaluations) }))
      .sort((a, b) => GRADE_ORDER.indexOf(a.result) - GRADE_ORDER.indexOf(b.result)),
  };
}

builder.objectFields(RegionRef, (t) => ({
  evaluations: t.field({
    type: EvaluationSummaryRef,
    nullable: true,
    description:
      "Evaluations of studios in the region's subtree (studios of city- and province-run schools included). " +
      'Computed in one SQL statement for every region the request asks about. Null, with an ' +
      'error, when it cannot be given: the evaluations service is unavailable (SERVICE_UNAVAILABLE). 考核评估统计',
    args: { filter: t.arg({ type: EvaluationFilter, description: 'Which evaluations to count.' }) },
    resolve: (region, { filter }, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      const school = schoolCondition(ctx.viewer, 'e');
      const match = equalTo('e', { kind: filter?.kind, status: filter?.status, year: filter?.year });
      const where = { sql: `${school.sql} ${match.sql}`, params: [...school.params, ...match.params] };
      return ctx.loaders
        .get<string, EvaluationSummary>(`region.evaluations:${JSON.stringify(where)}`, async (codes, em) => {
          // a county's subtree is its own code: those keys join their facts by equality, in one hash or merge
          // join (2,978 lateral range scans for the national headline took 4× the time); wider keys by range
          const byCode = await rollup<Row>(em, codes, (keysTable) => ({
            sql: `with k as (select * from ${keysTable})
                  select k.key, e.result, grouping(e.result) as total_row,
                         count(e.id) as evaluations, count(distinct e.studio_id) as studios
                    from k join evaluation e on e.region_code = k.prefix
                   where length(k.prefix) = 6 ${where.sql}
                   group by grouping sets ((k.key), (k.key, e.result))
                  union all
                  select k.key, g.result, g.total_row, g.evaluations, g.studios
                    from k cross join lateral (select e.result, grouping(e.result) as total_row,
                                                      count(e.id) as evaluations, count(distinct e.studio_id) as studios
                                                 from evaluation e where ${inSubtree('e')} ${where.sql}
                                                group by grouping sets ((), (e.result))) g
                   where length(k.prefix) < 6`,
            params: [...where.params, ...where.params],
          }));
          return codes.map((code) => summarise(byCode.get(code)!));
        })
        .load(region.code);
    },
  }),
}));
