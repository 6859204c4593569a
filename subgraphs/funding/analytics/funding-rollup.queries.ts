import * as rollup from '../../../lib/graphql/analytics.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { RegionLevel } from '../../../lib/domain/region-code.ts';
import type { SpendingCategory } from '../../../lib/domain/vocabulary.ts';
import type { FundingSource } from '../allocation/allocation.entity.ts';

export type FundingDimension = 'region' | 'year' | 'source' | 'category';

export interface FundingGroup {
  region?: string;
  year?: number;
  source?: FundingSource;
  category?: SpendingCategory;
  allocated: string;
  matched: string;
  spent: string;
  share: number;
}

/** The funding of the studios of a region's subtree grouped by the dimensions asked for, with their shares. */
export async function fundingRollup(
  ctx: SubgraphContext,
  within: string,
  groupBy: readonly FundingDimension[],
  regionLevel: RegionLevel,
  year: number | null | undefined,
) {
  // allocations and spending as one fact table: each row carries one of the two amounts
  const rows = await rollup.groupedRollup<string, Omit<FundingGroup, 'share'>>(ctx.em, ctx.viewer, within, {
    from: `(select region_code, host_school_id, year, source, null as category, amount_fen as allocated,
                   case when matching then amount_fen else 0 end as matched, 0 as spent from allocation
            union all
            select region_code, host_school_id, year, null, category, 0, 0, amount_fen from expenditure where status = 'BOOKED') f`,
    dimensions: {
      region: rollup.regionAt(regionLevel),
      year: 'f.year',
      source: 'f.source',
      category: 'f.category',
    },
    measures: {
      allocated: 'coalesce(sum(f.allocated), 0)',
      matched: 'coalesce(sum(f.matched), 0)',
      spent: 'coalesce(sum(f.spent), 0)',
    },
    groupBy,
    where: rollup.equalTo('f', { year }),
  });
  const byCategory = groupBy.includes('category') && !groupBy.includes('source');
  return rollup.withShares(
    byCategory ? rows.filter((r) => r.category) : groupBy.includes('source') ? rows.filter((r) => r.source) : rows,
    byCategory ? 'spent' : 'allocated',
  );
}
