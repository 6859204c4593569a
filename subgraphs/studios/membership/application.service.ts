import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { TEACHER_FACTS, TEACHER_PLACE } from '../peers.ts';
import { changeStudio } from '../studio/change.ts';
import { Studio } from '../studio/studio.entity.ts';
import { MembershipApplication } from './application.entity.ts';
import type { ApplyToJoinStudioInput, DecideApplicationInput } from './application.inputs.ts';
import { admit } from './team.service.ts';

/**
 * A teacher applies to join a studio, filed by an editor who sees both the teacher and the studio (the host school
 * for its own teachers, else the office above both). One pending application per teacher and studio.
 */
export async function applyToJoinStudio(
  ctx: SubgraphContext,
  input: typeof ApplyToJoinStudioInput.$inferInput,
): Promise<MembershipApplication> {
  if (!ctx.viewer.roles.some((r) => r === 'editor' || r === 'admin'))
    throw userError('FORBIDDEN', '无权提交申请：需要 editor 角色');
  // both must be the applicant's to see: personnel answers only within the applicant's scope, as the studio does
  const { teacher } = await ctx.peers.ask(TEACHER_PLACE, ctx.viewer, { id: input.teacherId });
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx }) => {
      const studio = await findForChange(tx, ctx.viewer, Studio, input.studioId, '工作室');
      if (['REVOKED', 'COMPLETED'].includes(studio.status)) throw userError('BAD_USER_INPUT', '该工作室已不再接收成员');
      if (await tx.count(MembershipApplication, { studioId: studio.id, teacherId: teacher.id, status: 'PENDING' })) {
        throw userError('BAD_USER_INPUT', '该教师已有待审的申请');
      }
      return tx.create(MembershipApplication, {
        id: randomUUID(),
        studioId: studio.id,
        teacherId: teacher.id,
        role: input.role,
        status: 'PENDING',
        appliedBy: ctx.viewer.subject,
        appliedAt: new Date(),
        decidedBy: null,
        decidedAt: null,
        reason: null,
      });
    },
    '申请',
  );
}

/** The studio's side accepts an application (the policy applied as when adding a member) or declines it. */
export async function decideApplication(
  ctx: SubgraphContext,
  input: typeof DecideApplicationInput.$inferInput,
): Promise<MembershipApplication> {
  // an application lies where its studio does
  const application = await findForChange(ctx.em, ctx.viewer, MembershipApplication, input.id, '申请', (a) =>
    ctx.em.findOneOrFail(Studio, { id: a.studioId }),
  );
  if (application.status !== 'PENDING') throw userError('BAD_USER_INPUT', '该申请已处理');
  const teacher = input.accept ? (await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: application.teacherId })).teacher : null;
  await changeStudio(ctx, { id: application.studioId, version: input.studioVersion }, '工作室成员', async (w, studio) => {
    const row = await w.tx.findOneOrFail(MembershipApplication, { id: application.id });
    if (teacher) await admit(ctx, w, studio, teacher, row.role, today());
    row.status = input.accept ? 'ACCEPTED' : 'DECLINED';
    row.decidedBy = ctx.viewer.subject;
    row.decidedAt = new Date();
    row.reason = input.reason?.trim() || null;
  });
  return (await ctx.em.fork().findOne(MembershipApplication, { id: application.id }))!;
}
