import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { userError } from '../../../lib/errors.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { builder } from '../builder.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import { EvaluationScore } from './score.entity.ts';

export interface ScoreInput {
  criterion: string;
  maxScore: number;
  score: number;
}

/** At most this many criteria an evaluation, each name at most this long. */
export const MAX_CRITERIA = 50;
export const MAX_CRITERION_LENGTH = 100;

export const ScoreInputRef = builder.inputType('EvaluationScoreInput', {
  description: 'One criterion of an evaluation and its score (评分细则): 0 ≤ score ≤ maxScore, maxScore > 0.',
  fields: (t) => ({
    criterion: t.string({
      required: true,
      description: 'The criterion, unique within the evaluation, e.g. “工作室成员组建情况”.',
    }),
    maxScore: t.int({ required: true, description: 'The most the criterion gives, above 0. 满分' }),
    score: t.int({ required: true, description: 'The score given, 0 to maxScore. 得分' }),
  }),
});

const EvaluationScoreRef = builder.objectRef<EvaluationScore>('EvaluationScore').implement({
  description: 'One criterion of an evaluation and the score it was given. 评分',
  fields: (t) => ({
    criterion: t.exposeString('criterion', { description: 'The criterion. 评分项目' }),
    maxScore: t.exposeInt('maxScore', { description: 'The most it gives. 满分' }),
    score: t.exposeInt('score', { description: 'The score given. 得分' }),
  }),
});

/** The scores as recorded, trimmed; BAD_USER_INPUT naming the first bad one. */
export function checkScores(scores: readonly ScoreInput[] | null | undefined): ScoreInput[] {
  if (!scores) return [];
  if (scores.length > MAX_CRITERIA) {
    throw userError('BAD_USER_INPUT', `评分项最多 ${MAX_CRITERIA} 项`, { argumentName: 'scores' });
  }
  const seen = new Set<string>();
  return scores.map((s, i) => {
    const criterion = s.criterion.trim();
    const at = { argumentName: 'scores', index: i };
    if (!criterion) throw userError('BAD_USER_INPUT', `第 ${i + 1} 个评分项缺少名称`, at);
    if (criterion.length > MAX_CRITERION_LENGTH)
      throw userError('BAD_USER_INPUT', `评分项“${criterion.slice(0, 20)}…”的名称超过 ${MAX_CRITERION_LENGTH} 字`, at);
    if (seen.has(criterion)) throw userError('BAD_USER_INPUT', `评分项“${criterion}”重复`, at);
    seen.add(criterion);
    if (s.maxScore <= 0) throw userError('BAD_USER_INPUT', `评分项“${criterion}”的满分应大于 0`, at);
    if (s.score < 0 || s.score > s.maxScore)
      throw userError('BAD_USER_INPUT', `评分项“${criterion}”的得分应在 0 到 ${s.maxScore} 之间，不能是 ${s.score}`, at);
    return { criterion, maxScore: s.maxScore, score: s.score };
  });
}

export function saveScores(tx: EntityManager, evaluationId: string, scores: ScoreInput[]): void {
  scores.forEach((s, position) => tx.create(EvaluationScore, { id: randomUUID(), evaluationId, position, ...s }));
}

const scoresOf = (ctx: Parameters<typeof rowsLoader>[0], evaluationId: string) =>
  rowsLoader(ctx, EvaluationScore, 'evaluationId', { orderBy: { position: 'asc' } }).load(evaluationId);
const sum = (rows: EvaluationScore[], of: (s: EvaluationScore) => number) =>
  rows.length ? rows.reduce((n, s) => n + of(s), 0) : null;

builder.objectFields(EvaluationRef, (t) => ({
  scores: t.field({
    type: [EvaluationScoreRef],
    description: 'The criteria and scores recorded with the result, in order; empty when none were.',
    resolve: (e, _args, ctx) => scoresOf(ctx, e.id),
  }),
  totalScore: t.int({
    nullable: true,
    description: 'The sum of the scores; null when none were recorded. 总分',
    resolve: async (e, _args, ctx) => sum(await scoresOf(ctx, e.id), (s) => s.score),
  }),
  maxTotal: t.int({
    nullable: true,
    description: 'The sum of the criteria’s maximum scores; null when none were recorded. 满分',
    resolve: async (e, _args, ctx) => sum(await scoresOf(ctx, e.id), (s) => s.maxScore),
  }),
}));
