import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { today } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import { inputOrArguments, POSITIONAL } from '../../../lib/input.ts';
import { findForChange, rowsLoader } from '../../../lib/loaders.ts';
import { builder, TeacherRef } from '../builder.ts';
import { changeStudio } from '../studio/change.ts';
import { Studio } from '../studio/studio.entity.ts';
import { findStudio, StudioRef } from '../studio/studio.schema.ts';
import type { MemberRole } from '../../../lib/vocabulary.ts';
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
  description: 'Where an application to join stands. 申请状态',
  values: { PENDING: { description: '待审' }, ACCEPTED: { description: '已接收' }, DECLINED: { description: '未接收' } } as const,
});

const ApplicationRef = builder.objectRef<MembershipApplication>('MembershipApplication').implement({
  description: 'A teacher’s application to join a studio (双向选择, 002 方案1 二(三)). 入室申请',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The application’s id.' }),
    studio: t.field({
      type: StudioRef,
      description: 'The studio applied to.',
      resolve: (a, _x, ctx) => findStudio(ctx, a.studioId),
    }),
    teacher: t.field({ type: TeacherRef, description: 'The applicant. 申请人', resolve: (a) => ({ id: a.teacherId }) }),
    role: t.field({ type: MemberRoleEnum, description: 'The role applied for. 角色', resolve: (a) => a.role }),
    status: t.field({ type: ApplicationStatusEnum, description: '申请状态', resolve: (a) => a.status }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was declined, if given. 理由' }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  applications: t.field({
    type: [ApplicationRef],
    description: 'Applications to join, newest first.',
    resolve: (s, _a, ctx) => rowsLoader(ctx, MembershipApplication, 'studioId', { orderBy: { appliedAt: 'desc' } }).load(s.id),
  }),
}));

const ApplyToJoinInput = builder.inputType('ApplyToJoinStudioInput', {
  description: 'A teacher applying to join a studio. 申请加入',
  fields: (t) => ({
    studioId: t.id({ required: true, description: "The studio's id." }),
    teacherId: t.id({ required: true, description: "The applicant's id." }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'The role applied for.' }),
  }),
});
const DecideApplicationInput = builder.inputType('DecideApplicationInput', {
  description: "The studio's decision on an application. 审核申请",
  fields: (t) => ({
    id: t.id({ required: true, description: "The application's id." }),
    studioVersion: t.int({ required: true, description: "The studio's version you read." }),
    accept: t.boolean({ required: true, description: 'Accept (true) or decline (false).' }),
    reason: t.string({ description: 'Why, when declining.' }),
  }),
});

builder.mutationFields((t) => ({
  applyToJoinStudio: t.field({
    type: ApplicationRef,
    description:
      'A teacher applies to join a studio, filed by an editor who sees both the teacher and the studio (the host school for its own teachers, else the office above both). 申请加入',
    args: {
      input: t.arg({ type: ApplyToJoinInput, description: 'Who applies, to which studio, for which role. 申请' }),
      studioId: t.arg.id({ description: POSITIONAL }),
      teacherId: t.arg.id({ description: POSITIONAL }),
      role: t.arg({ type: MemberRoleEnum, description: POSITIONAL }),
    },
    resolve: async (_root, given, ctx) => {
      const args = inputOrArguments<typeof ApplyToJoinInput.$inferInput>(given, ['studioId', 'teacherId', 'role']);
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
      input: t.arg({ type: DecideApplicationInput, description: 'The application and the decision. 审批' }),
      id: t.arg.id({ description: POSITIONAL }),
      studioVersion: t.arg.int({ description: POSITIONAL }),
      accept: t.arg.boolean({ description: POSITIONAL }),
      reason: t.arg.string({ description: POSITIONAL }),
    },
    resolve: async (_root, given, ctx) => {
      const args = inputOrArguments<typeof DecideApplicationInput.$inferInput>(given, ['id', 'studioVersion', 'accept']);
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
