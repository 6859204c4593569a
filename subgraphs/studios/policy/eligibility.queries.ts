import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { StudioCategory } from '../../../lib/domain/vocabulary.ts';
import { lastFinal, renewalFacts } from '../lifecycle/renewal.ts';
import { TEACHER_PLACE, TEACHER_RECORD } from '../peers.ts';
import { eligibilityVerdicts, type EligibilityRole, type TeacherFacts } from './eligibility.ts';
import { findPolicy, rulesOf, visibleVersion } from './policy.queries.ts';
import type { Verdict } from './rules.ts';

/** Whether a teacher qualifies for a role under a policy, rule by rule (`Teacher.eligibility`). */
export interface Eligibility {
  policyId: string;
  policyVersion: number;
  role: EligibilityRole;
  verdicts: Verdict[];
}

/** A teacher's eligibility for a role under a version of a policy (the current one unless named), from the facts personnel owns. */
export async function teacherEligibility(
  ctx: SubgraphContext,
  teacher: { id: string } & Omit<TeacherFacts, 'honors' | 'researchProjects' | 'publications' | 'school'>,
  {
    policy,
    role,
    version,
    category,
  }: { policy: string | number; role: EligibilityRole; version?: number | null; category?: StudioCategory | null },
): Promise<Eligibility> {
  const found = await findPolicy(ctx, String(policy));
  const policyVersion = await visibleVersion(ctx, found, version, 'version');
  // renewal looks at the terms hosted under the policy so far and the final evaluation of the last one
  // a member joining a studio of a category meets the rules the policy states for it (member.byCategory)
  const stated = await rulesOf(ctx, found.id, policyVersion);
  const rules = category ? stated.forCategory(category) : stated;
  const terms = role === 'RENEWAL' ? await renewalFacts(ctx.em, teacher.id, found.id) : { termsServed: 0, finalYear: null };
  // the grade rules (002 方案3 七, 003 五(一)) read the final evaluation of the last studio hosted under the policy
  const graded = rules.get(role === 'RENEWAL' ? 'host.renewal.finalGrade.min' : 'host.terms.finalGrade.min');
  const renewal = graded && role !== 'MEMBER' ? { ...terms, lastFinal: await lastFinal(ctx, teacher.id, found.id) } : terms;
  // rules that name a kind of honor, research or publication (or join such rules with 或) read the teacher's record
  const record =
    (role === 'HOST' &&
      (['host.honorOfKind', 'host.research.min', 'host.publications.min', 'host.anyOf'] as const).some((c) => rules.get(c))) ||
    (role === 'MEMBER' && rules.get('member.honorOfKind'))
      ? (await ctx.peers.ask(TEACHER_RECORD, ctx.viewer, { id: teacher.id })).teacher
      : {};
  // member.withinRegion reads the region of the teacher's school
  const place =
    role === 'MEMBER' && rules.get('member.withinRegion')
      ? (await ctx.peers.ask(TEACHER_PLACE, ctx.viewer, { id: teacher.id })).teacher
      : {};
  return {
    policyId: found.id,
    policyVersion,
    role,
    verdicts: eligibilityVerdicts(rules, role, { ...teacher, ...record, ...place }, today(), renewal),
  };
}
