import * as rollup from '../../../lib/analytics.ts';
import { builder, RegionRef } from '../builder.ts';
import type { EvaluationKind, EvaluationStatus, Grade } from '../evaluation/evaluation.entity.ts';
import { EvaluationKindEnum, EvaluationStatusEnum, GradeEnum } from '../evaluation/evaluation.schema.ts';
import { EvaluationFilter } from '../region/evaluation-summary.schema.ts';
import { normalizedIn } from '../evaluation/grades.ts';

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

interface EvaluationGroup {
  region?: string;
  kind?: EvaluationKind;
  status?: EvaluationStatus;
  result?: Grade | null;
  year?: number;
  count: string;
  studioCount: string;
  passed: string;
  passedWithDistinction: string;
  failed: string;
  share: number;
}

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
    resolve: async (_root, { within, groupBy, regionLevel, filter }, ctx) => {
      const rows = await rollup.groupedRollup<string, Omit<EvaluationGroup, 'share'>>(ctx.em, ctx.viewer, String(within), {
        from: 'evaluation f',
        dimensions: {
          region: rollup.regionAt(regionLevel ?? 'COUNTY'),
          kind: 'f.kind',
          status: 'f.status',
          result: 'f.result',
          year: 'f.year',
        },
        measures: {
          count: 'count(*)',
          studioCount: 'count(distinct f.studio_id)',
          passed: `count(*) filter (where ${normalizedIn('f.result', ['PASSED', 'PASSED_WITH_DISTINCTION'])})`,
          passedWithDistinction: `count(*) filter (where ${normalizedIn('f.result', ['PASSED_WITH_DISTINCTION'])})`,
          failed: `count(*) filter (where ${normalizedIn('f.result', ['FAILED'])})`,
        },
        groupBy,
        where: rollup.equalTo('f', { kind: filter?.kind, status: filter?.status, year: filter?.year }),
      });
      return rollup.withShares(rows, 'count');
    },
  }),
}));
