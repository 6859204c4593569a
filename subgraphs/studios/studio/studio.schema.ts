import { enumValues, studioLevelEnum } from '../../../lib/enums.ts';
import { type SubgraphContext } from '../../../lib/context.ts';
import { ID_DESCRIPTION } from '../../../lib/graphql.ts';
import { assertRegionInScope } from '../../../lib/auth.ts';
import { findInScope, readRows } from '../../../lib/loaders.ts';
import { connectionOf, connectionRef, pageOf } from '../../../lib/connection.ts';
import { decodeCursor, MAX_PAGE_SIZE } from '../../../lib/pagination.ts';
import { subtreePrefix } from '../../../lib/region-code.ts';
import { builder, NodeRef, RegionRef, SchoolRef, TeacherRef } from '../builder.ts';
import { STATUS_NAMES } from '../lifecycle/lifecycle.ts';
import { Studio } from './studio.entity.ts';
import { RegionCode } from '../../../lib/shapes.ts';
import { PageSize } from '../../../lib/shapes.ts';

export const StudioLevelEnum = studioLevelEnum(builder);
export const StudioStatusEnum = builder.enumType('StudioStatus', {
  description: 'Where the studio stands in its lifecycle. 工作室状态',
  values: enumValues(STATUS_NAMES),
});

/** A studio the viewer may see: in their subtree, or hosted by their school (NOT_FOUND otherwise, as if there were none). */
export const findStudio = (ctx: SubgraphContext, id: string): Promise<Studio> => findInScope(ctx, Studio, id, '工作室');

export const StudioRef = builder.objectRef<Studio>('Studio');

StudioRef.implement({
  description: 'A master head-teacher studio (名班主任工作室), named after its host.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    name: t.exposeString('name', { description: 'Named after its host, e.g. 张敏名班主任工作室. 工作室名称' }),
    level: t.field({ type: StudioLevelEnum, description: '工作室级别', resolve: (s) => s.level }),
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

export const StudioFilter = builder.inputType('StudioFilter', {
  description: 'Which studios to keep; conditions given all hold. 筛选条件',
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: 'Only studios changed at or after this instant.' }),
    level: t.field({ type: StudioLevelEnum, description: 'Only studios of this level. 工作室级别' }),
    status: t.field({ type: StudioStatusEnum, description: 'Only studios in this status. 状态' }),
  }),
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
    resolve: async (_root, args, ctx, info) => {
      const { within, first, after, filter } = args;
      const page = pageOf(args, info);
      const size = first;
      const code = String(within);
      assertRegionInScope(ctx.viewer, code);
      const where = {
        regionCode: { $like: `${subtreePrefix(code)}%` },
        ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
        ...(filter?.updatedSince ? { updatedAt: { $gte: filter.updatedSince } } : {}),
        ...(filter?.level ? { level: filter.level } : {}),
        ...(filter?.status ? { status: filter.status } : {}),
      };
      const position = after ? decodeCursor(after, page.scope) : null;
      const pageWhere = position
        ? {
            ...where,
            $or: [{ updatedAt: { $gt: position.updatedAt } }, { updatedAt: position.updatedAt, id: { $gt: position.id } }],
          }
        : where;
      const [rows, totalCount] = await Promise.all([
        readRows(ctx.em, Studio, pageWhere, { orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], limit: size + 1 }),
        ctx.em.count(Studio, where),
      ]);
      return connectionOf(rows, size, totalCount, page);
    },
  }),
}));
