import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope, rowsLoader } from '../../../lib/data/loaders.ts';
import { Rectification } from './rectification.entity.ts';

/** A rectification opinion on a studio the viewer may see (NOT_FOUND otherwise). */
export const findRectification = (ctx: SubgraphContext, id: string) => findInScope(ctx, Rectification, id, '整改意见');

/** The rectification opinions on an evaluation, by deadline. */
export const rectificationsOf = (ctx: SubgraphContext, evaluationId: string) =>
  rowsLoader(ctx, Rectification, 'evaluationId', { orderBy: { deadline: 'asc', createdAt: 'asc', id: 'asc' } }).load(
    evaluationId,
  );

/** A studio's rectification opinions not yet resolved, by deadline. */
export const openRectificationsOf = (ctx: SubgraphContext, studioId: string) =>
  factsOf(
    ctx,
    Rectification,
    'studioId',
    { where: { resolvedAt: null }, orderBy: { deadline: 'asc', createdAt: 'asc', id: 'asc' } },
    studioId,
    '工作室的整改意见',
  );
