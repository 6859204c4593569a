import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { auditField } from '../../../lib/data/audit.ts';
import { builder, EvaluationKindEnum, NodeRef, RegionRef } from '../builder.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import { RecordEvaluationResultInput } from './result.inputs.ts';
import { recordEvaluationResult } from './result.service.ts';
import { EVALUATING_REGION, ScheduleEvaluationInput, ScheduleEvaluationsFromPolicyInput } from './schedule.inputs.ts';
import { scheduleEvaluation, scheduleEvaluationsFromPolicy } from './schedule.service.ts';
import { RegionCode, Year } from '../../../lib/graphql/shapes.ts';

auditField(builder, RegionRef, NodeRef, 'evaluationChanges', 'evaluations');

builder.mutationFields((t) => ({
  scheduleEvaluation: t.field({
    type: EvaluationRef,
    deprecationReason: replacedBy('evaluationSchedule'),
    description: 'Schedules an evaluation of a studio for a year (PENDING until its result is recorded). 安排评估',
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio to evaluate.' }),
      kind: t.arg({ type: EvaluationKindEnum, required: true, description: '评估类型' }),
      year: t.arg.int({ required: true, validate: Year, description: 'The year evaluated. 年度' }),
      evaluatingRegion: t.arg.id({ validate: RegionCode, description: EVALUATING_REGION }),
    },
    resolve: (_root, args, ctx) => scheduleEvaluation(ctx, args),
  }),
  scheduleEvaluationsFromPolicy: t.field({
    type: [EvaluationRef],
    deprecationReason: replacedBy('evaluationsScheduleFromPolicy'),
    description:
      "Schedules every evaluation the studio's policy holds in its cycle (Studio.evaluationPlan) that is not scheduled yet, all or none; returns those it scheduled. 按政策安排评估",
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio whose policy’s evaluations to schedule.' }),
      evaluatingRegion: t.arg.id({ validate: RegionCode, description: EVALUATING_REGION }),
    },
    resolve: (_root, args, ctx) => scheduleEvaluationsFromPolicy(ctx, args),
  }),
}));

payloadMutation(builder, {
  name: 'evaluationResultRecord',
  field: 'evaluation',
  description:
    'Records the result of a scheduled evaluation. The studio feels the consequence its policy names (on hold, yellow card, revoked), once, through the outbox; a failed creation evaluation schedules the 二次评估 for the next year. 录入评估结果',
  input: RecordEvaluationResultInput,
  type: EvaluationRef,
  resolve: recordEvaluationResult,
  replaces: { name: 'recordEvaluationResult', input: 'The result, with the version read.' },
});

payloadMutation(builder, {
  name: 'evaluationSchedule',
  field: 'evaluation',
  description: 'Schedules an evaluation of a studio for a year (PENDING until its result is recorded). 安排评估',
  input: ScheduleEvaluationInput,
  type: EvaluationRef,
  resolve: scheduleEvaluation,
});

payloadMutation(builder, {
  name: 'evaluationsScheduleFromPolicy',
  field: 'evaluations',
  description:
    "Schedules every evaluation the studio's policy holds in its cycle (Studio.evaluationPlan) that is not scheduled yet, all or none; the payload holds those it scheduled. 按政策安排评估",
  input: ScheduleEvaluationsFromPolicyInput,
  type: [EvaluationRef],
  resolve: scheduleEvaluationsFromPolicy,
});
