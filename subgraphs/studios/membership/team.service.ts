import { randomUUID } from 'node:crypto';
import { about } from '../../../lib/data/audit.ts';
import type { Work } from '../../../lib/data/change.ts';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { MEMBER_ROLES, type MemberRole } from '../../../lib/domain/vocabulary.ts';
import { TEACHER_FACTS } from '../peers.ts';
import { eligibilityVerdicts, type TeacherFacts } from '../policy/eligibility.ts';
import { withHostedStudios } from '../policy/eligibility.queries.ts';
import { refuseUnless, waivedRules } from '../policy/enforce.ts';
import { rulesOf } from '../policy/policy.queries.ts';
import { teamVerdicts } from '../policy/team.ts';
import { changeStudio } from '../studio/change.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { StudioMember } from './membership.entity.ts';
import { teamOf } from './membership.queries.ts';
import type { AddStudioMemberInput, RemoveStudioMemberInput } from './team.inputs.ts';

/** A revoked or completed studio's team is history: it no longer changes. */
function assertTeamOpen(studio: Studio): void {
  if (studio.status === 'REVOKED' || studio.status === 'COMPLETED') {
    throw userError('BAD_USER_INPUT', `工作室已${studio.status === 'REVOKED' ? '撤销建制' : '届满结束'}，不能再变更成员`, {
      status: studio.status,
    });
  }
}

/**
 * A teacher joins a studio's team, if the studio's policy allows: the member rules (mentors, outside experts, are
 * exempt, 003) and every team limit a change can break. Shared by adding a member and accepting an application.
 */
export async function admit(
  ctx: SubgraphContext,
  { tx, audit }: Work,
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
  // the rules of the studio's category (member.byCategory: 004 方案4's 名师 and 名班主任 studios)
  const rules = (await rulesOf(ctx, studio.policyId, studio.policyVersion)).forCategory(studio.category);
  // a lead meets the host's conditions (001 五(一) 领衔人入选条件); a mentor, an outside expert, is exempt (003)
  const undecided = { waived: await waivedRules(tx, studio.policyId, teacher.id) };
  if (role === 'LEAD') refuseUnless(eligibilityVerdicts(rules, 'HOST', teacher, joinedOn), '该教师的领衔人资格', undecided);
  else if (role !== 'MENTOR') {
    // a member may qualify by the studios they hosted (member.hostedStudio.minLevel), read here only where asked
    const [member] = await withHostedStudios(tx, [rules], [teacher]);
    refuseUnless(eligibilityVerdicts(rules, 'MEMBER', member!, joinedOn), '该教师的成员资格', undecided);
  }
  const team = await teamOf(tx, studio);
  const member = { teacherId: teacher.id, schoolId: teacher.school.id, role };
  const after = role === 'LEAD' ? { ...team, hosts: team.hosts + 1 } : { ...team, members: [...team.members, member] };
  refuseUnless(teamVerdicts(rules, after, 'change'), role === 'LEAD' ? '增加该领衔人后的团队' : '加入该成员后的团队');
  tx.create(StudioMember, { id: randomUUID(), studioId: studio.id, ...member, joinedOn, leftOn: null, leftReason: null });
  audit({
    action: 'addStudioMember',
    ...about('Studio', studio.id, studio),
    summary: `${studio.name}：新增${ROLE_NAMES[role]}（教师 ${teacher.id}）`,
    after: { teacherId: teacher.id, role, joinedOn },
  });
}

/** The roles as an audit summary names them: the vocabulary's, two of them shorter. */
const ROLE_NAMES: Record<MemberRole, string> = { ...MEMBER_ROLES, LEAD: '领衔人', MEMBER: '成员' };

/** Adds a teacher to a studio's team, if its policy allows (see `admit`). */
export async function addStudioMember(ctx: SubgraphContext, input: typeof AddStudioMemberInput.$inferInput): Promise<Studio> {
  const joinedOn = input.joinedOn || today();
  // the teacher's facts from personnel, as this user (outside the user's scope it is FORBIDDEN there too)
  const { teacher } = await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: input.teacherId });
  return changeStudio(ctx, { id: input.studioId, version: input.version }, '工作室成员', (w, studio) =>
    admit(ctx, w, studio, teacher, input.role, joinedOn),
  );
}

/** A member leaves the studio on a date, for a reason; the membership is kept as history. */
export async function removeStudioMember(
  ctx: SubgraphContext,
  input: typeof RemoveStudioMemberInput.$inferInput,
): Promise<Studio> {
  const leftOn = input.leftOn || today();
  const reason = input.reason.trim();
  if (!reason) throw userError('BAD_USER_INPUT', '请填写退出原因', { argumentName: 'reason' });
  return changeStudio(ctx, { id: input.studioId, version: input.version }, '工作室成员', async ({ tx, audit }, studio) => {
    assertTeamOpen(studio);
    const member = await tx.findOne(StudioMember, { studioId: studio.id, teacherId: input.teacherId, leftOn: null });
    if (!member) throw userError('NOT_FOUND', '该教师不是本工作室的现有成员');
    if (leftOn < member.joinedOn)
      throw userError('BAD_USER_INPUT', `退出日期不能早于加入日期 ${member.joinedOn}`, { argumentName: 'leftOn' });
    member.leftOn = leftOn;
    member.leftReason = reason;
    audit({
      action: 'removeStudioMember',
      ...about('Studio', studio.id, studio),
      summary: `${studio.name}：成员退出（教师 ${member.teacherId}，${reason}）`,
      before: { teacherId: member.teacherId, role: member.role },
      after: { leftOn, reason },
    });
  });
}
