import * as rollup from '../../../lib/analytics.ts';
import { builder, RegionRef } from '../builder.ts';
import { CURRENT_MEMBERS } from '../membership/membership.entity.ts';
import { findPolicy } from '../policy/policy.queries.ts';
import { PolicyRef } from '../policy/policy.schema.ts';
import type { StudioLevel, StudioStatus } from '../studio/studio.entity.ts';
import { StudioFilter, StudioLevelEnum, StudioStatusEnum } from '../studio/studio.schema.ts';

const RegionLevelEnum = rollup.regionLevelEnum(builder);

const StudioDimension = builder.enumType('StudioDimension', {
  description: 'What studios can be grouped by. 分组维度',
  values: {
    REGION: rollup.REGION_DIMENSION,
    LEVEL: { value: 'level', description: '工作室级别' },
    STATUS: { value: 'status', description: '状态' },
    POLICY: { value: 'policy', description: '所属政策（实施方案）' },
    BATCH: { value: 'batch', description: '批次' },
    START_YEAR: { value: 'startYear', description: '建设起始年' },
  } as const,
});

interface StudioGroup {
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

const StudioGroupRef = builder.objectRef<StudioGroup>('StudioGroup').implement({
  description: 'One group of studios; only the dimensions grouped by are set.',
  fields: (t) => ({
    region: rollup.regionGroupField(t, RegionRef),
    level: t.field({ type: StudioLevelEnum, nullable: true, description: '工作室级别 (LEVEL)', resolve: (g) => g.level ?? null }),
    status: t.field({ type: StudioStatusEnum, nullable: true, description: '状态 (STATUS)', resolve: (g) => g.status ?? null }),
    policy: t.field({
      type: PolicyRef,
      nullable: true,
      description: 'The policy (POLICY). 政策',
      resolve: (g, _a, ctx) => (g.policy ? findPolicy(ctx, g.policy) : null),
    }),
    batch: t.string({ nullable: true, description: '批次 (BATCH)', resolve: (g) => g.batch ?? null }),
    startYear: t.int({
      nullable: true,
      description: 'First year of the cycle (START_YEAR). 建设起始年',
      resolve: (g) => g.startYear ?? null,
    }),
    studioCount: t.int({ description: '工作室数', resolve: (g) => Number(g.studioCount) }),
    memberCount: t.int({ description: '现有成员数（不含主持人）', resolve: (g) => Number(g.memberCount) }),
    share: t.float({ description: 'Share of all the studios in the result (0–1). 占比', resolve: (g) => g.share }),
  }),
});

builder.queryFields((t) => ({
  studioRollup: t.field({
    type: [StudioGroupRef],
    description: "Studios of a region's subtree grouped by the dimensions asked for, with counts and shares. 工作室分组统计",
    args: {
      ...rollup.rollupArgs(t.arg, 'studios', StudioDimension, RegionLevelEnum),
      filter: t.arg({ type: StudioFilter, description: 'Which studios to count.' }),
    },
    resolve: async (_root, { within, groupBy, regionLevel, filter }, ctx) => {
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
    },
  }),
}));
