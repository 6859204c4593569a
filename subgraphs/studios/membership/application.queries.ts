import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { rowsLoader } from '../../../lib/data/loaders.ts';
import { MembershipApplication } from './application.entity.ts';

/** A studio's applications to join, newest first; every studio of a request in one statement. */
const applicationsOfStudio = rowsLoader(MembershipApplication, 'studioId', { orderBy: { appliedAt: 'desc' } });
export const applicationsOf = (ctx: SubgraphContext, studioId: string) => ctx.loaders.get(applicationsOfStudio).load(studioId);
