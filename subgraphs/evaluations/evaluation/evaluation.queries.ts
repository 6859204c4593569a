import { type PageArgs, studioFactsPage } from '../../../lib/graphql/connection.ts';
import { assertRegionInScope } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope, rowsLoader, type LoaderContext } from '../../../lib/data/loaders.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { Evaluation } from './evaluation.entity.ts';
import { EvaluationScore } from './score.entity.ts';

/** An evaluation of a studio the viewer may see (NOT_FOUND otherwise, as if there were none). */
export const findEvaluation = (ctx: SubgraphContext, id: string): Promise<Evaluation> => findInScope(ctx, Evaluation, id, '评估');

/** A studio's evaluations, oldest first. */
const evaluationsOfStudios = rowsLoader(Evaluation, 'studioId', { orderBy: { year: 'asc', createdAt: 'asc', id: 'asc' } });
export const evaluationsOfStudio = (ctx: SubgraphContext, studioId: string) =>
  factsOf(ctx, ctx.loaders.get(evaluationsOfStudios), studioId, '工作室的评估');

/** A sync page of the evaluations of the studios of a region's subtree. */
export const evaluationsPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  studioFactsPage(ctx, Evaluation, 'evaluation', within, page);

/** An evaluation's criteria and scores, in order. */
const scoresOfEvaluation = rowsLoader(EvaluationScore, 'evaluationId', { orderBy: { position: 'asc' } });
export const scoresOf = (ctx: LoaderContext, evaluationId: string) => ctx.loaders.get(scoresOfEvaluation).load(evaluationId);

/** The sum of an evaluation's scores (or of its criteria's maximum scores); null when none were recorded. */
export const scoreSum = async (ctx: SubgraphContext, evaluationId: string, of: 'score' | 'maxScore') => {
  const rows = await scoresOf(ctx, evaluationId);
  return rows.length ? rows.reduce((n, s) => n + s[of], 0) : null;
};

/** The evaluations of a region's subtree due a commendation (of `year` when given), newest year first; a school's own. */
export const commendationsDue = (ctx: SubgraphContext, within: string, year: number | null | undefined) => {
  const code = within;
  assertRegionInScope(ctx.viewer, code);
  return ctx.em.find(
    Evaluation,
    {
      regionCode: { $like: `${subtreePrefix(code)}%` },
      commendationSeed: { $ne: null },
      ...(year ? { year } : {}),
      ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
    },
    { orderBy: { year: 'desc', studioId: 'asc', id: 'asc' } },
  );
};
