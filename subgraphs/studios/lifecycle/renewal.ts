import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { eligibilityVerdicts, type LastFinal, type RenewalFacts, type TeacherFacts } from '../policy/eligibility.ts';
import { TEACHER_FACTS } from '../peers.ts';
import { refuseUnless } from '../policy/enforce.ts';
import type { Rules } from '../policy/rules.ts';
import { Studio } from '../studio/studio.entity.ts';
import { StudioTransition } from './transition.entity.ts';
import { studioEvaluations, type StudioEvaluation } from './plaque.ts';

/**
 * A host's terms under a policy (000 五.4 "每位主持人最多任两期"): one for every studio hosted, and one more for
 * every renewal (连任) of one, so a renewed studio counts as its second term; and the last cycle's final year.
 */
export async function renewalFacts(em: EntityManager, hostTeacherId: string, policyId: string): Promise<RenewalFacts> {
  const hosted = await em.find(Studio, { hostTeacherId, policyId });
  const renewals = hosted.length
    ? await em.count(StudioTransition, { studioId: { $in: hosted.map((s) => s.id) }, toStatus: 'RENEWED' })
    : 0;
  return { termsServed: hosted.length + renewals, finalYear: hosted.length ? Math.max(...hosted.map((s) => s.endYear)) : null };
}

/** A studio's final evaluation as the grade rules read it: the latest final result recorded, if any. */
export function finalOf(studio: Pick<Studio, 'name' | 'endYear'>, evaluations: StudioEvaluation[]): LastFinal {
  const finals = evaluations.filter(
    (e): e is StudioEvaluation & { result: LastFinal['grade'] } => e.kind === 'FINAL' && 'result' in e && e.result !== null,
  );
  return { studio: studio.name, endYear: studio.endYear, grade: finals.at(-1)?.result ?? null };
}

/**
 * The final evaluation of the last studio (by its cycle) a teacher hosted under a policy, from the evaluations
 * subgraph as the user asking (asked before a change's transaction begins); null when the teacher hosted none.
 */
export async function lastFinal(ctx: SubgraphContext, hostTeacherId: string, policyId: string): Promise<LastFinal | null> {
  const [last] = await ctx.em.find(Studio, { hostTeacherId, policyId }, { orderBy: { endYear: 'desc' }, limit: 1 });
  return last ? finalOf(last, await studioEvaluations(ctx, last.id)) : null;
}

/**
 * 连任 (COMPLETED → RENEWED) only when the host meets the policy's renewal rules (000 五.4: an active head
 * teacher, within the most terms, not retiring within 4 years of the final evaluation). A rule the recorded data
 * cannot decide (no birth date or gender) refuses too: the office records them first.
 */
export async function hostFacts(ctx: SubgraphContext, hostTeacherId: string): Promise<TeacherFacts> {
  const { teacher } = await ctx.peers.ask(TEACHER_FACTS, ctx.viewer, { id: hostTeacherId });
  return teacher;
}

/**
 * `teacher` is the host's facts from personnel (`hostFacts`) and `evaluations` the studio's (`studioEvaluations`),
 * asked before the change's transaction began: its final's grade is the one a renewal grade rule reads (002 方案3 七).
 */
export async function assertMayRenew(
  tx: EntityManager,
  rules: Rules,
  studio: Studio,
  teacher: TeacherFacts,
  evaluations: StudioEvaluation[],
): Promise<void> {
  const facts = await renewalFacts(tx, studio.hostTeacherId, studio.policyId);
  const verdicts = eligibilityVerdicts(rules, 'RENEWAL', teacher, today(), {
    ...facts,
    finalYear: studio.endYear,
    lastFinal: finalOf(studio, evaluations),
  });
  refuseUnless(
    verdicts.map((v) => (v.passed === null ? { ...v, passed: false, reason: `无法判定：${v.reason}` } : v)),
    '主持人连任',
  );
}
