import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { rowsLoader } from '../../../lib/data/loaders.ts';
import { StudioTransition } from './transition.entity.ts';

const transitionsOfStudio = rowsLoader(StudioTransition, 'studioId', { orderBy: { at: 'asc', id: 'asc' } });
/** A studio's lifecycle steps, oldest first; every studio of a request in one statement. */
export const transitionsOf = (ctx: SubgraphContext, studioId: string) => ctx.loaders.get(transitionsOfStudio).load(studioId);
