import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { rowsLoader } from '../../../lib/data/loaders.ts';
import { StudioTransition } from './transition.entity.ts';

/** A studio's lifecycle steps, oldest first; every studio of a request in one statement. */
export const transitionsOf = (ctx: SubgraphContext, studioId: string) =>
  rowsLoader(ctx, StudioTransition, 'studioId', { orderBy: { at: 'asc', id: 'asc' } }).load(studioId);
