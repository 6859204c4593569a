import { assertRegionInScope } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { defineLoader } from '../../../lib/data/loaders.ts';
import { inSubtree, rollup } from '../../../lib/data/rollup.ts';
import type { Stage } from '../school/school.entity.ts';

interface Row {
  key: string;
  stage: Stage | null;
  schools: string;
  teachers: string;
  active: string;
}
export interface StageCount {
  stage: Stage;
  schoolCount: number;
  teacherCount: number;
}
export interface PeopleSummary {
  schoolCount: number;
  teacherCount: number;
  activeHeadTeacherCount: number;
  byStage: StageCount[];
}

/** People figures of regions' subtrees, the school of `own` (a school user's) alone. */
const peopleSummaries = defineLoader(async (codes: readonly string[], em, own: { sql: string; params: unknown[] }) => {
  const byCode = await rollup<Row>(em, codes, (keysTable) => ({
    sql: `select k.key, g.stage, g.schools, g.teachers, g.active
            from ${keysTable}
            left join lateral (select s.stage, count(distinct s.id) as schools, count(t.id) as teachers,
                                      count(t.id) filter (where t.active_head_teacher) as active
                                 from school s left join teacher t on t.school_id = s.id
                                where ${inSubtree('s')} ${own.sql}
                                group by s.stage) g on true`,
    params: own.params,
  }));
  return codes.map((code): PeopleSummary => {
    const rows = byCode.get(code)!.filter((r) => r.stage);
    const total = (key: 'schools' | 'teachers' | 'active') => rows.reduce((n, r) => n + Number(r[key]), 0);
    return {
      schoolCount: total('schools'),
      teacherCount: total('teachers'),
      activeHeadTeacherCount: total('active'),
      byStage: rows.map((r) => ({ stage: r.stage!, schoolCount: Number(r.schools), teacherCount: Number(r.teachers) })),
    };
  });
});

/** People figures for a region's subtree; one SQL statement for every region in the request. */
export const peopleSummary = (ctx: SubgraphContext, code: string): Promise<PeopleSummary> => {
  assertRegionInScope(ctx.viewer, code);
  const own = ctx.viewer.schoolId ? { sql: 'and s.id = ?', params: [ctx.viewer.schoolId] } : { sql: '', params: [] };
  return ctx.loaders.get(peopleSummaries, own).load(code);
};
