import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/change.ts';
import { assertMayChange } from '../../../lib/auth.ts';
import { audit, auditField } from '../../../lib/audit.ts';
import { requireYear } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeerAnswer } from '../../../lib/peers.ts';
import { builder, RegionRef } from '../builder.ts';
import { STUDIO_PLAN, STUDIO_TO_EVALUATE } from '../peers.ts';
import { Evaluation, type EvaluationKind } from './evaluation.entity.ts';
import { EvaluationKindEnum, EvaluationRef, GradeEnum } from './evaluation.schema.ts';
import { evaluatingOfficeFor } from './office.schema.ts';
import { ScoreInputRef } from './score.schema.ts';
import { assertAnnualResultsOpen } from '../submission/lock.ts';
import { recordEvaluationResult } from './result.service.ts';

const RecordResultInput = builder.inputType('RecordEvaluationResultInput', {
  description: 'The result of a scheduled evaluation. 录入评估结果',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The evaluation.' }),
    version: t.int({ required: true, description: 'The evaluation’s version you read.' }),
    result: t.field({
      type: GradeEnum,
      required: true,
      description: "On the evaluation's scale (README “Grades across scales”).",
    }),
    scores: t.field({ type: [ScoreInputRef], description: 'The criteria and their scores (评分细则), if scored.' }),
  }),
});

builder.mutationField('recordEvaluationResult', (t) =>
  t.field({
    type: EvaluationRef,
    description:
      'Records the result of a scheduled evaluation. The studio feels the consequence its policy names (on hold, yellow card, revoked), once, through the outbox; a failed creation evaluation schedules the 二次评估 for the next year. 录入评估结果',
    args: { input: t.arg({ type: RecordResultInput, required: true, description: 'The result, with the version read.' }) },
    resolve: (_root, { input }, ctx) => recordEvaluationResult(ctx, input),
  }),
);

auditField(builder, RegionRef, 'evaluationChanges', 'evaluations');

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

const EVALUATING_REGION =
  "The evaluating office's region: the studio's region or one above it, in your scope. Your own office when left out.";

builder.mutationFields((t) => ({
  scheduleEvaluation: t.field({
    type: EvaluationRef,
    description: 'Schedules an evaluation of a studio for a year (PENDING until its result is recorded). 安排评估',
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio to evaluate.' }),
      kind: t.arg({ type: EvaluationKindEnum, required: true, description: '评估类型' }),
      year: t.arg.int({ required: true, description: 'The year evaluated. 年度' }),
      evaluatingRegion: t.arg.id({ description: EVALUATING_REGION }),
    },
    resolve: async (_root, { studioId, kind, year, evaluatingRegion }, ctx) => {
      requireYear(year);
      const { studio } = await ctx.peers.ask(STUDIO_TO_EVALUATE, ctx.viewer, { id: String(studioId) });
      return change(
        ctx.em,
        ctx.viewer,
        ({ tx }) => schedule(tx, ctx, studio, kind, year, evaluatingRegion ? String(evaluatingRegion) : null),
        '评估安排',
      );
    },
  }),
  scheduleEvaluationsFromPolicy: t.field({
    type: [EvaluationRef],
    description:
      "Schedules every evaluation the studio's policy holds in its cycle (Studio.evaluationPlan) that is not scheduled yet, all or none; returns those it scheduled. 按政策安排评估",
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio whose policy’s evaluations to schedule.' }),
      evaluatingRegion: t.arg.id({ description: EVALUATING_REGION }),
    },
    resolve: async (_root, { studioId, evaluatingRegion }, ctx) => {
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
    },
  }),
}));
