import { builder, StageEnum } from '../builder.ts';
import { peopleSummary, type PeopleSummary, type StageCount } from './people-summary.queries.ts';
import { RegionRef } from './region.schema.ts';

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
    resolve: (region, _args, ctx) => peopleSummary(ctx, region.code),
  }),
}));
