import { today } from '../../../lib/domain/clock.ts';
import { maySeePersonalData } from '../../../lib/auth/scope.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { connectionRef, pageArgs, pageOf } from '../../../lib/graphql/connection.ts';
import { retirementMonth } from '../../../lib/domain/retirement.ts';
import { builder, GenderEnum, NodeRef, StageEnum } from '../builder.ts';
import { findSchool } from '../school/school.queries.ts';
import { SchoolRef } from '../school/school.schema.ts';
import { ageOf } from './age.ts';
import type { Teacher } from './teacher.entity.ts';
import { findTeacher, teachersPage } from './teacher.queries.ts';
import { RegionCode } from '../../../lib/graphql/shapes.ts';

/** Personal data, for the roles allowed to see it. */
function personal<T>(ctx: SubgraphContext, value: T): T {
  if (!maySeePersonalData(ctx.viewer))
    throw userError('FORBIDDEN', '无权查看个人信息（出生日期、电话、邮箱）：需要 editor 或 admin 角色');
  return value;
}

export const TeacherRef = builder.objectRef<Teacher>('Teacher');

TeacherRef.implement({
  description: 'A head teacher (班主任). Personal data (birth date, phone, email) only for editors and administrators.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    name: t.exposeString('name', { description: 'Full name. 姓名' }),
    gender: t.field({ type: GenderEnum, nullable: true, description: '性别, when recorded.', resolve: (x) => x.gender }),
    school: t.field({
      type: SchoolRef,
      description: 'The school the teacher works at. 单位',
      resolve: (x, _args, ctx) => findSchool(ctx, x.schoolId),
    }),
    title: t.exposeString('title', { nullable: true, description: '职称' }),
    subject: t.exposeString('subject', { nullable: true, description: '任教学科' }),
    yearsWorked: t.exposeInt('yearsWorked', { nullable: true, description: '工作年限' }),
    headTeacherYears: t.exposeInt('headTeacherYears', { description: '班主任工作年限' }),
    activeHeadTeacher: t.exposeBoolean('activeHeadTeacher', { description: '是否在岗班主任' }),
    age: t.int({
      nullable: true,
      description: '年龄（周岁，按出生日期计）；未录入出生日期时为空',
      resolve: (x) => ageOf(x, new Date(today())),
    }),
    retirementMonth: t.string({
      nullable: true,
      description:
        '法定退休年月 (YYYY-MM) under the 2025 decision on gradually raising the statutory retirement age (men 60 → 63, women teachers 55 → 58), from gender and birth date; null when either is not recorded',
      resolve: (x) => retirementMonth(x.gender, x.birthDate),
    }),
    stage: t.field({
      type: StageEnum,
      description: "学段 (the school's stage)",
      resolve: async (x, _a, ctx) => (await findSchool(ctx, x.schoolId)).stage,
    }),
    birthDate: t.string({
      nullable: true,
      description: '出生日期 (personal data)',
      resolve: (x, _a, ctx) => personal(ctx, x.birthDate),
    }),
    phone: t.string({ nullable: true, description: '电话 (personal data)', resolve: (x, _a, ctx) => personal(ctx, x.phone) }),
    email: t.string({ nullable: true, description: '邮箱 (personal data)', resolve: (x, _a, ctx) => personal(ctx, x.email) }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change, for incremental sync. 更新时间',
      resolve: (x) => x.updatedAt,
    }),
  }),
});

builder.asEntity(TeacherRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => findTeacher(ctx, ref.id),
});

builder.queryFields((t) => ({
  teacher: t.field({
    type: TeacherRef,
    nullable: true,
    description: 'One teacher by id, if the viewer may see them. 教师',
    args: { id: t.arg.id({ required: true, description: 'The teacher’s id.' }) },
    resolve: (_root, { id }, ctx) => findTeacher(ctx, String(id)),
  }),
  teachersConnection: t.field({
    type: connectionRef(builder, 'Teacher', TeacherRef, 'teachers'),
    description:
      "The teachers of the schools of a region's subtree ordered by (updatedAt, id), for paging and incremental " +
      'sync; a transfer moves a teacher to the end. 教师（分页、同步）',
    args: {
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; its whole subtree.' }),
      ...pageArgs(t),
    },
    resolve: (_root, args, ctx, info) => teachersPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));
