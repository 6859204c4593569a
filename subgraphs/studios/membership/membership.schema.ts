import { connectionRef, pageArgs, pageOf } from '../../../lib/graphql/connection.ts';
import { builder, MemberRoleEnum, NodeRef, TeacherRef } from '../builder.ts';
import { findStudio } from '../studio/studio.queries.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import type { StudioMember } from './membership.entity.ts';
import { currentMembers, memberCounts, membershipsPage } from './membership.queries.ts';
import { RegionCode } from '../../../lib/graphql/shapes.ts';

const StudioMemberRef = builder.objectRef<StudioMember>('StudioMember').implement({
  description: 'A current member of a studio’s team. 工作室成员',
  interfaces: [NodeRef],
  fields: (t) => ({
    teacher: t.field({ type: TeacherRef, description: 'The teacher. 教师', resolve: (m) => ({ id: m.teacherId }) }),
    role: t.field({ type: MemberRoleEnum, description: '成员角色', resolve: (m) => m.role }),
    id: t.exposeID('id', { description: "The membership's id (one teacher's time in one studio). 编号" }),
    studio: t.field({
      type: StudioRef,
      description: 'The studio. 工作室',
      resolve: (m, _args, ctx) => findStudio(ctx, m.studioId),
    }),
    joinedOn: t.exposeString('joinedOn', { description: 'Date joined, YYYY-MM-DD.' }),
    leftOn: t.exposeString('leftOn', { nullable: true, description: 'Date left, YYYY-MM-DD; null while a member. 退出日期' }),
    leftReason: t.exposeString('leftReason', { nullable: true, description: '退出原因' }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change, for incremental sync. 更新时间',
      resolve: (m) => m.updatedAt,
    }),
  }),
});

const MembershipConnection = connectionRef(builder, 'StudioMember', StudioMemberRef, 'memberships');

builder.queryFields((t) => ({
  membershipsConnection: t.field({
    type: MembershipConnection,
    description:
      "Memberships of the studios of a region's subtree, current and ended, ordered by (updatedAt, id), for " +
      'incremental sync: a member who leaves comes again with leftOn. 工作室成员（同步）',
    args: {
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; its whole subtree.' }),
      ...pageArgs(t),
    },
    resolve: (_root, args, ctx, info) => membershipsPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));

builder.objectFields(StudioRef, (t) => ({
  members: t.field({
    type: [StudioMemberRef],
    description: 'Current members, the host excluded.',
    resolve: (s, _args, ctx) => currentMembers(ctx).load(s.id),
  }),
  memberCount: t.int({
    description: 'How many current members (the host excluded).',
    resolve: (s, _args, ctx) => memberCounts(ctx).load(s.id),
  }),
}));
