import { GRADES } from '../../../lib/domain/vocabulary.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { EvaluationKind, Grade } from './evaluation.entity.ts';

/**
 * The grades an evaluation of each kind is given on. The seeds' scales: 合格/不合格 (000 五.3 creation, 五.5 annual,
 * 003 五(一) annual), 优秀/合格/不合格 (001 七 and 002 方案3 七 comprehensive evaluation, 003 五(一) expiry, 004 方案8
 * 八(二) expiry). Policies do not state their scale as data yet (the studios subgraph's rules have no scale), so the
 * hub keeps one scale per kind: the three-grade one where any seed grades that kind 优秀. 良好 is no studio grade.
 */
export const STUDIO_SCALES: Record<EvaluationKind, readonly Grade[]> = {
  CREATION: ['PASS', 'FAIL'],
  SECOND_EVALUATION: ['PASS', 'FAIL'],
  ANNUAL: ['PASS', 'FAIL'],
  MIDTERM: ['EXCELLENT', 'PASS', 'FAIL'],
  FINAL: ['EXCELLENT', 'PASS', 'FAIL'],
};

/** Members are rated each semester 优秀 or 良好 (002 方案2 五(四)3). */
export const MEMBER_RATING_SCALE: readonly Grade[] = ['EXCELLENT', 'GOOD'];

export const scaleName = (scale: readonly Grade[]) => scale.map((g) => GRADES[g]).join('/');

/** A grade must be on the scale it is given on: BAD_USER_INPUT naming the scale otherwise. */
export function assertOnScale(grade: Grade, scale: readonly Grade[], what: string, argumentName = 'result'): void {
  if (!scale.includes(grade)) {
    throw userError('BAD_USER_INPUT', `${what}的等级为${scaleName(scale)}，不能评为“${GRADES[grade]}”`, {
      argumentName,
      scale,
    });
  }
}

/**
 * Grades of different scales made comparable (README “Grades across scales”): 不合格 fails; 合格 passes on the
 * two-grade and on the three-grade scale alike; 良好 (a member's semester rating) passes; 优秀 passes with
 * distinction on any scale.
 */
export type NormalizedGrade = 'FAILED' | 'PASSED' | 'PASSED_WITH_DISTINCTION';
export const NORMALIZED: Record<Grade, NormalizedGrade> = {
  FAIL: 'FAILED',
  PASS: 'PASSED',
  GOOD: 'PASSED',
  EXCELLENT: 'PASSED_WITH_DISTINCTION',
};

/** SQL true for a result column whose grade normalises to one of `outcomes`, from the same table as NORMALIZED. */
export function normalizedIn(column: string, outcomes: NormalizedGrade[]): string {
  const grades = (Object.keys(NORMALIZED) as Grade[]).filter((g) => outcomes.includes(NORMALIZED[g]));
  return `${column} in (${grades.map((g) => `'${g}'`).join(', ')})`;
}
