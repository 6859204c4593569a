import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { about } from '../../../lib/data/audit.ts';
import { thisYear, today } from '../../../lib/domain/clock.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { EvaluationCompleted } from '../../../lib/events/topics.ts';
import { publish } from '../../../lib/events/outbox.ts';
import { Evaluation } from './evaluation.entity.ts';
import { assertStudioGrade } from './grades.ts';
import { assertEvaluatingOffice } from './office.ts';
import { checkScores, saveScores } from './score.ts';
import { assertAnnualResultsOpen } from '../submission/lock.ts';
import { atLeastGrade, EVALUATION_KINDS, GRADES } from '../../../lib/domain/vocabulary.ts';
import type { RecordEvaluationResultInput } from './result.inputs.ts';

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

/**
 * Records the result of a scheduled evaluation, by the evaluating office or one above it, graded on the scale the
 * studio's programme gave the kind (evaluation.grades, kept when scheduled; the hub's where it states none). The studio feels the
 * consequence its policy names through the outbox; a failed creation evaluation schedules the 二次评估 for the next
 * year; a result the policy commends (commendation.studio, as the evaluation kept it when scheduled) is kept as due
 * a commendation, naming the clause.
 */
export async function recordEvaluationResult(ctx: SubgraphContext, input: typeof RecordEvaluationResultInput.$inferInput) {
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const evaluation = await findForChange(tx, ctx.viewer, Evaluation, input.id, '评估');
      // the evaluating office records the result; offices above it may too
      assertEvaluatingOffice(ctx.viewer, evaluation, '评估结果');
      // results the county has submitted to its city are locked (000 五.2)
      await assertAnnualResultsOpen(tx, evaluation);
      assertVersion('评估', input.version, evaluation.version);
      if (evaluation.status !== 'PENDING') throw userError('BAD_USER_INPUT', '该评估已有结果或已取消');
      // a result is for a year that has come: no assessment of a later year is recorded ahead of it (a 二次评估,
      // set for the year after a failed creation evaluation, may be held as soon as the studio is ready, 000 五.3)
      if (evaluation.year > thisYear() && evaluation.kind !== 'SECOND_EVALUATION') {
        throw userError(
          'BAD_USER_INPUT',
          `${evaluation.year} 年的${EVALUATION_KINDS[evaluation.kind]}尚未到期（今天是 ${today()}），不能提前录入结果`,
          { year: evaluation.year, kind: evaluation.kind },
        );
      }
      assertStudioGrade(input.result, evaluation);
      const scores = checkScores(input.scores);
      evaluation.status = 'COMPLETED';
      evaluation.result = input.result;
      evaluation.completedOn = today();
      const praise = evaluation.commendationRule;
      const commended = praise && atLeastGrade(input.result, praise.minGrade);
      evaluation.commendationSeed = commended ? praise.seed : null;
      evaluation.commendationText = commended
        ? `${evaluation.year} 年${EVALUATION_KINDS[evaluation.kind]}${GRADES[input.result]}，予以表彰（${praise.text}）`
        : null;
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
        creationFails: all.filter((e) => (e.kind === 'CREATION' || e.kind === 'SECOND_EVALUATION') && e.result === 'FAIL').length,
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
          // graded on the creation evaluation's scale
          gradesRule: evaluation.gradesRule,
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
}
