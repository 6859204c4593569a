import { SUBMISSION_STATUSES } from '../../../lib/domain/vocabulary.ts';
import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import type { ArgBuilder } from '@pothos/core';
import type { HubTypes } from '../../../lib/graphql/context.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { builder, NodeRef, RegionRef, SchoolRef } from '../builder.ts';
import { EvaluationRef } from '../evaluation/evaluation.schema.ts';
import { LOCKED_STATUSES, type AnnualSubmissionStatus } from './submission.entity.ts';
import {
  annualSubmission,
  annualSubmissions,
  evaluationsOfSubmission,
  isSubmitted,
  statusOf,
  submissionId,
  type Overview,
  type SubmissionView,
} from './submission.queries.ts';
import {
  AcceptAnnualResultsInput,
  COUNTY_CODE,
  ReturnAnnualResultsInput,
  SCHOOL,
  SubmitAnnualResultsInput,
  VERSION_READ,
  YEAR,
} from './submission.inputs.ts';
import { acceptAnnualResults, returnAnnualResults, submitAnnualResults } from './submission.service.ts';

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
/** Whose annual results, for which year, as the deprecated steps' arguments. */
const annualArgs = (arg: ArgBuilder<Types>, school = SCHOOL) => ({
  countyCode: arg.id(COUNTY_CODE),
  schoolId: arg.id({ required: false, description: school }),
  year: arg.int(YEAR),
});

// ---- types ----------------------------------------------------------------------------------------------------

export const AnnualSubmissionStatusEnum = vocabularyEnum(
  builder,
  'AnnualSubmissionStatus',
  '年度考核结果上报状态',
  SUBMISSION_STATUSES,
);

export const AnnualSubmissionRef = builder.objectRef<SubmissionView>('AnnualSubmission').implement({
  description:
    "A county's (or a city-run school's, 局属学校) annual assessment results for a year as reported to its city (000 五.2): the ANNUAL evaluations of its studios that year, and where they stand. 年度考核结果上报",
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.id({
      description:
        'Stable identifier: `annual-<year>-<county code>`, or `annual-<year>-<city code>-<school id>` for a city-run school (局属学校); the same before and after the results are submitted. 编号',
      resolve: submissionId,
    }),
    region: t.field({
      type: RegionRef,
      description: 'The county; for a city-run school, its city.',
      resolve: (v) => ({ code: v.regionCode }),
    }),
    school: t.field({
      type: SchoolRef,
      nullable: true,
      description: 'The city-run school (局属学校) that reports these results; null for a county.',
      resolve: (v) => (v.schoolId ? { id: v.schoolId } : null),
    }),
    year: t.exposeInt('year', { description: 'The year assessed. 年度' }),
    status: t.field({ type: AnnualSubmissionStatusEnum, description: 'Where it stands. 上报状态', resolve: statusOf }),
    locked: t.boolean({
      description: 'Whether the results are locked: submitted (until returned) or accepted.',
      resolve: (v) => LOCKED_STATUSES.includes(statusOf(v)),
    }),
    evaluationCount: t.int({
      description: 'Annual evaluations of the county (or city-run school) that year (cancelled ones not counted).',
      resolve: (v) => v.counts.evaluations,
    }),
    pendingCount: t.int({
      description: 'Of them still without a result: the unit cannot submit while any is.',
      resolve: (v) => v.counts.pending,
    }),
    passCount: t.int({ description: '合格', resolve: (v) => v.counts.pass }),
    failCount: t.int({ description: '不合格', resolve: (v) => v.counts.fail }),
    submittedBy: t.string({
      nullable: true,
      description: 'Who submitted last (token subject).',
      resolve: (v) => v.row?.submittedBy ?? null,
    }),
    submittedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When last submitted. 上报时间',
      resolve: (v) => v.row?.submittedAt ?? null,
    }),
    decidedBy: t.string({
      nullable: true,
      description: 'Who accepted or returned them.',
      resolve: (v) => v.row?.decidedBy ?? null,
    }),
    decidedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When accepted or returned. 处理时间',
      resolve: (v) => v.row?.decidedAt ?? null,
    }),
    returnReason: t.string({
      nullable: true,
      description: "The city's reason, while RETURNED. 退回原因",
      resolve: (v) => v.row?.returnReason ?? null,
    }),
    version: t.int({
      description: 'Send it back with a change; 0 while nothing has been submitted.',
      resolve: (v) => v.row?.version ?? 0,
    }),
    evaluations: t.field({
      type: [EvaluationRef],
      description: 'The annual evaluations these results are made of, cancelled ones included.',
      resolve: (v, _args, ctx) => evaluationsOfSubmission(ctx, v),
    }),
  }),
});

const StatusCountRef = builder
  .objectRef<{ status: AnnualSubmissionStatus; count: number }>('AnnualSubmissionStatusCount')
  .implement({
    description: 'Submission units in one status. 按上报状态统计',
    fields: (t) => ({
      status: t.field({ type: AnnualSubmissionStatusEnum, description: '上报状态', resolve: (s) => s.status }),
      count: t.exposeInt('count', { description: 'How many counties (or schools). 数量' }),
    }),
  });

const STATUS_ORDER: AnnualSubmissionStatus[] = ['NOT_STARTED', 'DRAFT', 'RETURNED', 'SUBMITTED', 'ACCEPTED'];

