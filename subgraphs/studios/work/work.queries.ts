import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { rowsLoader } from '../../../lib/data/loaders.ts';
import { StudioMember } from '../membership/membership.entity.ts';
import { rulesOf } from '../policy/policy.queries.ts';
import { ACTIVITY_KINDS } from '../policy/rules.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { obligationStatus } from './obligations.ts';
import { Attendance, WorkItem } from './work.entity.ts';

/** A studio's work recorded, oldest first; `from` and `to` (YYYY-MM-DD) narrow it. */
export const studioWork = (ctx: SubgraphContext, s: Studio, { from, to }: { from?: string | null; to?: string | null }) =>
  ctx.em.find(
    WorkItem,
    {
      studioId: s.id,
      ...(from || to ? { doneOn: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } } : {}),
    },
    { orderBy: { doneOn: 'asc', id: 'asc' } },
  );

const attendanceOfItem = rowsLoader(Attendance, 'workItemId', { orderBy: { teacherId: 'asc' } });

/** The members present at an activity, every activity of a request in one statement. */
export const attendedBy = async (ctx: SubgraphContext, workItemId: string) =>
  (await ctx.loaders.get(attendanceOfItem).load(workItemId)).filter((a) => a.present).map((a) => ({ id: a.teacherId }));

/** The policy's obligations against what was recorded, in the period containing `asOf` (today when left out). */
export async function obligationsOf(ctx: SubgraphContext, s: Studio, asOf: string | null | undefined) {
  const work = await ctx.em.find(WorkItem, { studioId: s.id });
  // per-member obligations bind the members proper: not the hosts (leads) nor the mentor
  const members = await ctx.em.find(StudioMember, { studioId: s.id, role: { $nin: ['LEAD', 'MENTOR'] } });
  return obligationStatus(await rulesOf(ctx, s.policyId, s.policyVersion), work, asOf || today(), s, members);
}

export interface Absence {
  teacherId: string;
  recorded: number;
  absent: number;
  /** Whether the share reaches the policy's limit (以上 includes it). */
  reachesLimit: boolean;
}

export async function absencesOf(ctx: SubgraphContext, em: EntityManager, studio: Studio): Promise<Absence[]> {
  const limit = (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('member.absence.leaveAtShare')?.value;
  const members = await em.find(
    StudioMember,
    { studioId: studio.id, leftOn: null },
    { orderBy: { joinedOn: 'asc', teacherId: 'asc' } },
  );
  const activities = await em.find(WorkItem, { studioId: studio.id, kind: { $in: [...ACTIVITY_KINDS] } });
  const marks = await em.find(Attendance, { workItemId: { $in: activities.map((a) => a.id) } });
  return members.map((m) => {
    const since = new Set(activities.filter((a) => a.doneOn >= m.joinedOn).map((a) => a.id));
    const mine = marks.filter((x) => x.teacherId === m.teacherId && since.has(x.workItemId));
    const absent = mine.filter((x) => !x.present).length;
    return {
      teacherId: m.teacherId,
      recorded: mine.length,
      absent,
      reachesLimit: limit !== undefined && mine.length > 0 && absent >= limit * mine.length - 1e-9,
    };
  });
}
