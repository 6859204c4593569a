import { builder, RegionRef, StudioRef } from '../builder.ts';
import { fundingMatching, shortfall, sum, type DistrictMatching, type StudioMatching } from './matching.queries.ts';

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
    resolve: (region, { year }, ctx) => fundingMatching(ctx, region.code, year),
  }),
}));
