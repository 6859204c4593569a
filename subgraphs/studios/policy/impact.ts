import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import type { ImpactSubject } from '../../../lib/domain/vocabulary.ts';
import { StudioMember } from '../membership/membership.entity.ts';
import { teamOf } from '../membership/membership.queries.ts';
import { TEACHERS_FACTS } from '../peers.ts';
import { Studio } from '../studio/studio.entity.ts';
import { eligibilityVerdicts, type EligibilityRole, type TeacherFacts } from './eligibility.ts';
import { eligibilityFacts } from './eligibility.queries.ts';
import { PolicyVersion } from './policy.entity.ts';
import { findPolicy, rulesOf, versionsOf } from './policy.queries.ts';
import type { Rules, Verdict } from './rules.ts';
import { teamVerdicts } from './team.ts';
import { maySeeDrafts } from './versions.ts';

/** Whom a rule of the impact speaks of: the studio's team as a whole, its host (or a further lead), or a member. */
export type { ImpactSubject };

/** One rule a studio, its host or a member would fail under the version judged, beside today's verdict. */
export interface ImpactRow {
  studioId: string;
  subject: ImpactSubject;
  /** The host or member; null for the team. */
  teacherId: string | null;
  /** The same rule under the version the studio is bound to today; null where that version has no such rule. */
  current: Verdict | null;
  /** The verdict under the version judged: failed, or not decidable from the data (null). */
  proposed: Verdict;
}

export interface PolicyImpact {
  policyId: string;
  version: number;
  /** Studios judged: every running studio of the policy in the viewer's scope. */
  studioCount: number;
  rows: ImpactRow[];
}

/** The version judged by default: the newest there is (a draft, or one published but not yet in effect). */
async function versionToJudge(ctx: SubgraphContext, policyId: string, version: number | null | undefined) {
  const policy = await findPolicy(ctx, policyId);
  if (!maySeeDrafts(ctx.viewer, policy)) {
    throw userError('FORBIDDEN', `政策 ${policy.id} 的影响评估只对制定它的部门及其上级开放`, { policyId: policy.id });
  }
  const versions = await versionsOf(ctx, policy);
  const found = version == null ? versions.at(-1) : versions.find((v: PolicyVersion) => v.number === version);
  if (!found) {
    throw userError('NOT_FOUND', `政策 ${policy.id} 没有第${version}版`, { argumentName: 'version', policyId: policy.id });
  }
  return { policy, number: found.number };
}

/**
 * For every rule the verdicts under the version judged fail (or cannot decide), that verdict with the same rule's
 * verdict today beside it: a failing one of today's where there is one, else its first.
 */
function failures(base: Omit<ImpactRow, 'current' | 'proposed'>, current: Verdict[], proposed: Verdict[]): ImpactRow[] {
  return proposed
    .filter((v) => v.passed !== true)
    .map((v) => {
      const same = current.filter((c) => c.rule === v.rule);
      return { ...base, current: same.find((c) => c.passed !== true) ?? same[0] ?? null, proposed: v };
    });
}

/**
 * Which existing studios of a policy, their hosts and their members would fail a version of it (a draft before it
 * is published, or any other), rule by rule, with each rule's verdict under the version the studio is bound to
 * today beside it. Studios stay on their version until renewal, so this is how an author learns what a tightened
 * draft means for them. Teams are judged in full (both sides of every limit, as at 公示), hosts and leads by the
 * host rules, members (mentors exempt) by the member rules, all as of today.
 */
export async function policyImpact(
  ctx: SubgraphContext,
  policyId: string,
  version: number | null | undefined,
): Promise<PolicyImpact> {
  const { policy, number } = await versionToJudge(ctx, policyId, version);
  const proposed = await rulesOf(ctx, policy.id, number);
  const studios = await ctx.em.find(
    Studio,
    {
      policyId: policy.id,
      status: { $nin: ['REVOKED', 'COMPLETED'] },
      regionCode: { $like: `${subtreePrefix(ctx.viewer.regionCode)}%` },
      ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
    },
    { orderBy: { regionCode: 'asc', name: 'asc', id: 'asc' } },
  );
  const people = await ctx.em.find(
    StudioMember,
    { studioId: { $in: studios.map((s) => s.id) }, leftOn: null },
    { orderBy: { joinedOn: 'asc', id: 'asc' } },
  );
  // every host's and member's facts from personnel in one request, as the viewer
  const ids = [...new Set([...studios.map((s) => s.hostTeacherId), ...people.map((m) => m.teacherId)])];
  // each studio's own version, read once for the facts it asks and for its verdicts
  const rulesOfStudio: Rules[] = await Promise.all(studios.map((s) => rulesOf(ctx, s.policyId, s.policyVersion)));
  const facts = new Map<string, TeacherFacts>();
  if (ids.length) {
    const { _entities } = await ctx.peers.ask(TEACHERS_FACTS, ctx.viewer, {
      r: ids.map((id) => ({ __typename: 'Teacher' as const, id })),
    });
    const found = _entities.filter((t) => t !== null);
    for (const t of await eligibilityFacts(ctx.em, [proposed, ...rulesOfStudio], ['HOST', 'MEMBER'], found)) facts.set(t.id, t);
  }
  const asOf = today();
  const rows: ImpactRow[] = [];
  for (const [i, studio] of studios.entries()) {
    const current = rulesOfStudio[i]!;
    const team = await teamOf(ctx.em, studio);
    const base = { studioId: studio.id };
    rows.push(
      ...failures(
        { ...base, subject: 'TEAM', teacherId: null },
        teamVerdicts(current, team, 'complete'),
        teamVerdicts(proposed, team, 'complete'),
      ),
    );
    const judged: [string, ImpactSubject, EligibilityRole][] = [
      [studio.hostTeacherId, 'HOST', 'HOST'],
      ...people
        .filter((m) => m.studioId === studio.id && m.role !== 'MENTOR')
        .map((m): [string, ImpactSubject, EligibilityRole] =>
          m.role === 'LEAD' ? [m.teacherId, 'HOST', 'HOST'] : [m.teacherId, 'MEMBER', 'MEMBER'],
        ),
    ];
    for (const [teacherId, subject, role] of judged) {
      const teacher = facts.get(teacherId);
      if (!teacher) continue;
      rows.push(
        ...failures(
          { ...base, subject, teacherId },
          eligibilityVerdicts(current.forCategory(studio.category), role, teacher, asOf),
          eligibilityVerdicts(proposed.forCategory(studio.category), role, teacher, asOf),
        ),
      );
    }
  }
  return { policyId: policy.id, version: number, studioCount: studios.length, rows };
}
