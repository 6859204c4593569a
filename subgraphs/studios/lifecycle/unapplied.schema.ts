import { ID_DESCRIPTION } from '../../../lib/graphql.ts';
import { assertRegionInScope, factInScope } from '../../../lib/auth.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { subtreePrefix } from '../../../lib/region-code.ts';
import { builder, NodeRef, RegionRef } from '../builder.ts';
import { findStudio } from '../studio/studio.queries.ts';
import { StudioRef, StudioStatusEnum } from '../studio/studio.schema.ts';
import { UnappliedConsequence } from './unapplied.entity.ts';

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

const newestFirst = { orderBy: { at: 'desc', id: 'asc' } } as const;

builder.objectFields(StudioRef, (t) => ({
  unappliedConsequences: t.field({
    type: [UnappliedConsequenceRef],
    description: 'Consequences of its evaluations the studio could not take, newest first.',
    resolve: (studio, _a, ctx) => rowsLoader(ctx, UnappliedConsequence, 'studioId', newestFirst).load(studio.id),
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
      resolve: async (evaluation, _a, ctx) =>
        (await rowsLoader(ctx, UnappliedConsequence, 'evaluationId', newestFirst).load(evaluation.id)).filter((c) =>
          factInScope(ctx.viewer, c),
        ),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  unappliedConsequences: t.field({
    type: [UnappliedConsequenceRef],
    description: "Consequences the studios of the region's subtree could not take, newest first.",
    resolve: async (region, _a, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      const rows = await ctx.em.find(
        UnappliedConsequence,
        {
          regionCode: { $like: `${subtreePrefix(region.code)}%` },
          ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
        },
        newestFirst,
      );
      return rows;
    },
  }),
}));
