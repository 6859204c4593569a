import { assertRegionInScope } from '../../../lib/auth.ts';
import { inSubtree, rollup } from '../../../lib/rollup.ts';
import { builder } from '../builder.ts';
import type { Stage } from '../school/school.entity.ts';
import { StageEnum } from '../school/school.schema.ts';
import { RegionRef } from './region.schema.ts';

interface Row {
  key: string;
  stage: Stage | null;
  schools: string;
  teachers: string;
  active: string;
}
interface StageCount {
  stage: Stage;
  schoolCount: number;
  teacherCount: number;
}
interface PeopleSummary {
  schoolCount: number;
  teacherCount: number;
  activeHeadTeacherCount: number;
  byStage: StageCount[];
}

const StageCountRef = builder.objectRef<StageCount>('StageCount').implement({
  description: 'Schools and teachers of one stage. 按学段统计',
  fields: (t) => ({
    stage: t.field({ type: StageEnum, description: '学段', resolve: (s) => s.stage }),
    schoolCount: t.exposeInt('schoolCount', { description: '学校数' }),
    teacherCount: t.exposeInt('teacherCount', { description: '教师数' }),
  }),
});

const PeopleSummaryRef = builder.objectRef<PeopleSummary>('PeopleSummary').implement({
  description: "Schools and head teachers of a region's subtree, city- and province-run schools included.",
  fields: (t) => ({
    schoolCount: t.exposeInt('schoolCount', { description: '学校数' }),
    teacherCount: t.exposeInt('teacherCount', { description: '教师数' }),
    activeHeadTeacherCount: t.exposeInt('activeHeadTeacherCount', { description: '在岗班主任数' }),
    byStage: t.field({ type: [StageCountRef], description: '按学段', resolve: (p) => p.byStage }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  people: t.field({
    type: PeopleSummaryRef,
    description: "People figures for the region's subtree; one SQL statement for every region in the request.",
    resolve: (region, _args, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      const own = ctx.viewer.schoolId ? { sql: 'and s.id = ?', params: [ctx.viewer.schoolId] } : { sql: '', params: [] };
      return ctx.loaders
        .get<string, PeopleSummary>('region.people', async (codes, em) => {
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
          return codes.map((code) => {
            const rows = byCode.get(code)!.filter((r) => r.stage);
            const total = (key: 'schools' | 'teachers' | 'active') => rows.reduce((n, r) => n + Number(r[key]), 0);
            return {
              schoolCount: total('schools'),
              teacherCount: total('teachers'),
              activeHeadTeacherCount: total('active'),
              byStage: rows.map((r) => ({ stage: r.stage!, schoolCount: Number(r.schools), teacherCount: Number(r.teachers) })),
            };
          });
        })
        .load(region.code);
    },
  }),
}));
