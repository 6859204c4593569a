import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { StudioMember } from '../membership/membership.entity.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { EligibilityWaiver } from './waiver.entity.ts';

/** Rules waived for a studio's host and current members under its policy, oldest first. */
export async function studioWaivers(ctx: SubgraphContext, s: Studio): Promise<EligibilityWaiver[]> {
  const members = await ctx.em.find(StudioMember, { studioId: s.id, leftOn: null });
  return ctx.em.find(
    EligibilityWaiver,
    { policyId: s.policyId, teacherId: { $in: [s.hostTeacherId, ...members.map((m) => m.teacherId)] } },
    { orderBy: { decidedAt: 'asc', id: 'asc' } },
  );
}
