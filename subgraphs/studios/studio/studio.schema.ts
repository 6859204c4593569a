import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { connectionRef, pageOf } from '../../../lib/graphql/connection.ts';
import { MAX_PAGE_SIZE } from '../../../lib/graphql/pagination.ts';
import {
  builder,
  NodeRef,
  RegionRef,
  SchoolRef,
  StudioCategoryEnum,
  StudioLevelEnum,
  StudioStatusEnum,
  TeacherRef,
} from '../builder.ts';
import type { Studio } from './studio.entity.ts';
import { findStudio, studiosPage } from './studio.queries.ts';
import { StudioFilter } from './studio.inputs.ts';
import { RegionCode } from '../../../lib/graphql/shapes.ts';
import { PageSize } from '../../../lib/graphql/shapes.ts';

export const StudioRef = builder.objectRef<Studio>('Studio');

StudioRef.implement({
  description: 'A master head-teacher studio (名班主任工作室), named after its host.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    name: t.exposeString('name', { description: 'Named after its host, e.g. 张敏名班主任工作室. 工作室名称' }),
    level: t.field({ type: StudioLevelEnum, description: '工作室级别', resolve: (s) => s.level }),
    category: t.field({ type: StudioCategoryEnum, description: '工作室类别', resolve: (s) => s.category }),
    status: t.field({ type: StudioStatusEnum, description: 'Where it stands in its lifecycle. 状态', resolve: (s) => s.status }),
    region: t.field({ type: RegionRef, description: "The host school's region.", resolve: (s) => ({ code: s.regionCode }) }),
    hostSchool: t.field({ type: SchoolRef, description: '主持人所在学校', resolve: (s) => ({ id: s.hostSchoolId }) }),
    host: t.field({ type: TeacherRef, description: '主持人', resolve: (s) => ({ id: s.hostTeacherId }) }),
    batch: t.exposeString('batch', { description: '批次' }),
    startYear: t.exposeInt('startYear', { description: 'First year of the construction cycle (建设周期).' }),
    endYear: t.exposeInt('endYear', { description: 'Last year of the construction cycle.' }),
    version: t.exposeInt('version', { description: 'Changes with every update; send it back to change the studio.' }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed. 更新时间', resolve: (s) => s.updatedAt }),
  }),
});

builder.asEntity(StudioRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => findStudio(ctx, ref.id),
});

const StudioConnection = connectionRef(builder, 'Studio', StudioRef, 'studios');

builder.queryFields((t) => ({
  studio: t.field({
    type: StudioRef,
    nullable: true,
    description: 'One studio by id, if the viewer may see it. 工作室',
    args: { id: t.arg.id({ required: true, description: 'The studio’s id.' }) },
    resolve: (_root, { id }, ctx) => findStudio(ctx, String(id)),
  }),
  studios: t.field({
    type: StudioConnection,
    description: `Studios of a region's subtree ordered by (updatedAt, id), for paging and incremental sync. At most ${MAX_PAGE_SIZE} a page.`,
    args: {
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; studios of its whole subtree.' }),
      first: t.arg.int({ required: true, validate: PageSize(MAX_PAGE_SIZE), description: `Page size, 1–${MAX_PAGE_SIZE}.` }),
      after: t.arg.string({ description: "The previous page's endCursor." }),
      filter: t.arg({ type: StudioFilter, description: 'Which studios to keep.' }),
    },
    resolve: (_root, args, ctx, info) => studiosPage(ctx, args, pageOf(args, info)),
  }),
}));
