import { assertRegionInScope, scopeCondition } from '../../../lib/auth.ts';
import { inSubtree, rollup } from '../../../lib/rollup.ts';
import { builder, RegionRef, StudioRef } from '../builder.ts';

/**
 * Matching compliance (配套, 003 经费办法 第二条: 区教育行政部门应按不低于 1:1 的经费配套比例): each grant that
 * must be matched carries its ratio; a studio complies when the matching funds it received in the year reach
 * the year's grants × ratio, to the fen (rounded up once, on the sum). A district complies when every such studio in it does.
 */
interface StudioMatching {
  studioId: string;
  regionCode: string;
  requiredFen: bigint;
  matchedFen: bigint;
}
interface DistrictMatching {
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

const sum = (items: { requiredFen: bigint; matchedFen: bigint }[], k: 'requiredFen' | 'matchedFen') =>
  items.reduce((s, i) => s + i[k], 0n);
const shortfall = (required: bigint, matched: bigint) => (matched >= required ? 0n : required - matched);

const StudioMatchingRef = builder.objectRef<StudioMatching>('StudioMatching').implement({
  description: 'One studio’s matching funds against its grants in a year (配套情况).',
  fields: (t) => ({
    studio: t.field({ type: StudioRef, description: 'The studio. 工作室', resolve: (m) => ({ id: m.studioId }) }),
    required: t.field({ type: 'Money', description: '应配套 = 须配套的拨款 × 比例', resolve: (m) => m.requiredFen }),
    matched: t.field({ type: 'Money', description: '已配套', resolve: (m) => m.matchedFen }),
    shortfall: t.field({
      type: 'Money',
      description: '配套缺口 (0 when met)',
      resolve: (m) => shortfall(m.requiredFen, m.matchedFen),
    }),
    compliant: t.boolean({ description: 'Matched in full. 是否足额配套', resolve: (m) => m.matchedFen >= m.requiredFen }),
  }),
});
const DistrictMatchingRef = builder.objectRef<DistrictMatching>('DistrictMatching').implement({
  description: "One district's matching of the grants its studios received in a year.",
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The district. 区', resolve: (d) => ({ code: d.regionCode }) }),
    required: t.field({
      type: 'Money',
      description: '应配套 (sum over its studios)',
      resolve: (d) => sum(d.studios, 'requiredFen'),
    }),
    matched: t.field({
      type: 'Money',
      description: '已配套 (sum over its studios)',
      resolve: (d) => sum(d.studios, 'matchedFen'),
    }),
    shortfall: t.field({
      type: 'Money',
      description: 'What the district still owes, studio by studio (one studio’s surplus does not cover another).',
      resolve: (d) => d.studios.reduce((s, m) => s + shortfall(m.requiredFen, m.matchedFen), 0n),
    }),
    compliant: t.boolean({
      description: 'Every studio matched in full (one’s surplus does not cover another’s shortfall). 是否足额配套',
      resolve: (d) => d.studios.every((m) => m.matchedFen >= m.requiredFen),
    }),
    studios: t.field({ type: [StudioMatchingRef], description: 'Studio by studio. 各工作室', resolve: (d) => d.studios }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  fundingMatching: t.field({
    type: [DistrictMatchingRef],
    description:
      "Matching compliance for a year in the region's subtree, one entry per district with grants that must be matched (003 经费办法 第二条). One statement for every region asked.",
    args: { year: t.arg.int({ required: true, description: 'The year of the grants. 年度' }) },
    resolve: (region, { year }, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      const scope = scopeCondition(ctx.viewer, 'a');
      return ctx.loaders
        .get<string, DistrictMatching[]>(`funding.matching:${year}`, async (codes, em) => {
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
        })
        .load(region.code);
    },
  }),
}));
