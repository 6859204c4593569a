import { assertRegionInScope, schoolCondition } from '../../../lib/auth.ts';
import { inSubtree, rollup } from '../../../lib/rollup.ts';
import { builder, RegionRef } from '../builder.ts';
import { CURRENT_MEMBERS } from '../membership/membership.entity.ts';
import type { StudioLevel, StudioStatus } from '../studio/studio.entity.ts';
import { StudioLevelEnum, StudioStatusEnum } from '../studio/studio.schema.ts';

interface Row {
  key: string;
  status: StudioStatus | null;
  level: StudioLevel | null;
  studios: string;
  members: string;
}
interface StudioSummary {
  total: number;
  memberCount: number;
  byStatus: { status: StudioStatus; count: number }[];
  byLevel: { level: StudioLevel; count: number }[];
}

function tally<K extends string>(rows: Row[], key: (r: Row) => K | null): { key: K; count: number }[] {
  const counts = new Map<K, number>();
  for (const row of rows) {
    const k = key(row);
    if (k) counts.set(k, (counts.get(k) ?? 0) + Number(row.studios));
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, count]) => ({ key: k, count }));
}

function summarise(rows: Row[]): StudioSummary {
  return {
    total: rows.reduce((n, r) => n + Number(r.studios), 0),
    memberCount: rows.reduce((n, r) => n + Number(r.members), 0),
    byStatus: tally(rows, (r) => r.status).map(({ key, count }) => ({ status: key, count })),
    byLevel: tally(rows, (r) => r.level).map(({ key, count }) => ({ level: key, count })),
  };
}

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
    resolve: (region, _args, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      const school = schoolCondition(ctx.viewer, 's');
      return ctx.loaders
        .get<string, StudioSummary>('region.studios', async (codes, em) => {
          const byCode = await rollup<Row>(em, codes, (keysTable) => ({
            sql: `select k.key, g.status, g.level, g.studios, g.members
                    from ${keysTable}
                    left join lateral (select s.status, s.level, count(s.id) as studios, coalesce(sum(m.members), 0) as members
                                         from studio s left join lateral ${CURRENT_MEMBERS('s')} on true
                                        where ${inSubtree('s')} ${school.sql}
                                        group by s.status, s.level) g on true`,
            params: school.params,
          }));
          return codes.map((code) => summarise(byCode.get(code)!));
        })
        .load(region.code);
    },
  }),
}));
