import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope, rowsLoader } from '../../../lib/data/loaders.ts';
import { MemberRating } from './member-rating.entity.ts';

/** A member rating of a studio the viewer may see (NOT_FOUND otherwise). */
export const findRating = (ctx: SubgraphContext, id: string) => findInScope(ctx, MemberRating, id, '成员考评');

const ratingsOfStudio = rowsLoader(MemberRating, 'studioId', {
  where: (semester: string | null) => (semester ? { semester } : {}),
  orderBy: { semester: 'asc', teacherId: 'asc' },
});
/** A studio's members' semester ratings, by semester; only `semester`'s when given. */
export const memberRatingsOf = (ctx: SubgraphContext, studioId: string, semester: string | null | undefined) =>
  factsOf(ctx, ctx.loaders.get(ratingsOfStudio, semester ?? null), studioId, '工作室的成员考评');
