import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/change.ts';
import { findForChange } from '../../../lib/loaders.ts';
import { assertVersion } from '../../../lib/concurrency.ts';
import { assertMayChange } from '../../../lib/auth.ts';
import { about, audit, auditField } from '../../../lib/audit.ts';
import { requireYear } from '../../../lib/input.ts';
import { today } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EvaluationCompleted } from '../../../lib/events.ts';
import { publish } from '../../../lib/outbox.ts';
import type { PeerAnswer } from '../../../lib/peers.ts';
import { builder, RegionRef } from '../builder.ts';
import { STUDIO_PLAN, STUDIO_TO_EVALUATE } from '../peers.ts';
import { Evaluation, type EvaluationKind } from './evaluation.entity.ts';
import { EvaluationKindEnum, EvaluationRef, GradeEnum } from './evaluation.schema.ts';
import { assertOnScale, STUDIO_SCALES } from './grades.ts';
import { assertEvaluatingOffice, evaluatingOfficeFor } from './office.schema.ts';
import { checkScores, saveScores, ScoreInputRef } from './score.schema.ts';
import { assertAnnualResultsOpen } from '../submission/lock.ts';

/**
 * Failed annual assessments in a row, by year, through this one (000 五.5 连续两次): the run of failures in
 * consecutive years that contains it, whatever order the results were recorded in; 0 when it passed.
 */
function failedRunThrough(annual: Evaluation[], evaluation: Evaluation): number {
  if (evaluation.result !== 'FAIL') return 0;
  const failedYears = new Set(annual.filter((e) => e.result === 'FAIL').map((e) => e.year));
  let run = 1;
  for (let y = evaluation.year - 1; failedYears.has(y); y--) run++;
  for (let y = evaluation.year + 1; failedYears.has(y); y++) run++;
  return run;
}

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
    resolve: async (_root, { input }, ctx) => {
      return change(
        ctx.em,
        ctx.viewer,
        async ({ tx, audit }) => {
          const evaluation = await findForChange(tx, ctx.viewer, Evaluation, String(input.id), '评估');
          // the evaluating office records the result; offices above it may too
          assertEvaluatingOffice(ctx.viewer, evaluation, '评估结果');
          // results the county has submitted to its city are locked (000 五.2)
          await assertAnnualResultsOpen(tx, evaluation);
          assertVersion('评估', input.version, evaluation.version);
          if (evaluation.status !== 'PENDING') throw userError('BAD_USER_INPUT', '该评估已有结果或已取消');
          assertOnScale(input.result, STUDIO_SCALES[evaluation.kind], '该类评估');
          const scores = checkScores(input.scores);
          evaluation.status = 'COMPLETED';
          evaluation.result = input.result;
          evaluation.completedOn = today();
          saveScores(tx, evaluation.id, scores);
          const history = await tx.find(
            Evaluation,
            { studioId: evaluation.studioId, status: 'COMPLETED' },
            { orderBy: { year: 'asc', createdAt: 'asc' } },
          );
          const all = [...history.filter((e) => e.id !== evaluation.id), evaluation];
          const annual = all.filter((e) => e.kind === 'ANNUAL').sort((a, b) => a.year - b.year);
          const completed: EvaluationCompleted = {
            evaluationId: evaluation.id,
            studioId: evaluation.studioId,
            kind: evaluation.kind,
            year: evaluation.year,
            result: input.result,
            creationFails: all.filter((e) => (e.kind === 'CREATION' || e.kind === 'SECOND_EVALUATION') && e.result === 'FAIL')
              .length,
            annualFails: annual.filter((e) => e.result === 'FAIL').length,
            consecutiveAnnualFails: evaluation.kind === 'ANNUAL' ? failedRunThrough(annual, evaluation) : 0,
          };
          // a failed creation evaluation is evaluated again with the next batch (000 五.3)
          if (evaluation.kind === 'CREATION' && input.result === 'FAIL') {
            tx.create(Evaluation, {
              id: randomUUID(),
              studioId: evaluation.studioId,
              regionCode: evaluation.regionCode,
              hostSchoolId: evaluation.hostSchoolId,
              kind: 'SECOND_EVALUATION',
              year: evaluation.year + 1,
              // evaluated again by the office that evaluated the creation
              evaluatorRegionCode: evaluation.evaluatorRegionCode,
              evaluatorLevel: evaluation.evaluatorLevel,
              status: 'PENDING',
              result: null,
              version: 1,
            });
          }
          await tx.flush();
          await publish(tx, 'evaluations.evaluationCompleted', { ...completed });
          audit({
            action: 'recordEvaluationResult',
            ...about('Evaluation', evaluation.id, evaluation),
            summary: `${evaluation.year} 年${evaluation.kind}：${input.result}`,
            after: { result: input.result, ...(scores.length ? { scores } : {}) },
          });
          return evaluation;
        },
        '评估',
      );
    },
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
