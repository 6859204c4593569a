import { randomUUID } from 'node:crypto';
import { about, audit } from '../../../lib/audit.ts';
import { assertFactInScope, assertMayChange } from '../../../lib/auth.ts';
import { guardConflicts } from '../../../lib/concurrency.ts';
import { enumValues } from '../../../lib/enums.ts';
import { requireDate } from '../../../lib/input.ts';
import { today } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import { findForChange, rowsLoader } from '../../../lib/loaders.ts';
import { builder, StudioRef } from '../builder.ts';
import { Evaluation } from './evaluation.entity.ts';
import { EvaluationRef, findEvaluation } from './evaluation.schema.ts';
import { assertEvaluatingOffice } from './office.schema.ts';
import { Rectification } from './rectification.entity.ts';

type RectificationStatus = 'OPEN' | 'RESOLVED' | 'OVERDUE';

/** Resolved once the studio's side says so; otherwise overdue after its deadline (as of today, UTC). */
export const statusOf = (r: Rectification, asOf = today()): RectificationStatus =>
  r.resolvedAt ? 'RESOLVED' : r.deadline < asOf ? 'OVERDUE' : 'OPEN';

export const MAX_TEXT = 2000;

const RectificationStatusEnum = builder.enumType('RectificationStatus', {
  description: 'Where a rectification stands. 整改状态',
  values: enumValues<RectificationStatus>({ OPEN: '整改中', RESOLVED: '已整改', OVERDUE: '逾期未整改' }),
});

const RectificationRef = builder.objectRef<Rectification>('Rectification').implement({
  description: 'A rectification opinion (整改意见) on a completed evaluation, its deadline and its resolution (000 五.3).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The opinion’s id.' }),
    evaluation: t.field({
      type: EvaluationRef,
      description: 'The evaluation it was given on. 所属评估',
      resolve: (r, _args, ctx) => findEvaluation(ctx, r.evaluationId),
    }),
    studio: t.field({ type: StudioRef, description: 'The studio that must act. 工作室', resolve: (r) => ({ id: r.studioId }) }),
    opinion: t.exposeString('opinion', { description: 'What must be put right. 整改意见' }),
    deadline: t.exposeString('deadline', { description: 'YYYY-MM-DD' }),
    status: t.field({
      type: RectificationStatusEnum,
      description: 'OPEN until resolved, OVERDUE once past its deadline unresolved (as of today), RESOLVED.',
      resolve: (r) => statusOf(r),
    }),
    resolvedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When reported done; null while open. 整改完成时间',
      resolve: (r) => r.resolvedAt ?? null,
    }),
    note: t.string({ nullable: true, description: 'What the studio did, as it reported.', resolve: (r) => r.note ?? null }),
    createdAt: t.field({ type: 'DateTime', description: 'When given. 提出时间', resolve: (r) => r.createdAt }),
  }),
});

function requireText(value: string, name: string, what: string): string {
  const text = value.trim();
  if (!text) throw userError('BAD_USER_INPUT', `${what}不能为空`, { argumentName: name });
  if (text.length > MAX_TEXT) throw userError('BAD_USER_INPUT', `${what}不能超过 ${MAX_TEXT} 字`, { argumentName: name });
  return text;
}

builder.objectFields(EvaluationRef, (t) => ({
  rectifications: t.field({
    type: [RectificationRef],
    description: 'Rectification opinions on this evaluation, by deadline. 整改意见',
    resolve: (e, _args, ctx) =>
      rowsLoader(ctx, Rectification, 'evaluationId', { orderBy: { deadline: 'asc', createdAt: 'asc', id: 'asc' } }).load(e.id),
  }),
}));

builder.objectFields(StudioRef, (t) => ({
  openRectifications: t.field({
    type: [RectificationRef],
    description: "The studio's rectification opinions not yet resolved (OPEN or OVERDUE), by deadline. 待整改",
    resolve: async (studio, _args, ctx) => {
      const rows = await rowsLoader(ctx, Rectification, 'studioId', {
        where: { resolvedAt: null },
        orderBy: { deadline: 'asc', createdAt: 'asc', id: 'asc' },
      }).load(studio.id);
      for (const row of rows) assertFactInScope(ctx.viewer, row, '工作室的整改意见');
      return rows;
    },
  }),
}));

