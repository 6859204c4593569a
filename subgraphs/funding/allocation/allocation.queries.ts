import { type PageArgs, studioFactsPage } from '../../../lib/graphql/connection.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, findInScope, rowsLoader } from '../../../lib/data/loaders.ts';
import { Allocation } from './allocation.entity.ts';
import { FundingHold } from './hold.entity.ts';

/** An allocation to a studio the viewer may see (NOT_FOUND otherwise). */
export const findAllocation = (ctx: SubgraphContext, id: string) => findInScope(ctx, Allocation, id, '拨款');

/** A sync page of the allocations to the studios of a region's subtree. */
export const allocationsPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  studioFactsPage(ctx, Allocation, 'allocation', within, page);

const allocationsOfStudio = rowsLoader(Allocation, 'studioId', {
  where: (year: number | null) => (year ? { year } : {}),
  orderBy: { year: 'asc', source: 'asc', id: 'asc' },
});
const decisionsOfStudio = rowsLoader(FundingHold, 'studioId', { orderBy: { createdAt: 'asc', id: 'asc' } });

/** The allocations to a studio, by year and source; only `year`'s when given. */
export const allocationsOf = (ctx: SubgraphContext, studioId: string, year: number | null | undefined) =>
  factsOf(ctx, ctx.loaders.get(allocationsOfStudio, year ?? null), studioId, '工作室的拨款');

/** What the studios subgraph decided about a studio's funds (withheld, stopped, arranged), oldest first. */
async function fundingDecisions(ctx: SubgraphContext, studioId: string): Promise<FundingHold[]> {
  return factsOf(ctx, ctx.loaders.get(decisionsOfStudio), studioId, '工作室的经费');
}

/** Years a studio's funds are withheld, or the year they stopped. */
export const fundingHolds = async (ctx: SubgraphContext, studioId: string) =>
  (await fundingDecisions(ctx, studioId)).filter((r) => r.action !== 'ARRANGE');

/** Years whose funds a passed annual assessment arranged. */
export const fundingArranged = async (ctx: SubgraphContext, studioId: string) =>
  (await fundingDecisions(ctx, studioId)).filter((r) => r.action === 'ARRANGE');
