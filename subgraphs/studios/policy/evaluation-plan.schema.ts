import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { evaluationPlan, type PlannedEvaluation } from './evaluation-plan.ts';
import { rulesOf } from './policy.schema.ts';

const PlannedEvaluationRef = builder.objectRef<PlannedEvaluation>('PlannedEvaluation').implement({
  description: "One evaluation the studio's policy holds in its cycle.",
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'CREATION, ANNUAL, MIDTERM or FINAL.' }),
    year: t.exposeInt('year', { description: 'The year it falls in. 年度' }),
    seed: t.exposeString('seed', { description: 'Where the policy says so.' }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  evaluationPlan: t.field({
    type: [PlannedEvaluationRef],
    description:
      "The evaluations the studio's policy holds in its cycle, by year (`scheduleEvaluationsFromPolicy` schedules them).",
    resolve: async (studio, _a, ctx) => evaluationPlan(await rulesOf(ctx, studio.policyId, studio.policyVersion), studio),
  }),
}));