builder.mutationField('addRectificationOpinion', (t) =>
  t.field({
    type: RectificationRef,
    description:
      'The evaluating office (or one above it) gives a rectification opinion on a completed evaluation, with a deadline not before today (000 五.3). 提出整改意见',
    args: {
      evaluationId: t.arg.id({ required: true, description: 'A completed evaluation.' }),
      opinion: t.arg.string({ required: true, description: 'What must be put right. 整改意见' }),
      deadline: t.arg.string({ required: true, description: 'YYYY-MM-DD, today or later.' }),
    },
    resolve: async (_root, args, ctx) => {
      const opinion = requireText(args.opinion, 'opinion', '整改意见');
      const deadline = requireDate(args.deadline, 'deadline');
      return ctx.em.transactional(async (tx) => {
        const evaluation = await findForChange(tx, ctx.viewer, Evaluation, String(args.evaluationId), '评估');
        assertEvaluatingOffice(ctx.viewer, evaluation, '整改意见');
        if (evaluation.status !== 'COMPLETED') throw userError('BAD_USER_INPUT', '只能对已完成的评估提出整改意见');
        // the deadline lies ahead: not before the day the result was recorded, nor before today
        const earliest = [today(), evaluation.completedOn ?? ''].sort().at(-1)!;
        if (deadline < earliest) {
          throw userError('BAD_USER_INPUT', `整改期限 ${deadline} 不能早于 ${earliest}`, { argumentName: 'deadline' });
        }
        const rectification = tx.create(Rectification, {
          id: randomUUID(),
          evaluationId: evaluation.id,
          studioId: evaluation.studioId,
          regionCode: evaluation.regionCode,
          hostSchoolId: evaluation.hostSchoolId,
          opinion,
          deadline,
          createdBy: ctx.viewer.subject,
          resolvedAt: null,
          resolvedBy: null,
          note: null,
          version: 1,
        });
        audit(tx, ctx.viewer, {
          action: 'addRectificationOpinion',
          ...about('Rectification', rectification.id, evaluation),
          summary: `${evaluation.year} 年${evaluation.kind}整改意见，期限 ${deadline}`,
          after: { evaluationId: evaluation.id, opinion, deadline },
        });
        return rectification;
      });
    },
  }),
);

builder.mutationField('resolveRectification', (t) =>
  t.field({
    type: RectificationRef,
    description:
      "The studio's side reports a rectification done: an editor of the host school, or of an office above it. 整改完成",
    args: {
      id: t.arg.id({ required: true, description: 'The rectification opinion.' }),
      note: t.arg.string({ required: true, description: 'What was done.' }),
    },
    resolve: async (_root, args, ctx) => {
      const note = requireText(args.note, 'note', '整改情况说明');
      return guardConflicts('整改意见', () =>
        ctx.em.transactional(async (tx) => {
          const rectification = await findForChange(tx, ctx.viewer, Rectification, String(args.id), '整改意见');
          assertMayChange(ctx.viewer, rectification, 'SCHOOL', ['editor'], '整改情况');
          if (rectification.resolvedAt) throw userError('BAD_USER_INPUT', '该整改意见已整改完毕');
          const late = statusOf(rectification) === 'OVERDUE';
          rectification.resolvedAt = new Date();
          rectification.resolvedBy = ctx.viewer.subject;
          rectification.note = note;
          audit(tx, ctx.viewer, {
            action: 'resolveRectification',
            ...about('Rectification', rectification.id, rectification),
            summary: `整改完成${late ? `（逾期，期限 ${rectification.deadline}）` : ''}`,
            before: { status: late ? 'OVERDUE' : 'OPEN' },
            after: { status: 'RESOLVED', note },
          });
          return rectification;
        }),
      );
    },
  }),
);
