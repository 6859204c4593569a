import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { subtreePage, type PageArgs } from '../../../lib/graphql/connection.ts';
import { defineLoader, rowsLoader } from '../../../lib/data/loaders.ts';
import { rulesOf } from '../policy/policy.queries.ts';
import type { Verdict } from '../policy/rules.ts';
import { teamVerdicts, type Team } from '../policy/team.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { StudioMember } from './membership.entity.ts';

/** Current members (not yet left) of each studio asked for, in one statement. */
const currentMembersOfStudio = rowsLoader(StudioMember, 'studioId', {
  where: { leftOn: null },
  orderBy: { joinedOn: 'asc', id: 'asc' },
});
export const currentMembers = (ctx: SubgraphContext) => ctx.loaders.get(currentMembersOfStudio);

/** How many current members each studio asked for has, counted in one statement without loading the rows. */
const memberCountOfStudio = defineLoader<string, number>(async (ids, em) => {
  const rows = await em.getConnection().execute<{ studio_id: string; members: string }[]>(
    `select studio_id, count(*) as members from studio_member
        where left_on is null and studio_id in (${ids.map(() => '?').join(', ')}) group by studio_id`,
    [...ids],
  );
  const counts = new Map(rows.map((r) => [r.studio_id, Number(r.members)]));
  return ids.map((id) => counts.get(id) ?? 0);
});
export const memberCounts = (ctx: SubgraphContext) => ctx.loaders.get(memberCountOfStudio);

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

/** The studio's current team: its hosts (the host and any further lead) and everyone else. */
export async function teamOf(em: EntityManager, studio: Studio): Promise<Team> {
  const people = await em.find(StudioMember, { studioId: studio.id, leftOn: null });
  // the host and any further lead (领衔人) recorded on the team, 001 四(一) "1—2名领衔人"
  const members = people.filter((m) => m.role !== 'LEAD');
  return { hostSchoolId: studio.hostSchoolId, hosts: 1 + people.length - members.length, members };
}

/** The studio's team against its policy in full, both sides of every limit (for 公示 and 授牌). */
export async function teamCompliance(ctx: SubgraphContext, em: EntityManager, studio: Studio): Promise<Verdict[]> {
  return teamVerdicts(await rulesOf(ctx, studio.policyId, studio.policyVersion), await teamOf(em, studio), 'complete');
}
