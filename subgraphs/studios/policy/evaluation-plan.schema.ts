import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import {
  evaluationPlan,
  stated,
  statedOffices,
  type PlannedEvaluation,
  type StatedOffice,
  type StatedRule,
} from './evaluation-plan.ts';
import { rulesOf } from './policy.queries.ts';

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

const StatedOfficeRef = builder.objectRef<StatedOffice>('StatedEvaluatingOffice').implement({
  description: 'Who records one kind of evaluation, as the policy names it (evaluation.offices). 评估机关',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'CREATION, ANNUAL, MIDTERM or FINAL.' }),
    office: t.exposeString('office', {
      description: "PROVINCE, CITY or COUNTY (that level's office over the studio's region) or SCHOOL (the studio's own school).",
    }),
    seed: t.exposeString('seed', { description: 'Where the policy says so.' }),
  }),
});

const StatedRuleRef = builder.objectRef<StatedRule>('StatedRule').implement({
  description: "One of the studio's policy rules, as evaluations reads it.",
  fields: (t) => ({
    value: t.exposeString('value', { description: 'Its value as JSON.' }),
    seed: t.exposeString('seed', { description: 'Where the policy says so.' }),
    text: t.exposeString('text', { description: 'The rule as the document puts it.' }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  evaluatingOffices: t.field({
    type: [StatedOfficeRef],
    description: "Who records each kind of evaluation under the studio's policy (evaluation.offices); empty when it names none.",
    resolve: async (studio, _a, ctx) => statedOffices(await rulesOf(ctx, studio.policyId, studio.policyVersion)),
  }),
  memberRatingRule: t.field({
    type: StatedRuleRef,
    nullable: true,
    description: "The policy's member rating (member.rating: scale, whether a 不合格 member leaves); null when it states none.",
    resolve: async (studio, _a, ctx) => stated(await rulesOf(ctx, studio.policyId, studio.policyVersion), 'member.rating'),
  }),
  studioCommendationRule: t.field({
    type: StatedRuleRef,
    nullable: true,
    description: 'When the policy commends a studio (commendation.studio); null when it states none. 表彰',
    resolve: async (studio, _a, ctx) => stated(await rulesOf(ctx, studio.policyId, studio.policyVersion), 'commendation.studio'),
  }),
  evaluationGradesRule: t.field({
    type: StatedRuleRef,
    nullable: true,
    description:
      'The grades each kind of evaluation is given on under the policy (evaluation.grades); null when it states none (the hub’s scales). 评估等级',
    resolve: async (studio, _a, ctx) => stated(await rulesOf(ctx, studio.policyId, studio.policyVersion), 'evaluation.grades'),
  }),
  memberCommendationRule: t.field({
    type: StatedRuleRef,
    nullable: true,
    description: 'When the policy commends a member for a semester rating (commendation.member); null when it states none. 表彰',
    resolve: async (studio, _a, ctx) => stated(await rulesOf(ctx, studio.policyId, studio.policyVersion), 'commendation.member'),
  }),
}));
