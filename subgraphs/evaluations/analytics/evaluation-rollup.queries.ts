import * as rollup from '../../../lib/graphql/analytics.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { RegionLevel } from '../../../lib/domain/region-code.ts';
import type { EvaluationKind, EvaluationStatus, Grade } from '../evaluation/evaluation.entity.ts';
import { normalizedIn } from '../evaluation/grades.ts';
import type { EvaluationFilterValues } from '../region/evaluation-summary.queries.ts';

export type EvaluationDimension = 'region' | 'kind' | 'status' | 'result' | 'year';

export interface EvaluationGroup {
  region?: string;
  kind?: EvaluationKind;
  status?: EvaluationStatus;
  result?: Grade | null;
  year?: number;
  count: string;
  studioCount: string;
  passed: string;
  passedWithDistinction: string;
  failed: string;
  share: number;
}

/** Evaluations of the studios of a region's subtree grouped by the dimensions asked for, with their shares. */
export async function evaluationRollup(
  ctx: SubgraphContext,
  within: string,
  groupBy: readonly EvaluationDimension[],
  regionLevel: RegionLevel,
  filter: EvaluationFilterValues | null | undefined,
) {
  const rows = await rollup.groupedRollup<string, Omit<EvaluationGroup, 'share'>>(ctx.em, ctx.viewer, within, {
    from: 'evaluation f',
    dimensions: {
      region: rollup.regionAt(regionLevel),
      kind: 'f.kind',
      status: 'f.status',
      result: 'f.result',
      year: 'f.year',
    },
    measures: {
      count: 'count(*)',
      studioCount: 'count(distinct f.studio_id)',
      passed: `count(*) filter (where ${normalizedIn('f.result', ['PASSED', 'PASSED_WITH_DISTINCTION'])})`,
      passedWithDistinction: `count(*) filter (where ${normalizedIn('f.result', ['PASSED_WITH_DISTINCTION'])})`,
      failed: `count(*) filter (where ${normalizedIn('f.result', ['FAILED'])})`,
    },
    groupBy,
    where: rollup.equalTo('f', { kind: filter?.kind, status: filter?.status, year: filter?.year }),
  });
  return rollup.withShares(rows, 'count');
}
