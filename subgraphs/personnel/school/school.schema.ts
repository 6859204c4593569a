import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { connectionRef, pageArgs, pageOf } from '../../../lib/graphql/connection.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import { builder, NodeRef, StageEnum } from '../builder.ts';
import { LevelEnum, RegionRef } from '../region/region.schema.ts';
import type { School } from './school.entity.ts';
import { findSchool, schoolsPage, schoolsWithin } from './school.queries.ts';
import { RegionCode } from '../../../lib/graphql/shapes.ts';

export const SchoolRef = builder.objectRef<School>('School');

SchoolRef.implement({
  description: 'A school (学校), under a county or run directly by a city or province.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    name: t.exposeString('name', { description: 'The school’s full name. 学校名称' }),
    stage: t.field({ type: StageEnum, description: 'The stage it teaches. 学段', resolve: (s) => s.stage }),
    region: t.field({
      type: RegionRef,
      description: 'The county it lies in, or the city or province that runs it. 所在行政区划',
      resolve: (s) => ({ code: s.regionCode }),
    }),
    runBy: t.field({
      type: LevelEnum,
      description: 'Which level runs the school: COUNTY, or CITY / PROVINCE for 市直属 / 省属 schools.',
      resolve: (s) => regionLevelOf(s.regionCode),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change, for incremental sync. 更新时间',
      resolve: (s) => s.updatedAt,
    }),
  }),
});

builder.asEntity(SchoolRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => findSchool(ctx, ref.id),
});

builder.queryFields((t) => ({
  school: t.field({
    type: SchoolRef,
    nullable: true,
    description: 'One school by id, if the viewer may see it. 学校',
    args: { id: t.arg.id({ required: true, description: 'The school’s id.' }) },
    resolve: (_root, { id }, ctx) => findSchool(ctx, String(id)),
  }),
  schools: t.field({
    type: [SchoolRef],
    description: "The schools of a region's subtree, city- and province-run schools included, by name.",
    args: {
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; schools of its whole subtree.' }),
    },
    resolve: (_root, { within }, ctx) => schoolsWithin(ctx, String(within)),
  }),
  schoolsConnection: t.field({
    type: connectionRef(builder, 'School', SchoolRef, 'schools'),
    description:
      "The schools of a region's subtree (city- and province-run schools included) ordered by (updatedAt, id), " +
      'for paging and incremental sync. 学校（分页、同步）',
    args: {
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; its whole subtree.' }),
      ...pageArgs(t),
    },
    resolve: (_root, args, ctx, info) => schoolsPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));
