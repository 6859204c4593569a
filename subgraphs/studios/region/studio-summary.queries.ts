import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { assertRegionInScope, schoolCondition } from '../../../lib/auth/scope.ts';
import { defineLoader } from '../../../lib/data/loaders.ts';
import { inSubtree, rollup } from '../../../lib/data/rollup.ts';
import { CURRENT_MEMBERS } from '../membership/membership.entity.ts';
import type { StudioLevel, StudioStatus } from '../studio/studio.entity.ts';

interface Row {
  key: string;
  status: StudioStatus | null;
  level: StudioLevel | null;
  studios: string;
  members: string;
}
export interface StudioSummary {
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

/** Studio figures of regions' subtrees, studios of `school` (the viewer's own school, if any) alone. */
const studioSummaries = defineLoader(async (codes: readonly string[], em, school: ReturnType<typeof schoolCondition>) => {
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
});

/** Studio figures for a region's subtree; one SQL statement for every region of the request. */
export function studioSummary(ctx: SubgraphContext, code: string): Promise<StudioSummary> {
  assertRegionInScope(ctx.viewer, code);
  return ctx.loaders.get(studioSummaries, schoolCondition(ctx.viewer, 's')).load(code);
}
