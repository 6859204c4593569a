import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope, rowsLoader } from '../../../lib/data/loaders.ts';
import { Rectification } from './rectification.entity.ts';

/** A rectification opinion on a studio the viewer may see (NOT_FOUND otherwise). */
export const findRectification = (ctx: SubgraphContext, id: string) => findInScope(ctx, Rectification, id, '整改意见');

const byDeadline = { deadline: 'asc', createdAt: 'asc', id: 'asc' } as const;
const rectificationsOfEvaluation = rowsLoader(Rectification, 'evaluationId', { orderBy: byDeadline });
const openRectificationsOfStudio = rowsLoader(Rectification, 'studioId', { where: { resolvedAt: null }, orderBy: byDeadline });

/** The rectification opinions on an evaluation, by deadline. */
export const rectificationsOf = (ctx: SubgraphContext, evaluationId: string) =>
  ctx.loaders.get(rectificationsOfEvaluation).load(evaluationId);

/** A studio's rectification opinions not yet resolved, by deadline. */
export const openRectificationsOf = (ctx: SubgraphContext, studioId: string) =>
  factsOf(ctx, ctx.loaders.get(openRectificationsOfStudio), studioId, '工作室的整改意见');
