import { RECTIFICATION_STATUSES } from '../../../lib/domain/vocabulary.ts';
import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { builder, StudioRef, NodeRef } from '../builder.ts';
import { findEvaluation } from './evaluation.queries.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import type { Rectification } from './rectification.entity.ts';
import { openRectificationsOf, rectificationsOf } from './rectification.queries.ts';
import { AddRectificationOpinionInput, ResolveRectificationInput } from './rectification.inputs.ts';
import { addRectificationOpinion, resolveRectification, statusOf } from './rectification.service.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';

const RectificationStatusEnum = vocabularyEnum(
  builder,
  'RectificationStatus',
  'Where a rectification stands. 整改状态',
  RECTIFICATION_STATUSES,
);

export const RectificationRef = builder.objectRef<Rectification>('Rectification').implement({
  description: 'A rectification opinion (整改意见) on a completed evaluation, its deadline and its resolution (000 五.3).',
  interfaces: [NodeRef],
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

builder.objectFields(EvaluationRef, (t) => ({
  rectifications: t.field({
    type: [RectificationRef],
    description: 'Rectification opinions on this evaluation, by deadline. 整改意见',
    resolve: (e, _args, ctx) => rectificationsOf(ctx, e.id),
  }),
}));

builder.objectFields(StudioRef, (t) => ({
  openRectifications: t.field({
    type: [RectificationRef],
    description: "The studio's rectification opinions not yet resolved (OPEN or OVERDUE), by deadline. 待整改",
    resolve: (studio, _args, ctx) => openRectificationsOf(ctx, studio.id),
  }),
}));

builder.mutationField('addRectificationOpinion', (t) =>
  t.field({
    type: RectificationRef,
    deprecationReason: replacedBy('rectificationOpen'),
    description:
      'The evaluating office (or one above it) gives a rectification opinion on a completed evaluation, with a deadline not before today (000 五.3). 提出整改意见',
    args: {
      evaluationId: t.arg.id({ required: true, description: 'A completed evaluation.' }),
      opinion: t.arg.string({ required: true, description: 'What must be put right. 整改意见' }),
      deadline: t.arg.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD, today or later.' }),
    },
    resolve: (_root, args, ctx) => addRectificationOpinion(ctx, args),
  }),
);

builder.mutationField('resolveRectification', (t) =>
  t.field({
    type: RectificationRef,
    deprecationReason: replacedBy('rectificationResolve'),
    description:
      "The studio's side reports a rectification done: an editor of the host school, or of an office above it. 整改完成",
    args: {
      id: t.arg.id({ required: true, description: 'The rectification opinion.' }),
      note: t.arg.string({ required: true, description: 'What was done.' }),
    },
    resolve: (_root, args, ctx) => resolveRectification(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'rectificationOpen',
  field: 'rectification',
  description:
    'The evaluating office (or one above it) gives a rectification opinion on a completed evaluation, with a deadline not before today (000 五.3). 提出整改意见',
  input: AddRectificationOpinionInput,
  type: RectificationRef,
  resolve: addRectificationOpinion,
});

payloadMutation(builder, {
  name: 'rectificationResolve',
  field: 'rectification',
  description: "The studio's side reports a rectification done: an editor of the host school, or of an office above it. 整改完成",
  input: ResolveRectificationInput,
  type: RectificationRef,
  resolve: resolveRectification,
});
