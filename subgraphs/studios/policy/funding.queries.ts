import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { currentTeamSize } from '../membership/membership.queries.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { fundingStandard, type FundingStandard } from './funding.ts';
import { rulesOf } from './policy.queries.ts';

/** The yearly grant a studio's policy sets for it, by its current team; null where the policy sets none. */
export async function studioFundingStandard(ctx: SubgraphContext, studio: Studio): Promise<FundingStandard | null> {
  const rules = await rulesOf(ctx, studio.policyId, studio.policyVersion);
  if (!rules.get('funding.standard')) return null;
  return fundingStandard(rules, studio, await currentTeamSize(ctx, studio.id));
}
