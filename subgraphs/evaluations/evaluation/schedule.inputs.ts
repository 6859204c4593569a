import { RegionCode, Year } from '../../../lib/graphql/shapes.ts';
import { builder, EvaluationKindEnum } from '../builder.ts';

export const EVALUATING_REGION =
  "The evaluating office's region: the studio's region or one above it, in your scope. Your own office when left out.";

export const ScheduleEvaluationInput = builder.inputType('ScheduleEvaluationInput', {
  description: 'An evaluation of a studio to schedule. 安排评估',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio to evaluate.' }),
    kind: t.field({ type: EvaluationKindEnum, required: true, description: '评估类型' }),
    year: t.int({ required: true, validate: Year, description: 'The year evaluated. 年度' }),
    evaluatingRegion: t.id({ validate: RegionCode, description: EVALUATING_REGION }),
  }),
});

export const ScheduleEvaluationsFromPolicyInput = builder.inputType('ScheduleEvaluationsFromPolicyInput', {
  description: "The studio whose policy's evaluations to schedule. 按政策安排评估",
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio whose policy’s evaluations to schedule.' }),
    evaluatingRegion: t.id({ validate: RegionCode, description: EVALUATING_REGION }),
  }),
});
