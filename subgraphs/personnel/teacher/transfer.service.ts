import { randomUUID } from 'node:crypto';
import { about } from '../../../lib/data/audit.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { change } from '../../../lib/data/change.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { publish } from '../../../lib/events/outbox.ts';
import { findSchool, teacherPlace } from '../school/school.queries.ts';
import { Teacher, TeacherTransfer } from './teacher.entity.ts';
import type { TransferTeacherInput } from './transfer.inputs.ts';

/**
 * Moves a teacher to another school on a date, by an office both schools lie under; studios hear of it through
 * the outbox, in the same transaction (000 五.6).
 */
export async function transferTeacher(ctx: SubgraphContext, input: typeof TransferTeacherInput.$inferInput): Promise<Teacher> {
  const { movedOn } = input;
  const reason = input.reason.trim();
  if (!reason) throw userError('BAD_USER_INPUT', '请填写调动原因', { argumentName: 'reason' });
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const teacher = await findForChange(tx, ctx.viewer, Teacher, input.teacherId, '教师', teacherPlace(ctx, tx));
    const txCtx = { ...ctx, em: tx };
    const from = await findSchool(txCtx, teacher.schoolId);
    const to = await findSchool(txCtx, input.toSchoolId);
    if (from.id === to.id) throw userError('BAD_USER_INPUT', '调入学校与现所在学校相同');
    // both ends must be the office's own: a county office moves teachers within its county, a city between its counties
    for (const school of [from, to]) {
      assertMayChange(ctx.viewer, { regionCode: school.regionCode, hostSchoolId: school.id }, 'COUNTY', ['editor'], '教师调动');
    }
    teacher.schoolId = to.id;
    const transfer = tx.create(TeacherTransfer, {
      id: randomUUID(),
      teacherId: teacher.id,
      fromSchoolId: from.id,
      toSchoolId: to.id,
      movedOn,
      reason,
      actor: ctx.viewer.subject,
      at: new Date(),
    });
    await tx.flush();
    // in the same transaction: the studios subgraph hears of it once, even if it is down right now
    await publish(tx, 'personnel.teacherTransferred', {
      transferId: transfer.id,
      teacherId: teacher.id,
      fromSchoolId: from.id,
      toSchoolId: to.id,
      fromRegionCode: from.regionCode,
      toRegionCode: to.regionCode,
      movedOn,
    });
    // one entry at each end, each naming only its own school: an office sees the ends in its scope
    const end = (school: { id: string; name: string; regionCode: string }, moves: string) =>
      audit({
        ...about('Teacher', teacher.id, { regionCode: school.regionCode, hostSchoolId: school.id }),
        action: 'transferTeacher',
        summary: `${teacher.name}：${moves}${school.name}（${movedOn}，${reason}）`,
        ...(school === from ? { before: { schoolId: from.id } } : { after: { schoolId: to.id } }),
      });
    end(from, '调出');
    end(to, '调入');
    return teacher;
  });
}
