import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { about, audit } from '../../../lib/audit.ts';
import { requireDate } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import { builder } from '../builder.ts';
import { eligibilityVerdicts, type TeacherFacts } from '../policy/eligibility.ts';
import { TEACHER_FACTS } from '../peers.ts';
import { RuleVerdictRef } from '../policy/eligibility.schema.ts';
import { refuseUnless } from '../policy/enforce.ts';
import { rulesOf } from '../policy/policy.schema.ts';
import type { Verdict } from '../policy/rules.ts';
import { teamVerdicts, type Team } from '../policy/team.ts';
import { changeStudio } from '../studio/change.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { StudioMember } from './membership.entity.ts';
import type { MemberRole } from '../../../lib/vocabulary.ts';
import { MemberRoleEnum } from './membership.schema.ts';

/** A revoked or completed studio's team is history: it no longer changes. */
function assertTeamOpen(studio: Studio): void {
  if (studio.status === 'REVOKED' || studio.status === 'COMPLETED') {
    throw userError('BAD_USER_INPUT', `工作室已${studio.status === 'REVOKED' ? '撤销建制' : '届满结束'}，不能再变更成员`, {
      status: studio.status,
    });
  }
}

async function teamOf(em: EntityManager, studio: Studio): Promise<Team> {
  const people = await em.find(StudioMember, { studioId: studio.id, leftOn: null });
  // the host and any further lead (领衔人) recorded on the team, 001 四(一) "1—2名领衔人"
  const members = people.filter((m) => m.role !== 'LEAD');
  return { hostSchoolId: studio.hostSchoolId, hosts: 1 + people.length - members.length, members };
}

/** The studio's team against its policy in full, both sides of every limit (for 公示 and 授牌). */
export async function teamCompliance(ctx: SubgraphContext, em: EntityManager, studio: Studio): Promise<Verdict[]> {
  return teamVerdicts(await rulesOf(ctx, studio.policyId, studio.policyVersion), await teamOf(em, studio), 'complete');
}

builder.objectFields(StudioRef, (t) => ({
  compliance: t.field({
    type: [RuleVerdictRef],
    description: "The team against its policy's team rules in full, rule by rule (what 公示 and 授牌 require).",
    resolve: (studio, _args, ctx) => teamCompliance(ctx, ctx.em, studio),
  }),
}));

/**
 * A teacher joins a studio's team, if the studio's policy allows: the member rules (mentors, outside experts, are
 * exempt, 003) and every team limit a change can break. Shared by adding a member and accepting an application.
 */
export async function admit(
  ctx: SubgraphContext,
  tx: EntityManager,
  studio: Studio,
  teacher: TeacherFacts & { id: string; school: { id: string } },
  role: MemberRole,
  joinedOn: string,
): Promise<void> {
  assertTeamOpen(studio);
  if (teacher.id === studio.hostTeacherId) throw userError('BAD_USER_INPUT', '主持人不必再作为成员加入本工作室');
  if (await tx.count(StudioMember, { studioId: studio.id, teacherId: teacher.id, leftOn: null })) {
    throw userError('BAD_USER_INPUT', '该教师已是本工作室的成员');
  }
  const rules = await rulesOf(ctx, studio.policyId, studio.policyVersion);
  // a lead meets the host's conditions (001 五(一) 领衔人入选条件); a mentor, an outside expert, is exempt (003)
  if (role === 'LEAD') refuseUnless(eligibilityVerdicts(rules, 'HOST', teacher, joinedOn), '该教师的领衔人资格');
  else if (role !== 'MENTOR') refuseUnless(eligibilityVerdicts(rules, 'MEMBER', teacher, joinedOn), '该教师的成员资格');
  const team = await teamOf(tx, studio);
  const member = { teacherId: teacher.id, schoolId: teacher.school.id, role };
  const after = role === 'LEAD' ? { ...team, hosts: team.hosts + 1 } : { ...team, members: [...team.members, member] };
  refuseUnless(teamVerdicts(rules, after, 'change'), role === 'LEAD' ? '增加该领衔人后的团队' : '加入该成员后的团队');
  tx.create(StudioMember, { id: randomUUID(), studioId: studio.id, ...member, joinedOn, leftOn: null, leftReason: null });
  audit(tx, ctx.viewer, {
    action: 'addStudioMember',
    ...about('Studio', studio.id, studio),
    summary: `${studio.name}：新增${ROLE_NAMES[role]}（教师 ${teacher.id}）`,
    after: { teacherId: teacher.id, role, joinedOn },
  });
}

