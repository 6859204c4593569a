import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/change.ts';
import { assertMayChange } from '../../../lib/auth.ts';
import { audit } from '../../../lib/audit.ts';
import { requireYear } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeerAnswer } from '../../../lib/peers.ts';
import { STUDIO_PLAN, STUDIO_TO_EVALUATE } from '../peers.ts';
import { Evaluation, type EvaluationKind } from './evaluation.entity.ts';
import { evaluatingOfficeFor } from './office.schema.ts';
import { assertAnnualResultsOpen } from '../submission/lock.ts';

type ScheduledStudio = PeerAnswer<typeof STUDIO_TO_EVALUATE>['studio'];

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
  assertMayChange(ctx.viewer, fact, 'COUNTY', ['evaluator'], '评估安排');
  const office = evaluatingOfficeFor(ctx.viewer, { regionCode: fact.regionCode, level: studio.level }, kind, evaluatingRegion);
  await assertAnnualResultsOpen(tx, { kind, ...fact, year });
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
  {
    studioId,
    kind,
    year,
    evaluatingRegion,
  }: { studioId: string | number; kind: EvaluationKind; year: number; evaluatingRegion?: string | number | null },
) {
  requireYear(year);
  const { studio } = await ctx.peers.ask(STUDIO_TO_EVALUATE, ctx.viewer, { id: String(studioId) });
  return change(
    ctx.em,
    ctx.viewer,
    ({ tx }) => schedule(tx, ctx, studio, kind, year, evaluatingRegion ? String(evaluatingRegion) : null),
    '评估安排',
  );
}

/** Schedules every evaluation the studio's policy holds in its cycle that is not scheduled yet, all or none. */
export async function scheduleEvaluationsFromPolicy(
  ctx: SubgraphContext,
  { studioId, evaluatingRegion }: { studioId: string | number; evaluatingRegion?: string | number | null },
) {
  const { studio } = await ctx.peers.ask(STUDIO_PLAN, ctx.viewer, { id: String(studioId) });
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
        scheduled.push(await schedule(tx, ctx, studio, kind, year, evaluatingRegion ? String(evaluatingRegion) : null));
      }
      return scheduled;
    },
    '评估安排',
  );
}
