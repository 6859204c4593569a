import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { assertRegionInScope, factInScope } from '../../../lib/auth/scope.ts';
import { rowsLoader } from '../../../lib/data/loaders.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { UnappliedConsequence } from './unapplied.entity.ts';

const newestFirst = { orderBy: { at: 'desc', id: 'asc' } } as const;
const unappliedOfStudios = rowsLoader(UnappliedConsequence, 'studioId', newestFirst);
const unappliedOfEvaluations = rowsLoader(UnappliedConsequence, 'evaluationId', newestFirst);

/** Consequences of a studio's evaluations it could not take, newest first; every studio of a request in one statement. */
export const unappliedOfStudio = (ctx: SubgraphContext, studioId: string) => ctx.loaders.get(unappliedOfStudios).load(studioId);

/** Consequences of one evaluation's result the studio could not take, those in the viewer's scope. */
export const unappliedOfEvaluation = async (ctx: SubgraphContext, evaluationId: string) =>
  (await ctx.loaders.get(unappliedOfEvaluations).load(evaluationId)).filter((c) => factInScope(ctx.viewer, c));

/** Consequences the studios of a region's subtree could not take, newest first. */
export async function unappliedIn(ctx: SubgraphContext, code: string): Promise<UnappliedConsequence[]> {
  assertRegionInScope(ctx.viewer, code);
  const rows = await ctx.em.find(
    UnappliedConsequence,
    {
      regionCode: { $like: `${subtreePrefix(code)}%` },
      ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
    },
    newestFirst,
  );
  return rows;
}
