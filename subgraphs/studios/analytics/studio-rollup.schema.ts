import { declareRollup } from '../../../lib/graphql/analytics.ts';
import { builder, RegionRef, StudioLevelEnum, StudioStatusEnum } from '../builder.ts';
import { CURRENT_MEMBERS } from '../membership/membership.entity.ts';
import { findPolicy } from '../policy/policy.queries.ts';
import { PolicyRef } from '../policy/policy.schema.ts';
import { StudioFilter } from '../studio/studio.inputs.ts';

declareRollup(builder, RegionRef, {
  field: 'studioRollup',
  description: "Studios of a region's subtree grouped by the dimensions asked for, with counts and shares. 工作室分组统计",
  facts: 'studios',
  from: `studio f left join lateral ${CURRENT_MEMBERS('f')} on true`,
  dimensionEnum: { name: 'StudioDimension', description: 'What studios can be grouped by. 分组维度' },
  group: { name: 'StudioGroup', description: 'One group of studios; only the dimensions grouped by are set.' },
  dimensions: {
    level: { sql: 'f.level', label: '工作室级别', type: StudioLevelEnum },
    status: { sql: 'f.status', label: '状态', type: StudioStatusEnum },
    policy: {
      sql: 'f.policy_id',
      label: '所属政策（实施方案）',
      type: PolicyRef,
      description: 'The policy (POLICY). 政策',
      resolve: (id, ctx) => findPolicy(ctx, id),
    },
    batch: { sql: 'f.batch', label: '批次', type: 'String' },
    startYear: {
      sql: 'f.start_year',
      label: '建设起始年',
      type: 'Int',
      description: 'First year of the cycle (START_YEAR). 建设起始年',
    },
  },
  measures: {
    studioCount: { sql: 'count(*)', description: '工作室数' },
    memberCount: { sql: 'coalesce(sum(m.members), 0)', description: '现有成员数（不含主持人）' },
  },
  share: { of: 'studioCount', description: 'Share of all the studios in the result (0–1). 占比' },
  args: (arg) => ({ filter: arg({ type: StudioFilter, description: 'Which studios to count.' }) }),
  where: ({ filter }) => ({
    'f.level = ?': filter?.level,
    'f.status = ?': filter?.status,
    'f.updated_at >= ?': filter?.updatedSince,
  }),
});
