import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope } from '../../../lib/data/loaders.ts';
import { MemberRating } from './member-rating.entity.ts';

/** A member rating of a studio the viewer may see (NOT_FOUND otherwise). */
export const findRating = (ctx: SubgraphContext, id: string) => findInScope(ctx, MemberRating, id, '成员考评');

/** A studio's members' semester ratings, by semester; only `semester`'s when given. */
export const memberRatingsOf = (ctx: SubgraphContext, studioId: string, semester: string | null | undefined) =>
  factsOf(
    ctx,
    MemberRating,
    'studioId',
    { where: semester ? { semester } : {}, orderBy: { semester: 'asc', teacherId: 'asc' } },
    studioId,
    '工作室的成员考评',
  );
