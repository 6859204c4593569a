import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { builder, NodeRef, RegionRef, StudioStatusEnum } from '../builder.ts';
import { findStudio } from '../studio/studio.queries.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import type { UnappliedConsequence } from './unapplied.entity.ts';
import { unappliedIn, unappliedOfEvaluation, unappliedOfStudio } from './unapplied.queries.ts';

const UnappliedConsequenceRef = builder.objectRef<UnappliedConsequence>('UnappliedConsequence').implement({
  description:
    "A consequence an evaluation called for that the studio's lifecycle could not take (未能执行的评估后果), e.g. 暂缓授牌 for a studio still at 申报: the office must act on it.",
  fields: (t) => ({
    studio: t.field({ type: StudioRef, description: 'The studio. 工作室', resolve: (c, _a, ctx) => findStudio(ctx, c.studioId) }),
    evaluationId: t.exposeID('evaluationId', { nullable: true, description: 'The evaluation whose result called for it.' }),
    status: t.field({ type: StudioStatusEnum, description: "The studio's status when it came.", resolve: (c) => c.status }),
    wanted: t.field({ type: StudioStatusEnum, description: 'The status the consequence called for.', resolve: (c) => c.wanted }),
    reason: t.exposeString('reason', { description: 'The evaluation, its result and the rule, in Chinese.' }),
    at: t.field({ type: 'DateTime', description: 'When it came. 时间', resolve: (c) => c.at }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  unappliedConsequences: t.field({
    type: [UnappliedConsequenceRef],
    description: 'Consequences of its evaluations the studio could not take, newest first.',
    resolve: (studio, _a, ctx) => unappliedOfStudio(ctx, studio.id),
  }),
}));

/** The evaluation, as the office that recorded it reads it: what its result could not change. */
builder.externalRef('Evaluation', builder.selection<{ id: string }>('id')).implement({
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    unappliedConsequences: t.field({
      type: [UnappliedConsequenceRef],
      description: 'Consequences of this result the studio could not take (empty when it took them).',
      resolve: (evaluation, _a, ctx) => unappliedOfEvaluation(ctx, evaluation.id),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  unappliedConsequences: t.field({
    type: [UnappliedConsequenceRef],
    description: "Consequences the studios of the region's subtree could not take, newest first.",
    resolve: (region, _a, ctx) => unappliedIn(ctx, region.code),
  }),
}));
