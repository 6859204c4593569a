import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { today } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import { findForChange, rowsLoader } from '../../../lib/loaders.ts';
import { builder, TeacherRef } from '../builder.ts';
import { changeStudio } from '../studio/change.ts';
import { Studio } from '../studio/studio.entity.ts';
import { findStudio, StudioRef } from '../studio/studio.schema.ts';
import type { MemberRole } from './membership.entity.ts';
import { MemberRoleEnum } from './membership.schema.ts';
import { TEACHER_FACTS } from '../peers.ts';
import { admit } from './team.schema.ts';

const ApplicationSchema = defineEntity({
  name: 'MembershipApplication',
  tableName: 'membership_application',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    teacherId: p.uuid(),
    role: p.string().$type<MemberRole>(),
    status: p.string().$type<'PENDING' | 'ACCEPTED' | 'DECLINED'>(),
    appliedBy: p.string(),
    appliedAt: p.datetime(),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    reason: p.string().nullable(),
  },
});
/** Two-way selection (双向选择, 002 方案1 二(三)): a teacher applies, the host's side accepts or declines. */
export class MembershipApplication extends ApplicationSchema.class {}
ApplicationSchema.setClass(MembershipApplication);

const ApplicationStatusEnum = builder.enumType('ApplicationStatus', {
  values: { PENDING: { description: '待审' }, ACCEPTED: { description: '已接收' }, DECLINED: { description: '未接收' } } as const,
});

const ApplicationRef = builder.objectRef<MembershipApplication>('MembershipApplication').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    studio: t.field({ type: StudioRef, resolve: (a, _x, ctx) => findStudio(ctx, a.studioId) }),
    teacher: t.field({ type: TeacherRef, resolve: (a) => ({ id: a.teacherId }) }),
    role: t.field({ type: MemberRoleEnum, resolve: (a) => a.role }),
    status: t.field({ type: ApplicationStatusEnum, resolve: (a) => a.status }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  applications: t.field({
    type: [ApplicationRef],
    description: 'Applications to join, newest first.',
    resolve: (s, _a, ctx) => rowsLoader(ctx, MembershipApplication, 'studioId', { orderBy: { appliedAt: 'desc' } }).load(s.id),
  }),
}));

builder.mutationFields((t) => ({
  applyToJoinStudio: t.field({
    type: ApplicationRef,
    description:
      'A teacher applies to join a studio, filed by an editor who sees both the teacher and the studio (the host school for its own teachers, else the office above both). 申请加入',
    args: {
      studioId: t.arg.id({ required: true }),
      teacherId: t.arg.id({ required: true }),
      role: t.arg({ type: MemberRoleEnum, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      if (!ctx.viewer.roles.some((r) => r === 'editor' || r === 'admin'))
        throw userError('FORBIDDEN', '无权提交申请：需要 editor 角色');
      // both must be the applicant's to see: personnel answers only within the applicant's scope, as the studio does
      const { teacher } = await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: String(args.teacherId) });
      return ctx.em.transactional(async (tx) => {
        const studio = await findForChange(tx, ctx.viewer, Studio, String(args.studioId), '工作室');
        if (['REVOKED', 'COMPLETED'].includes(studio.status)) throw userError('BAD_USER_INPUT', '该工作室已不再接收成员');
        if (await tx.count(MembershipApplication, { studioId: studio.id, teacherId: teacher.id, status: 'PENDING' })) {
          throw userError('BAD_USER_INPUT', '该教师已有待审的申请');
        }
        return tx.create(MembershipApplication, {
          id: randomUUID(),
          studioId: studio.id,
          teacherId: teacher.id,
          role: args.role,
          status: 'PENDING',
          appliedBy: ctx.viewer.subject,
          appliedAt: new Date(),
          decidedBy: null,
          decidedAt: null,
          reason: null,
        });
      });
    },
  }),
  decideApplication: t.field({
    type: ApplicationRef,
    description: "The studio's side accepts (the policy is applied as when adding a member) or declines an application. 审核申请",
    args: {
      id: t.arg.id({ required: true }),
      studioVersion: t.arg.int({ required: true }),
      accept: t.arg.boolean({ required: true }),
      reason: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      // an application lies where its studio does
      const application = await findForChange(ctx.em, ctx.viewer, MembershipApplication, String(args.id), '申请', (a) =>
        ctx.em.findOneOrFail(Studio, { id: a.studioId }),
      );
      if (application.status !== 'PENDING') throw userError('BAD_USER_INPUT', '该申请已处理');
      const teacher = args.accept
        ? (await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: application.teacherId })).teacher
        : null;
      await changeStudio(ctx, { id: application.studioId, version: args.studioVersion }, '工作室成员', async (tx, studio) => {
        const row = await tx.findOneOrFail(MembershipApplication, { id: application.id });
        if (teacher) await admit(ctx, tx, studio, teacher, row.role, today());
        row.status = args.accept ? 'ACCEPTED' : 'DECLINED';
        row.decidedBy = ctx.viewer.subject;
        row.decidedAt = new Date();
        row.reason = args.reason?.trim() || null;
      });
      return (await ctx.em.fork().findOne(MembershipApplication, { id: application.id }))!;
    },
  }),
}));
