import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { assertOffice, assertRegionInScope } from '../../../lib/auth/scope.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { findPolicy } from '../policy/policy.queries.ts';
import { Nomination, NominationQuota } from './nomination.entity.ts';

/** Where a nomination lies: its region and its school. */
export const nominationPlace = (n: Nomination) => ({ id: n.id, regionCode: n.regionCode, hostSchoolId: n.schoolId });

/** One quota of a policy, with the nominations it has used. */
export interface QuotaUse {
  regionCode: string;
  perSchool: boolean;
  quota: number;
  used: number;
  seed: string;
}

/** A policy's nomination quotas in a region's subtree for a batch, used and left; for offices only. */
export async function nominationQuotas(
  ctx: SubgraphContext,
  { policyId, batch, within }: { policyId: string | number; batch: string; within: string | number },
): Promise<QuotaUse[]> {
  const code = String(within);
  assertRegionInScope(ctx.viewer, code);
  assertOffice(ctx.viewer, '推荐名额的使用情况');
  const policy = await findPolicy(ctx, String(policyId));
  const quotas = await ctx.em.find(
    NominationQuota,
    { policyId: policy.id, regionCode: { $like: `${subtreePrefix(code)}%` } },
    { orderBy: { regionCode: 'asc' } },
  );
  const nominations = await ctx.em.find(Nomination, {
    policyId: policy.id,
    batch,
    withdrawn: false,
    regionCode: { $like: `${subtreePrefix(code)}%` },
  });
  return quotas.map((q) => ({ ...q, used: nominations.filter((n) => n.regionCode === q.regionCode).length }));
}
