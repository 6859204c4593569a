import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { about } from '../../../lib/data/audit.ts';
import { today } from '../../../lib/domain/clock.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { StudioMember } from '../membership/membership.entity.ts';
import { rulesOf } from '../policy/policy.queries.ts';
import { ACTIVITY_KINDS, type WorkKind } from '../policy/rules.ts';
import { changeStudio } from '../studio/change.ts';
import { Studio } from '../studio/studio.entity.ts';
import { Attendance, WorkItem } from './work.entity.ts';
import { absencesOf } from './work.queries.ts';
import type { ApplyAbsenceRuleInput, RecordWorkInput } from './work.inputs.ts';

export const isActivity = (kind: WorkKind) => (ACTIVITY_KINDS as readonly string[]).includes(kind);

/** Records an activity (with attendance) or a document or output of a studio, by its host school or an office above. */
export async function recordWork(ctx: SubgraphContext, input: typeof RecordWorkInput.$inferInput) {
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const studio = await findForChange(tx, ctx.viewer, Studio, input.studioId, '工作室');
    // the host's school records its studio's work, as do the offices above it
    assertMayChange(ctx.viewer, studio, 'SCHOOL', ['editor'], '工作室工作记录');
    const title = input.title.trim();
    if (!title) throw userError('BAD_USER_INPUT', '请填写标题', { argumentName: 'title' });
    const doneOn = input.doneOn;
    const attended = input.attended ?? [];
    const absent = input.absent ?? [];
    if (!isActivity(input.kind) && (attended.length || absent.length || input.halfDays)) {
      throw userError('BAD_USER_INPUT', '只有活动才记录出勤和时长', { argumentName: 'attended' });
    }
    if (input.halfDays !== null && input.halfDays !== undefined && (input.halfDays < 0 || input.halfDays > 20)) {
      throw userError('BAD_USER_INPUT', '活动时长应为 0 到 20 个半天', { argumentName: 'halfDays' });
    }
    const members = new Set((await tx.find(StudioMember, { studioId: studio.id, leftOn: null })).map((m) => m.teacherId));
    const by = input.by ?? null;
    // the host's own work (主持人参加培训) is recorded with the host as its author
    const strangers = [...attended, ...absent, ...(by && by !== studio.hostTeacherId ? [by] : [])].filter(
      (id) => !members.has(id),
    );
    if (strangers.length)
      throw userError('BAD_USER_INPUT', `以下教师不是本工作室的主持人或现有成员：${strangers.join('、')}`, {
        teacherIds: strangers,
      });
    if (attended.some((id) => absent.includes(id))) throw userError('BAD_USER_INPUT', '同一成员不能既出勤又缺勤');
    const item = tx.create(WorkItem, {
      id: randomUUID(),
      studioId: studio.id,
      kind: input.kind,
      title,
      doneOn,
      halfDays: input.halfDays ?? null,
      level: input.level ?? null,
      teacherId: by,
      actor: ctx.viewer.subject,
      createdAt: new Date(),
    });
    await tx.flush(); // attendance references the item by a plain column
    for (const id of attended) tx.create(Attendance, { workItemId: item.id, teacherId: id, present: true });
    for (const id of absent) tx.create(Attendance, { workItemId: item.id, teacherId: id, present: false });
    audit({
      action: 'recordWork',
      ...about('Studio', studio.id, studio),
      summary: `${studio.name}：记录${title}（${doneOn}）`,
      after: { kind: input.kind, title, doneOn, by, attended: attended.length, absent: absent.length },
    });
    return item;
  });
}

/** Members whose absences reach the policy's share leave the studio (002 方案1 三(二)3). */
export function applyAbsenceRule(ctx: SubgraphContext, { studioId, version }: typeof ApplyAbsenceRuleInput.$inferInput) {
  return changeStudio(ctx, { id: studioId, version }, '工作室成员', async ({ tx, audit }, studio) => {
    const rule = (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('member.absence.leaveAtShare');
    if (!rule) throw userError('BAD_USER_INPUT', '该工作室所执行的政策没有缺勤规定');
    const leaving = (await absencesOf(ctx, tx, studio)).filter((a) => a.reachesLimit);
    for (const a of leaving) {
      const member = await tx.findOne(StudioMember, { studioId: studio.id, teacherId: a.teacherId, leftOn: null });
      member!.leftOn = today();
      member!.leftReason = `缺勤 ${a.absent}/${a.recorded} 次（${rule.seed}：${rule.text}）`;
    }
    audit({
      action: 'applyAbsenceRule',
      ...about('Studio', studio.id, studio),
      summary: `${studio.name}：按缺勤规定退出 ${leaving.length} 人`,
      after: { left: leaving.map((a) => a.teacherId) },
    });
  });
}
