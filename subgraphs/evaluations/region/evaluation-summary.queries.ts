import { equalTo } from '../../../lib/graphql/analytics.ts';
import { assertRegionInScope, schoolCondition } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { defineLoader } from '../../../lib/data/loaders.ts';
import { inSubtree, rollup } from '../../../lib/data/rollup.ts';
import type { Grade } from '../evaluation/evaluation.entity.ts';
import type { EvaluationFilter } from './evaluation-summary.inputs.ts';

interface Row {
  key: string;
  result: Grade | null;
  total_row: number;
  evaluations: string;
  studios: string;
}
export interface EvaluationSummary {
  count: number;
  studioCount: number;
  byResult: { result: Grade; count: number }[];
}

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

/** Evaluations of the studios of regions' subtrees, those `where` holds of alone. */
const evaluationSummaries = defineLoader(async (codes: readonly string[], em, where: { sql: string; params: unknown[] }) => {
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
});

/** Evaluations of the studios of a region's subtree; one SQL statement for every region the request asks about. */
export function evaluationSummary(
  ctx: SubgraphContext,
  code: string,
  filter: typeof EvaluationFilter.$inferInput | null | undefined,
): Promise<EvaluationSummary> {
  assertRegionInScope(ctx.viewer, code);
  const school = schoolCondition(ctx.viewer, 'e');
  const match = equalTo('e', { kind: filter?.kind, status: filter?.status, year: filter?.year });
  const where = { sql: `${school.sql} ${match.sql}`, params: [...school.params, ...match.params] };
  return ctx.loaders.get(evaluationSummaries, where).load(code);
}