const OverviewRef = builder.objectRef<Overview>('AnnualSubmissionOverview').implement({
  description:
    'Where each county and city-run school (局属学校) of a city stands with its annual results for a year: who has not submitted yet. 年度考核上报情况',
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The city.', resolve: (o) => ({ code: o.cityCode }) }),
    year: t.exposeInt('year', { description: 'The year assessed. 年度' }),
    countyCount: t.int({ description: "The city's county-level regions.", resolve: (o) => o.all.length }),
    submittedCount: t.int({
      description: 'Counties that have submitted (SUBMITTED or ACCEPTED).',
      resolve: (o) => o.all.filter((v) => isSubmitted(statusOf(v))).length,
    }),
    notSubmittedCount: t.int({
      description: 'Counties that have not (NOT_STARTED, DRAFT or RETURNED). 未上报',
      resolve: (o) => o.all.filter((v) => !isSubmitted(statusOf(v))).length,
    }),
    byStatus: t.field({
      type: [StatusCountRef],
      description: 'Counties by status, every status listed.',
      resolve: (o) => STATUS_ORDER.map((status) => ({ status, count: o.all.filter((v) => statusOf(v) === status).length })),
    }),
    counties: t.field({
      type: [AnnualSubmissionRef],
      description: 'Each county, by code; only those in `status` when it is given.',
      resolve: (o) => (o.statuses ? o.all.filter((v) => o.statuses!.includes(statusOf(v))) : o.all),
    }),
    schoolCount: t.int({
      description: "The city's city-run schools (局属学校) that have studios; the counts above are the counties'.",
      resolve: (o) => o.schools.length,
    }),
    schools: t.field({
      type: [AnnualSubmissionRef],
      description:
        'Each city-run school (局属学校) with studios, which reports its own results to the city (000 五.2), by school id; only those in `status` when it is given.',
      resolve: (o) => (o.statuses ? o.schools.filter((v) => o.statuses!.includes(statusOf(v))) : o.schools),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  annualSubmission: t.field({
    type: AnnualSubmissionRef,
    description:
      "A county's annual assessment results for a year and where they stand with the city (000 五.2); on a city, with `schoolId`, a city-run school's (局属学校). 年度考核结果上报",
    args: {
      year: t.arg.int(YEAR),
      schoolId: t.arg.id({ required: false, description: 'On a city: the city-run school (局属学校) whose results.' }),
    },
    resolve: (region, { year, schoolId }, ctx) =>
      annualSubmission(ctx, region.code, schoolId == null ? null : String(schoolId), year),
  }),
  annualSubmissions: t.field({
    type: OverviewRef,
    description:
      "For a city: each of its counties' and city-run schools' (局属学校) annual assessment results for a year and where they stand, so the city sees who has not submitted (000 五.2). 各县、局属学校年度考核上报情况",
    args: {
      year: t.arg.int(YEAR),
      status: t.arg({
        type: [AnnualSubmissionStatusEnum],
        required: false,
        description: 'Only counties and schools in these statuses.',
      }),
    },
    resolve: (region, { year, status }, ctx) => annualSubmissions(ctx, region.code, year, status ?? null),
  }),
}));

builder.mutationField('submitAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    deprecationReason: replacedBy('annualResultsSubmit'),
    description:
      "The county office submits its studios' annual assessment results for a year to the city (000 五.2): only when none is pending, not while submitted or once accepted; a returned submission can be submitted again. Locks the results. A city-run school (局属学校) submits its own: its city's code as `countyCode`, and `schoolId`. 上报年度考核结果",
    args: {
      ...annualArgs(t.arg, 'The city-run school (局属学校) submitting its own results.'),
      version: t.arg.int({ required: false, description: 'The version you read (0 before the first submission).' }),
    },
    resolve: (_root, args, ctx) => submitAnnualResults(ctx, args),
  }),
);

builder.mutationField('acceptAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    deprecationReason: replacedBy('annualResultsAccept'),
    description:
      "The city (or the province above it) accepts a county's (or city-run school's) submitted annual results (000 五.2); accepted results are locked for good. 接收年度考核结果",
    args: {
      ...annualArgs(t.arg),
      version: t.arg.int(VERSION_READ),
    },
    resolve: (_root, args, ctx) => acceptAnnualResults(ctx, args),
  }),
);

builder.mutationField('returnAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    deprecationReason: replacedBy('annualResultsReturn'),
    description:
      "The city (or the province above it) returns a county's (or city-run school's) submitted annual results with a reason (000 五.2); the results open again and the county (school) submits anew. 退回年度考核结果",
    args: {
      ...annualArgs(t.arg),
      version: t.arg.int(VERSION_READ),
      reason: t.arg.string({ required: true, description: '退回原因：写明须修改什么' }),
    },
    resolve: (_root, args, ctx) => returnAnnualResults(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'annualResultsSubmit',
  field: 'submission',
  description:
    "The county office submits its studios' annual assessment results for a year to the city (000 五.2): only when none is pending, not while submitted or once accepted; a returned submission can be submitted again. Locks the results. A city-run school (局属学校) submits its own: its city's code as `countyCode`, and `schoolId`. 上报年度考核结果",
  input: SubmitAnnualResultsInput,
  type: AnnualSubmissionRef,
  resolve: submitAnnualResults,
});

payloadMutation(builder, {
  name: 'annualResultsAccept',
  field: 'submission',
  description:
    "The city (or the province above it) accepts a county's (or city-run school's) submitted annual results (000 五.2); accepted results are locked for good. 接收年度考核结果",
  input: AcceptAnnualResultsInput,
  type: AnnualSubmissionRef,
  resolve: acceptAnnualResults,
});

payloadMutation(builder, {
  name: 'annualResultsReturn',
  field: 'submission',
  description:
    "The city (or the province above it) returns a county's (or city-run school's) submitted annual results with a reason (000 五.2); the results open again and the county (school) submits anew. 退回年度考核结果",
  input: ReturnAnnualResultsInput,
  type: AnnualSubmissionRef,
  resolve: returnAnnualResults,
});