const ROLE_NAMES: Record<MemberRole, string> = {
  LEAD: '领衔人',
  MENTOR: '导师',
  ASSISTANT: '主持人助理',
  CORE: '核心成员',
  MEMBER: '成员',
};

const AddStudioMemberInput = builder.inputType('AddStudioMemberInput', {
  description: 'A teacher to add to a studio’s team. 增加成员',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The teacher who joins.' }),
    role: t.field({ type: MemberRoleEnum, required: true, description: 'Their role. 成员角色' }),
    joinedOn: t.string({ description: 'YYYY-MM-DD; today when left out.' }),
  }),
});

const RemoveStudioMemberInput = builder.inputType('RemoveStudioMemberInput', {
  description: 'A member who leaves a studio’s team. 成员退出',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    teacherId: t.id({ required: true, description: 'The member who leaves.' }),
    reason: t.string({ required: true, description: 'Why the member leaves (e.g. 调离, 缺勤三分之一以上).' }),
    leftOn: t.string({ description: 'YYYY-MM-DD; today when left out.' }),
  }),
});

builder.mutationFields((t) => ({
  addStudioMember: t.field({
    type: StudioRef,
    description:
      "Adds a teacher to a studio's team. The studio's policy decides: the member's eligibility and every team limit that a change can break; a refusal names the rule and its seed (POLICY_VIOLATION). 增加成员",
    args: { input: t.arg({ type: AddStudioMemberInput, required: true, description: 'Who joins, with the version read.' }) },
    resolve: async (_root, { input }, ctx) => {
      const joinedOn = requireDate(input.joinedOn, 'joinedOn', true);
      // the teacher's facts from personnel, as this user (outside the user's scope it is FORBIDDEN there too)
      const { teacher } = await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: String(input.teacherId) });
      return changeStudio(ctx, { id: String(input.studioId), version: input.version }, '工作室成员', (tx, studio) =>
        admit(ctx, tx, studio, teacher, input.role, joinedOn),
      );
    },
  }),
  removeStudioMember: t.field({
    type: StudioRef,
    description: 'A member leaves the studio on a date, for a reason; the membership is kept as history. 成员退出',
    args: { input: t.arg({ type: RemoveStudioMemberInput, required: true, description: 'Who leaves and why.' }) },
    resolve: async (_root, { input }, ctx) => {
      const leftOn = requireDate(input.leftOn, 'leftOn', true);
      const reason = input.reason.trim();
      if (!reason) throw userError('BAD_USER_INPUT', '请填写退出原因', { argumentName: 'reason' });
      return changeStudio(ctx, { id: String(input.studioId), version: input.version }, '工作室成员', async (tx, studio) => {
        assertTeamOpen(studio);
        const member = await tx.findOne(StudioMember, { studioId: studio.id, teacherId: String(input.teacherId), leftOn: null });
        if (!member) throw userError('NOT_FOUND', '该教师不是本工作室的现有成员');
        if (leftOn < member.joinedOn)
          throw userError('BAD_USER_INPUT', `退出日期不能早于加入日期 ${member.joinedOn}`, { argumentName: 'leftOn' });
        member.leftOn = leftOn;
        member.leftReason = reason;
        audit(tx, ctx.viewer, {
          action: 'removeStudioMember',
          ...about('Studio', studio.id, studio),
          summary: `${studio.name}：成员退出（教师 ${member.teacherId}，${reason}）`,
          before: { teacherId: member.teacherId, role: member.role },
          after: { leftOn, reason },
        });
      });
    },
  }),
}));
