import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { StudioCategory } from '../../../lib/domain/vocabulary.ts';
import { lastFinal, renewalFacts } from '../lifecycle/renewal.ts';
import { hostedStudioLevels } from '../studio/studio.queries.ts';
import { asksHostedStudios, eligibilityVerdicts, type EligibilityRole, type TeacherFacts } from './eligibility.ts';
import { findPolicy, rulesOf, visibleVersion } from './policy.queries.ts';
import type { Rules, Verdict } from './rules.ts';

/** Whether a teacher qualifies for a role under a policy, rule by rule (`Teacher.eligibility`). */
export interface Eligibility {
  policyId: string;
  policyVersion: number;
  role: EligibilityRole;
  verdicts: Verdict[];
}

/**
 * A teacher's eligibility for a role under a version of a policy (the current one unless named), from the facts
 * personnel owns (`FACTS`, through `@requires`) and the hub's own (`eligibilityFacts`).
 */
export async function teacherEligibility(
  ctx: SubgraphContext,
  teacher: { id: string } & TeacherFacts,
  {
    policy,
    role,
    version,
    category,
  }: { policy: string; role: EligibilityRole; version?: number | null; category?: StudioCategory | null },
): Promise<Eligibility> {
  const found = await findPolicy(ctx, policy);
  const policyVersion = await visibleVersion(ctx, found, version, 'version');
  // a member joining a studio of a category meets the rules the policy states for it (member.byCategory)
  const stated = await rulesOf(ctx, found.id, policyVersion);
  const rules = category ? stated.forCategory(category) : stated;
  // renewal looks at the terms hosted under the policy so far and the final evaluation of the last one
  const terms = role === 'RENEWAL' ? await renewalFacts(ctx.em, teacher.id, found.id) : { termsServed: 0, finalYear: null };
  // the grade rules (002 方案3 七, 003 五(一)) read the final evaluation of the last studio hosted under the policy
  const graded = rules.get(role === 'RENEWAL' ? 'host.renewal.finalGrade.min' : 'host.terms.finalGrade.min');
  const renewal = graded && role !== 'MEMBER' ? { ...terms, lastFinal: await lastFinal(ctx, teacher.id, found.id) } : terms;
  const [judged] = await eligibilityFacts(ctx.em, [rules], [role], [teacher]);
  return {
    policyId: found.id,
    policyVersion,
    role,
    verdicts: eligibilityVerdicts(rules, role, judged!, today(), renewal),
  };
}

/**
 * The facts eligibility judges teachers by, for every judgement: those personnel holds (`FACTS` in eligibility.ts, come
 * through `@requires` on a read, by a peer call before a change or for the impact preview), with the hub's own added
 * where one of the rules judged for one of the roles asks for them: the highest level of the named studios each teacher hosted
 * (`hostedStudioLevel`, for `member.hostedStudio.minLevel`, alone or in an `anyOf`); as they were otherwise.
 */
export async function eligibilityFacts<T extends TeacherFacts & { id: string }>(
  em: EntityManager,
  rules: Rules[],
  roles: EligibilityRole[],
  teachers: T[],
): Promise<T[]> {
  const asked = (role: EligibilityRole) => role !== 'RENEWAL' && rules.some((r) => asksHostedStudios(r, role));
  if (!roles.some(asked)) return teachers;
  const levels = await hostedStudioLevels(
    em,
    teachers.map((t) => t.id),
  );
  return teachers.map((t) => ({ ...t, hostedStudioLevel: levels.get(t.id) ?? null }));
}
