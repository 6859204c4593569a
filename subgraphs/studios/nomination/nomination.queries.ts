import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { assertOffice, assertRegionInScope } from '../../../lib/auth/scope.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import type { Policy } from '../policy/policy.entity.ts';
import { currentRules, findPolicy } from '../policy/policy.queries.ts';
import type { RuleRow } from '../policy/rules.ts';
import { Nomination } from './nomination.entity.ts';

/** Where a nomination lies: its region and its school. */
export const nominationPlace = (n: Nomination) => ({ id: n.id, regionCode: n.regionCode, hostSchoolId: n.schoolId });

/** One place of a programme's nomination quotas (naming.perRegion.max), as its rule states it. */
export interface Quota {
  regionCode: string;
  /** Every school the issuing office runs itself has the quota (局属学校每校1个), rather than the region. */
  perSchool: boolean;
  quota: number;
  seed: string;
  text: string;
}

/**
 * The quotas of a programme's rule `naming.perRegion.max` (000 附件2), by region code: a county's, and the one of
 * each school the issuing office runs itself (registered at the office's own code), under that code.
 */
export function quotasOf(policy: Pick<Policy, 'issuingRegionCode'>, rule: RuleRow | undefined): Quota[] {
  if (!rule) return [];
  const { directSchools, ...regions } = rule.value as Record<string, number>;
  const place = (regionCode: string, perSchool: boolean, quota: number) => ({
    regionCode,
    perSchool,
    quota,
    seed: rule.seed,
    text: rule.text,
  });
  return [
    ...Object.entries(regions).map(([code, quota]) => place(code, false, quota)),
    ...(directSchools ? [place(policy.issuingRegionCode, true, directSchools)] : []),
  ].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}

/** One quota of a policy, with the nominations it has used. */
export interface QuotaUse extends Quota {
  used: number;
}

/** A policy's nomination quotas in a region's subtree for a batch, used and left; for offices only. */
export async function nominationQuotas(
  ctx: SubgraphContext,
  { policyId, batch, within: code }: { policyId: string; batch: string; within: string },
): Promise<QuotaUse[]> {
  assertRegionInScope(ctx.viewer, code);
  assertOffice(ctx.viewer, '推荐名额的使用情况');
  const policy = await findPolicy(ctx, policyId);
  const rule = (await currentRules(ctx, policy)).find((r) => r.code === 'naming.perRegion.max');
  const quotas = quotasOf(policy, rule).filter((q) => q.regionCode.startsWith(subtreePrefix(code)));
  const nominations = await ctx.em.find(Nomination, {
    policyId: policy.id,
    batch,
    withdrawn: false,
    regionCode: { $like: `${subtreePrefix(code)}%` },
  });
  return quotas.map((q) => ({ ...q, used: nominations.filter((n) => n.regionCode === q.regionCode).length }));
}
