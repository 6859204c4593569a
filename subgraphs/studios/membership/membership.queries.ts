import type { SubgraphContext } from '../../../lib/context.ts';
import { subtreePage, type PageArgs } from '../../../lib/connection.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { StudioMember } from './membership.entity.ts';

/** Current members (not yet left) of each studio asked for, in one statement. */
export const currentMembers = (ctx: SubgraphContext) =>
  rowsLoader(ctx, StudioMember, 'studioId', { where: { leftOn: null }, orderBy: { joinedOn: 'asc', id: 'asc' } });

/** How many current members each studio asked for has, counted in one statement without loading the rows. */
export const memberCounts = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, number>('studio.memberCount', async (ids) => {
    const rows = await ctx.em.getConnection().execute<{ studio_id: string; members: string }[]>(
      `select studio_id, count(*) as members from studio_member
          where left_on is null and studio_id in (${ids.map(() => '?').join(', ')}) group by studio_id`,
      [...ids],
    );
    const counts = new Map(rows.map((r) => [r.studio_id, Number(r.members)]));
    return ids.map((id) => counts.get(id) ?? 0);
  });

/** How many current members a studio has (the host excluded). */
export async function currentTeamSize(ctx: SubgraphContext, studioId: string): Promise<number> {
  return ctx.em.count(StudioMember, { studioId, leftOn: null });
}

/** A page of the memberships of the studios of a region's subtree, current and ended, ordered by (updatedAt, id). */
export const membershipsPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  subtreePage(
    ctx,
    StudioMember,
    { from: 'studio_member t join studio s on s.id = t.studio_id', region: 's.region_code', school: 's.host_school_id' },
    within,
    page,
  );
