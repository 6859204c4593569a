import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { OBLIGATION_PERIODS } from '../../../lib/domain/vocabulary.ts';
import { obligationStateEnum, vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { builder, HonorLevelEnum, TeacherRef, NodeRef, WorkKindEnum } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { continuingEducationHours, obligationsFrom, type ObligationStatus } from './obligations.ts';
import type { WorkItem } from './work.entity.ts';
import { absencesOf, attendedBy, obligationsOf, studioWork, type Absence } from './work.queries.ts';
import { ApplyAbsenceRuleInput, RecordWorkInput } from './work.inputs.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';
import { applyAbsenceRule, recordWork } from './work.service.ts';

const PeriodEnum = vocabularyEnum(builder, 'Period', 'How often an obligation recurs. 周期', OBLIGATION_PERIODS);
const ObligationStateEnum = obligationStateEnum(builder);

const WorkItemRef = builder.objectRef<WorkItem>('WorkItem').implement({
  description: 'An activity held or a document or output produced by a studio.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The record’s id.' }),
    kind: t.field({ type: WorkKindEnum, description: 'What kind of work. 类别', resolve: (w) => w.kind }),
    title: t.exposeString('title', { description: 'Its title. 名称' }),
    doneOn: t.exposeString('doneOn', { description: 'The day held or produced, YYYY-MM-DD. 日期' }),
    level: t.exposeString('level', {
      nullable: true,
      description: 'The level, e.g. 市级 (a research project, a training), 镇级 (a showcase). 级别',
    }),
    by: t.field({
      type: TeacherRef,
      nullable: true,
      description: "The member (or the host) whose own work it is; null for the studio's. 完成成员",
      resolve: (w) => (w.teacherId ? { id: w.teacherId } : null),
    }),
    continuingEducationHours: t.int({
      description: '继续教育学时：集体活动半天计 3 学时 (003 五(二))',
      resolve: (w) => continuingEducationHours(w.halfDays ?? null),
    }),
    attended: t.field({
      type: [TeacherRef],
      description: 'Activities: the members present. 出勤成员',
      resolve: (w, _a, ctx) => attendedBy(ctx, w.id),
    }),
  }),
});

const ObligationRef = builder.objectRef<ObligationStatus>('ObligationStatus').implement({
  description: "One obligation of the studio's policy in the period containing the day asked about. 任务完成情况",
  fields: (t) => ({
    kind: t.field({ type: WorkKindEnum, description: 'The kind of work required. 任务类别', resolve: (o) => o.kind }),
    per: t.field({ type: PeriodEnum, description: 'How often. 周期', resolve: (o) => o.per }),
    required: t.exposeInt('required', { description: 'How many each period (per member, when perMember). 要求次数' }),
    perMember: t.exposeBoolean('perMember', { description: 'Each member must do it (每位成员), not the studio once.' }),
    byHost: t.exposeBoolean('byHost', {
      description: 'The host must do it (主持人参加培训): only work recorded with the host as `by` counts. 主持人本人完成',
    }),
    minLevel: t.field({
      type: HonorLevelEnum,
      nullable: true,
      description: 'Only work of this level or above counts (e.g. 区级以上课题). 最低级别',
      resolve: (o) => o.minLevel,
    }),
    orKinds: t.field({
      type: [WorkKindEnum],
      description: 'Other kinds of work that count for it too (“三选一”：公开课、讲座或研讨会). 可替代类别',
      resolve: (o) => o.orKinds,
    }),
    collectiveKinds: t.field({
      type: [WorkKindEnum],
      description:
        "Per member: the studio's work of each of these kinds in the period counts as every member's (集体推出精品课一堂，工作室开放活动一次，可作为所有成员完成本学期的教研公开课任务). 集体完成即算每位成员完成",
      resolve: (o) => o.collectiveKinds,
    }),
    membersShort: t.field({
      type: [TeacherRef],
      description: 'Per member: the members short of it in this period. 未完成成员',
      resolve: (o) => o.membersShort.map((id) => ({ id })),
    }),
    periodStart: t.string({ description: 'First day of the period, YYYY-MM-DD.', resolve: (o) => o.period.start }),
    periodEnd: t.string({ description: 'Last day of the period, YYYY-MM-DD.', resolve: (o) => o.period.end }),
    done: t.exposeInt('done', {
      description: 'How many recorded in the period; per member, by the member who did least. 已完成',
    }),
    previousDone: t.exposeInt('previousDone', {
      nullable: true,
      description: 'How many in the period before; null for the first.',
    }),
    state: t.field({ type: ObligationStateEnum, description: 'MET, BEHIND or OVERDUE. 完成情况', resolve: (o) => o.state }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the obligation.' }),
    text: t.exposeString('text', { description: 'The obligation’s words in the seed. 原文' }),
  }),
});

const AbsenceRef = builder.objectRef<Absence>('MemberAbsence').implement({
  description: "A member's absences from the studio's activities since joining. 缺勤情况",
  fields: (t) => ({
    teacher: t.field({ type: TeacherRef, description: 'The member. 成员', resolve: (a) => ({ id: a.teacherId }) }),
    recorded: t.exposeInt('recorded', { description: "Activities with the member's attendance recorded." }),
    absent: t.exposeInt('absent', { description: 'Activities missed. 缺勤次数' }),
    reachesLimit: t.exposeBoolean('reachesLimit', {
      description: "At or over the policy's share: the member leaves when the rule is applied.",
    }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  work: t.field({
    type: [WorkItemRef],
    description: 'Activities and outputs recorded, oldest first; `from` and `to` (YYYY-MM-DD) narrow it.',
    args: {
      from: t.arg.string({ validate: LocalDate, description: 'First day, YYYY-MM-DD.' }),
      to: t.arg.string({ validate: LocalDate, description: 'Last day, YYYY-MM-DD.' }),
    },
    resolve: (s, args, ctx) => studioWork(ctx, s, args),
  }),
  obligations: t.field({
    type: [ObligationRef],
    description:
      "The policy's obligations against what was recorded, in the period containing `asOf` (today when left out): met, behind or overdue.",
    args: { asOf: t.arg.string({ validate: LocalDate, description: 'The day to judge at, YYYY-MM-DD; today when left out.' }) },
    resolve: (s, { asOf }, ctx) => obligationsOf(ctx, s, asOf),
  }),
  obligationsFrom: t.string({
    description:
      "The first day the studio's obligations count from, YYYY-MM-DD: its cycle's first day, or the day it was founded if later.",
    resolve: (s) => obligationsFrom(s),
  }),
  absences: t.field({
    type: [AbsenceRef],
    description: "Current members' absences from activities since they joined, against the policy's absence rule.",
    resolve: (s, _a, ctx) => absencesOf(ctx, ctx.em, s),
  }),
}));

payloadMutation(builder, {
  name: 'workItemRecord',
  field: 'workItem',
  description: 'Records an activity (with attendance) or a document or output of a studio. 记录工作',
  input: RecordWorkInput,
  type: WorkItemRef,
  resolve: recordWork,
  replaces: { name: 'recordWork', input: 'The work to record.' },
});

payloadMutation(builder, {
  name: 'studioAbsenceRuleApply',
  field: 'studio',
  description: "Members whose absences reach the policy's share leave the studio (002 方案1 三(二)3). 执行缺勤规定",
  input: ApplyAbsenceRuleInput,
  type: StudioRef,
  resolve: applyAbsenceRule,
  replaces: {
    name: 'applyAbsenceRule',
    input: 'The studio and the version you read. 工作室',
    positional: { studioId: 'id', version: 'int' },
    required: ['studioId', 'version'],
  },
});
