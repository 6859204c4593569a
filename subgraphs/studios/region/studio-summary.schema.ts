import { builder, RegionRef, StudioLevelEnum, StudioStatusEnum } from '../builder.ts';
import type { StudioLevel, StudioStatus } from '../studio/studio.entity.ts';
import { studioSummary, type StudioSummary } from './studio-summary.queries.ts';

const StatusCount = builder.objectRef<{ status: StudioStatus; count: number }>('StudioStatusCount').implement({
  description: 'Studios in one status. 按状态统计',
  fields: (t) => ({
    status: t.field({ type: StudioStatusEnum, description: '状态', resolve: (x) => x.status }),
    count: t.exposeInt('count', { description: '工作室数' }),
  }),
});
const LevelCount = builder.objectRef<{ level: StudioLevel; count: number }>('StudioLevelCount').implement({
  description: 'Studios of one level. 按级别统计',
  fields: (t) => ({
    level: t.field({ type: StudioLevelEnum, description: '工作室级别', resolve: (x) => x.level }),
    count: t.exposeInt('count', { description: '工作室数' }),
  }),
});
const StudioSummaryRef = builder.objectRef<StudioSummary>('StudioSummary').implement({
  description: "Studios whose region lies in a region's subtree, studios of city- and province-run schools included.",
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'All studios. 工作室总数' }),
    memberCount: t.exposeInt('memberCount', { description: 'Current members of those studios, hosts excluded.' }),
    byStatus: t.field({ type: [StatusCount], description: 'Counts by status. 按状态', resolve: (s) => s.byStatus }),
    byLevel: t.field({ type: [LevelCount], description: 'Counts by level. 按级别', resolve: (s) => s.byLevel }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  studios: t.field({
    type: StudioSummaryRef,
    nullable: true,
    description:
      "Studio figures for the region's subtree; one SQL statement for every region in the request. Null, with an " +
      'error, when it cannot be given: the studios service is unavailable (SERVICE_UNAVAILABLE). 工作室统计',
    resolve: (region, _args, ctx) => studioSummary(ctx, region.code),
  }),
}));
