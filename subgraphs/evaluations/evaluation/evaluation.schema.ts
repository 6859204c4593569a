import { enumValues } from '../../../lib/graphql/enums.ts';
import type { HubTypes } from '../../../lib/graphql/context.ts';
import { connectionRef, pageArgs, pageOf, withinArg } from '../../../lib/graphql/connection.ts';
import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { builder, EvaluationKindEnum, EvaluationStatusEnum, GradeEnum, NodeRef, StudioRef } from '../builder.ts';
import type { Evaluation, Grade } from './evaluation.entity.ts';
import { evaluationsOfStudio, evaluationsPage, findEvaluation } from './evaluation.queries.ts';
import { NORMALIZED, type NormalizedGrade } from './grades.ts';

export const NormalizedGradeEnum = builder.enumType('NormalizedGrade', {
  description:
    'A grade made comparable across scales: 合格 passes on the two-grade (合格/不合格) and the three-grade (优秀/合格/不合格) scale alike, 良好 (member ratings) passes, 优秀 passes with distinction. 归一化等级',
  values: enumValues<NormalizedGrade>({
    FAILED: '未通过（不合格）',
    PASSED: '通过（合格、良好）',
    PASSED_WITH_DISTINCTION: '优秀通过（优秀）',
  }),
});

/** A grade made comparable (NormalizedGrade), on any object that carries one. */
export const normalizedField = <T extends object>(
  t: PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<HubTypes>, T>,
  grade: (x: T) => Grade,
  description: string,
) => t.field({ type: NormalizedGradeEnum, description, resolve: (x) => NORMALIZED[grade(x)] });

export const EvaluationRef = builder.objectRef<Evaluation>('Evaluation').implement({
  description: 'One evaluation of a studio (创建评估, 年度考核, 中期考核, 届满考核 or 二次评估).',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    studio: t.field({ type: StudioRef, description: 'The studio evaluated. 工作室', resolve: (e) => ({ id: e.studioId }) }),
    kind: t.field({ type: EvaluationKindEnum, description: '评估类型', resolve: (e) => e.kind }),
    year: t.exposeInt('year', { description: 'The year evaluated. 年度' }),
    status: t.field({ type: EvaluationStatusEnum, description: '评估状态', resolve: (e) => e.status }),
    result: t.field({ type: GradeEnum, nullable: true, description: 'Null until completed.', resolve: (e) => e.result }),
    normalized: t.field({
      type: NormalizedGradeEnum,
      nullable: true,
      description: 'The result made comparable across scales; null until completed.',
      resolve: (e) => (e.result ? NORMALIZED[e.result] : null),
    }),
    completedOn: t.string({
      nullable: true,
      description: 'The day the result was recorded (YYYY-MM-DD); null before, and on results recorded before it was kept.',
      resolve: (e) => e.completedOn ?? null,
    }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed. 更新时间', resolve: (e) => e.updatedAt }),
    version: t.exposeInt('version', { description: 'Send it back to record a result.' }),
  }),
});

builder.asEntity(EvaluationRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => findEvaluation(ctx, ref.id),
});

builder.objectFields(StudioRef, (t) => ({
  evaluations: t.field({
    type: [EvaluationRef],
    nullable: { list: true, items: false },
    description: "The studio's evaluations, oldest first. Null, with an error, when the evaluations service is unavailable.",
    resolve: (studio, _args, ctx) => evaluationsOfStudio(ctx, studio.id),
  }),
}));

builder.queryFields((t) => ({
  evaluation: t.field({
    type: EvaluationRef,
    nullable: true,
    description: 'One evaluation by id, if the viewer may see its studio. 评估',
    args: { id: t.arg.id({ required: true, description: 'The evaluation’s id.' }) },
    resolve: (_root, { id }, ctx) => findEvaluation(ctx, String(id)),
  }),
  evaluationsConnection: t.field({
    type: connectionRef(builder, 'Evaluation', EvaluationRef, 'evaluations'),
    description:
      "Evaluations of the studios of a region's subtree ordered by (updatedAt, id), for paging and incremental " +
      'sync; a recorded result moves one to the end. 评估（分页、同步）',
    args: { ...withinArg(t), ...pageArgs(t) },
    resolve: (_root, args, ctx, info) => evaluationsPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));
