import { assertRegionInScope, scopeCondition } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { defineLoader } from '../../../lib/data/loaders.ts';
import { inSubtree, rollup } from '../../../lib/data/rollup.ts';

/**
 * Matching compliance (配套, 003 经费办法 第二条: 区教育行政部门应按不低于 1:1 的经费配套比例): each grant that
 * must be matched carries its ratio; a studio complies when the matching funds it received in the year reach
 * the year's grants × ratio, to the fen (rounded up once, on the sum). A district complies when every such studio in it does.
 */
export interface StudioMatching {
  studioId: string;
  regionCode: string;
  requiredFen: bigint;
  matchedFen: bigint;
}
export interface DistrictMatching {
  regionCode: string;
  studios: StudioMatching[];
}
interface Row {
  key: string;
  studio_id: string;
  region_code: string;
  required: string;
  matched: string;
}

export const sum = (items: { requiredFen: bigint; matchedFen: bigint }[], k: 'requiredFen' | 'matchedFen') =>
  items.reduce((s, i) => s + i[k], 0n);
export const shortfall = (required: bigint, matched: bigint) => (matched >= required ? 0n : required - matched);

/** Matching compliance of regions' subtrees for a year, rows in `scope` alone, district by district. */
const matchingOfRegions = defineLoader(
  async (codes: readonly string[], em, { year, scope }: { year: number; scope: ReturnType<typeof scopeCondition> }) => {
    const byCode = await rollup<Row>(em, codes, (keysTable) => ({
      sql: `select k.key, g.studio_id, g.region_code, g.required, g.matched
              from ${keysTable}
             cross join lateral (select a.studio_id, a.region_code,
                                        div(coalesce(sum(a.amount_fen * a.match_ratio_permille), 0) + 999, 1000)::bigint as required,
                                        coalesce(sum(a.amount_fen) filter (where a.matching), 0) as matched
                                   from allocation a where ${inSubtree('a')} and a.year = ? and ${scope.sql}
                                  group by a.studio_id, a.region_code
                                 having bool_or(a.match_ratio_permille is not null)) g
             order by g.region_code, g.studio_id`,
      params: [year, ...scope.params],
    }));
    return codes.map((code) => {
      const districts = new Map<string, DistrictMatching>();
      for (const row of byCode.get(code)!) {
        const district = districts.get(row.region_code) ?? { regionCode: row.region_code, studios: [] };
        district.studios.push({
          studioId: row.studio_id,
          regionCode: row.region_code,
          requiredFen: BigInt(row.required),
          matchedFen: BigInt(row.matched),
        });
        districts.set(row.region_code, district);
      }
      return [...districts.values()];
    });
  },
);

/** Matching compliance for a year in a region's subtree, district by district; one statement for every region asked. */
export function fundingMatching(ctx: SubgraphContext, code: string, year: number): Promise<DistrictMatching[]> {
  assertRegionInScope(ctx.viewer, code);
  return ctx.loaders.get(matchingOfRegions, { year, scope: scopeCondition(ctx.viewer, 'a') }).load(code);
}
