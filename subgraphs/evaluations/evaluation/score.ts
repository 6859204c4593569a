import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { userError } from '../../../lib/graphql/errors.ts';
import type { EvaluationScoreInput } from './result.inputs.ts';
import { EvaluationScore } from './score.entity.ts';

/** One criterion and its score, as recorded (EvaluationScoreInput). */
type ScoreInput = typeof EvaluationScoreInput.$inferInput;

/** At most this many criteria an evaluation, each name at most this long. */
export const MAX_CRITERIA = 50;
export const MAX_CRITERION_LENGTH = 100;

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
