import * as rollup from '../../../lib/graphql/analytics.ts';
import { builder, RegionRef } from '../builder.ts';
import { findPolicy } from '../policy/policy.queries.ts';
import { PolicyRef } from '../policy/policy.schema.ts';
import { StudioFilter, StudioLevelEnum, StudioStatusEnum } from '../studio/studio.schema.ts';
import { studioRollup, type StudioGroup } from './studio-rollup.queries.ts';

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
    resolve: (_root, args, ctx) => studioRollup(ctx, args),
  }),
}));
