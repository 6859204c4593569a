import * as rollup from '../../../lib/graphql/analytics.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { RegionLevel } from '../../../lib/domain/region-code.ts';
import { CURRENT_MEMBERS } from '../membership/membership.entity.ts';
import type { StudioFilterArgs } from '../studio/studio.queries.ts';
import type { StudioLevel, StudioStatus } from '../studio/studio.entity.ts';

export type StudioDimension = 'region' | 'level' | 'status' | 'policy' | 'batch' | 'startYear';

export interface StudioGroup {
  region?: string;
  level?: StudioLevel;
  status?: StudioStatus;
  policy?: string;
  batch?: string;
  startYear?: number;
  studioCount: string;
  memberCount: string;
  share: number;
}

/** The arguments of `studioRollup`. */
interface StudioRollupArgs {
  within: string | number;
  groupBy: readonly StudioDimension[];
  regionLevel?: RegionLevel | null;
  filter?: StudioFilterArgs | null;
}

/** Studios of a region's subtree grouped by the dimensions asked for, with counts and shares. */
export async function studioRollup(ctx: SubgraphContext, { within, groupBy, regionLevel, filter }: StudioRollupArgs) {
  const where = rollup.equalTo('f', { level: filter?.level, status: filter?.status });
  if (filter?.updatedSince) {
    where.sql += ' and f.updated_at >= ?';
    where.params.push(filter.updatedSince);
  }
  const rows = await rollup.groupedRollup<string, Omit<StudioGroup, 'share'>>(ctx.em, ctx.viewer, String(within), {
    from: `studio f left join lateral ${CURRENT_MEMBERS('f')} on true`,
    dimensions: {
      region: rollup.regionAt(regionLevel ?? 'COUNTY'),
      level: 'f.level',
      status: 'f.status',
      policy: 'f.policy_id',
      batch: 'f.batch',
      startYear: 'f.start_year',
    },
    measures: { studioCount: 'count(*)', memberCount: 'coalesce(sum(m.members), 0)' },
    groupBy,
    where,
  });
  return rollup.withShares(rows, 'studioCount');
}
