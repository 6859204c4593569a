import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { audit } from '../../../lib/data/audit.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { EVALUATION_KINDS } from '../../../lib/domain/vocabulary.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeerAnswer } from '../../../lib/service/peers.ts';
import { STUDIO_PLAN } from '../peers.ts';
import { Evaluation, type EvaluationKind } from './evaluation.entity.ts';
import { evaluatingOfficeFor } from './office.ts';
import type { ScheduleEvaluationInput, ScheduleEvaluationsFromPolicyInput } from './schedule.inputs.ts';
import { assertAnnualResultsOpen } from '../submission/lock.ts';

type ScheduledStudio = PeerAnswer<typeof STUDIO_PLAN>['studio'];

/**
 * An evaluation by hand follows the studio's policy (evaluation.kinds) and cycle: only the kinds the policy holds,
 * each in its year (the creation evaluation in the first year, the midterm halfway, an annual assessment in any year
 * of the cycle, the final in its last year or earlier, never in the first year of a longer cycle). A 二次评估 follows a failed creation evaluation; a policy with no
 * evaluation plan leaves the kind and year to the office.
 */
function assertPlanned(studio: ScheduledStudio, kind: EvaluationKind, year: number): void {
  const plan = studio.evaluationPlan;
  if (!plan.length) return;
  const seed = plan[0]!.seed;
  const cycle = `建设周期 ${studio.startYear}—${studio.endYear} 年`;
  if (kind === 'SECOND_EVALUATION') {
    if (plan.some((p) => p.kind === 'CREATION')) return;
    throw userError('POLICY_VIOLATION', `该工作室执行的政策不设创建评估，也就没有二次评估（${seed}）`, {
      rule: 'evaluation.kinds',
      seed,
    });
  }
  const years = plan.filter((p) => p.kind === kind).map((p) => p.year);
  if (!years.length) {
    const held = [...new Set(plan.map((p) => EVALUATION_KINDS[p.kind]))].join('、');
    throw userError('POLICY_VIOLATION', `该工作室执行的政策不安排${EVALUATION_KINDS[kind]}，只安排${held}（${seed}）`, {
      rule: 'evaluation.kinds',
      seed,
    });
  }
  // the final ends the cycle: in its last year, or early (届满前) but never in the first year of a longer cycle
  const fits =
    kind === 'FINAL'
      ? year <= studio.endYear && (year > studio.startYear || studio.startYear === studio.endYear)
      : years.includes(year);
  if (!fits) {
    const when =
      kind === 'FINAL'
        ? `建设周期的第一年之后、${studio.endYear} 年或之前`
        : years.length === 1
          ? `${years[0]} 年`
          : `${years[0]}—${years.at(-1)} 年中的一年`;
    throw userError(
      'POLICY_VIOLATION',
      `按该工作室执行的政策，${EVALUATION_KINDS[kind]}应在${when}（${cycle}；${seed}），不能安排在 ${year} 年`,
      { rule: 'evaluation.kinds', seed, argumentName: 'year' },
    );
  }
}

/** Schedules one evaluation in the caller's transaction: the evaluator's office, an open year, none of the kind yet. */
async function schedule(
  tx: EntityManager,
  ctx: SubgraphContext,
  studio: ScheduledStudio,
  kind: EvaluationKind,
  year: number,
  evaluatingRegion: string | null,
): Promise<Evaluation> {
  const fact = { regionCode: studio.region.code, hostSchoolId: studio.hostSchool.id };
  const evaluated = { regionCode: fact.regionCode, level: studio.level, offices: studio.evaluatingOffices };
  // which office may schedule is decided by the studio's programme: a school only where it names the school, and
  // then a school the programme does not name is refused citing its clause (evaluatingOfficeFor)
  assertMayChange(ctx.viewer, fact, 'SCHOOL', ['evaluator'], '评估安排');
  const office = evaluatingOfficeFor(ctx.viewer, evaluated, kind, evaluatingRegion);
  await assertAnnualResultsOpen(tx, { kind, ...fact, year });
  const praise = studio.studioCommendationRule;
  // the scale the programme gives the kind (a 二次评估 takes the creation evaluation's), kept for its result
  const scale = studio.evaluationGradesRule;
  const grades = scale?.value[kind === 'SECOND_EVALUATION' ? 'CREATION' : kind];
  if (await tx.count(Evaluation, { studioId: studio.id, kind, year, status: { $ne: 'CANCELLED' } })) {
    throw userError('BAD_USER_INPUT', `该工作室 ${year} 年已有这类评估`, { kind, year });
  }
  const evaluation = tx.create(Evaluation, {
    id: randomUUID(),
    studioId: studio.id,
    ...fact,
    kind,
    year,
    status: 'PENDING',
    result: null,
    evaluatorRegionCode: office.regionCode,
    evaluatorLevel: office.level,
    commendationRule:
      praise?.value.kind === kind ? { minGrade: praise.value.minGrade, seed: praise.seed, text: praise.text } : null,
    gradesRule: scale && grades ? { grades, seed: scale.seed, text: scale.text } : null,
    version: 1,
  });
  audit(tx, ctx.viewer, {
    action: 'scheduleEvaluation',
    entity: 'Evaluation',
    entityId: evaluation.id,
    ...fact,
    summary: `安排 ${year} 年${kind}（评估机关 ${office.regionCode}）`,
  });
  return evaluation;
}

/** Schedules an evaluation of a studio for a year, PENDING until its result is recorded. */
export async function scheduleEvaluation(
  ctx: SubgraphContext,
  { studioId, kind, year, evaluatingRegion }: typeof ScheduleEvaluationInput.$inferInput,
) {
  const { studio } = await ctx.peers.ask(STUDIO_PLAN, ctx.viewer, { id: studioId });
  assertPlanned(studio, kind, year);
  return change(ctx.em, ctx.viewer, ({ tx }) => schedule(tx, ctx, studio, kind, year, evaluatingRegion || null), '评估安排');
}

/** Schedules every evaluation the studio's policy holds in its cycle that is not scheduled yet, all or none. */
export async function scheduleEvaluationsFromPolicy(
  ctx: SubgraphContext,
  { studioId, evaluatingRegion }: typeof ScheduleEvaluationsFromPolicyInput.$inferInput,
) {
  const { studio } = await ctx.peers.ask(STUDIO_PLAN, ctx.viewer, { id: studioId });
  if (!studio.evaluationPlan.length) {
    throw userError('BAD_USER_INPUT', '该工作室执行的政策没有规定评估安排，请逐项安排评估', { rule: 'evaluation.kinds' });
  }
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx }) => {
      const scheduled: Evaluation[] = [];
      for (const { kind, year } of studio.evaluationPlan) {
        if (await tx.count(Evaluation, { studioId: studio.id, kind, year, status: { $ne: 'CANCELLED' } })) continue;
        scheduled.push(await schedule(tx, ctx, studio, kind, year, evaluatingRegion || null));
      }
      return scheduled;
    },
    '评估安排',
  );
}
