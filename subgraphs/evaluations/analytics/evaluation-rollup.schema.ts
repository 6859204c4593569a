import * as rollup from '../../../lib/graphql/analytics.ts';
import { builder, RegionRef } from '../builder.ts';
import { EvaluationKindEnum, EvaluationStatusEnum, GradeEnum } from '../evaluation/evaluation.schema.ts';
import { EvaluationFilter } from '../region/evaluation-summary.schema.ts';
import { evaluationRollup, type EvaluationGroup } from './evaluation-rollup.queries.ts';

export const RegionLevelEnum = rollup.regionLevelEnum(builder);

const EvaluationDimension = builder.enumType('EvaluationDimension', {
  description: 'What evaluations can be grouped by. 分组维度',
  values: {
    REGION: rollup.REGION_DIMENSION,
    KIND: { value: 'kind', description: '评估类型' },
    STATUS: { value: 'status', description: '评估状态' },
    RESULT: { value: 'result', description: '结果等级' },
    YEAR: { value: 'year', description: '年度' },
  } as const,
});

const EvaluationGroupRef = builder.objectRef<EvaluationGroup>('EvaluationGroup').implement({
  description: 'One group of evaluations; only the dimensions grouped by are set (result is null for pending ones).',
  fields: (t) => ({
    region: rollup.regionGroupField(t, RegionRef),
    kind: t.field({ type: EvaluationKindEnum, nullable: true, description: '评估类型 (KIND)', resolve: (g) => g.kind ?? null }),
    status: t.field({
      type: EvaluationStatusEnum,
      nullable: true,
      description: '评估状态 (STATUS)',
      resolve: (g) => g.status ?? null,
    }),
    result: t.field({ type: GradeEnum, nullable: true, description: '等级 (RESULT)', resolve: (g) => g.result ?? null }),
    year: t.int({ nullable: true, description: '年度 (YEAR)', resolve: (g) => g.year ?? null }),
    count: t.int({ description: '评估次数', resolve: (g) => Number(g.count) }),
    studioCount: t.int({ description: '涉及工作室数', resolve: (g) => Number(g.studioCount) }),
    passed: t.int({
      description: 'Completed and passed on their own scale (合格 or 优秀 alike; README “Grades across scales”). 通过数',
      resolve: (g) => Number(g.passed),
    }),
    passedWithDistinction: t.int({
      description: 'Of those passed, with distinction (优秀). 优秀数',
      resolve: (g) => Number(g.passedWithDistinction),
    }),
    failed: t.int({ description: 'Completed and failed (不合格). 不合格数', resolve: (g) => Number(g.failed) }),
    share: t.float({ description: 'Share of all the evaluations in the result (0–1). 占比', resolve: (g) => g.share }),
  }),
});

builder.queryFields((t) => ({
  evaluationRollup: t.field({
    type: [EvaluationGroupRef],
    description: "Evaluations of the studios of a region's subtree grouped by the dimensions asked for. 评估分组统计",
    args: {
      ...rollup.rollupArgs(t.arg, 'evaluations', EvaluationDimension, RegionLevelEnum),
      filter: t.arg({ type: EvaluationFilter, description: 'Which evaluations to count.' }),
    },
    resolve: (_root, { within, groupBy, regionLevel, filter }, ctx) =>
      evaluationRollup(ctx, String(within), groupBy, regionLevel ?? 'COUNTY', filter),
  }),
}));
