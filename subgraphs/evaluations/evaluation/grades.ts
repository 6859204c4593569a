import { GRADES } from '../../../lib/domain/vocabulary.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { Evaluation, EvaluationKind, Grade } from './evaluation.entity.ts';

/**
 * The grades an evaluation of each kind is given on where the studio's programme states none (evaluation.grades
 * states them, e.g. 000 五.3 合格/不合格 for the creation evaluation, 004 方案8 八(二) 优秀/合格/不合格 for the expiry
 * one): the three-grade scale where any seed grades that kind 优秀 (001 七, 002 方案3 七, 003 五(一) expiry), else
 * 合格/不合格. 良好 is no studio grade unless a programme says so.
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

/**
 * A grade must be on the scale it is given on: BAD_USER_INPUT naming the scale otherwise, or, where the scale is a
 * programme's rule, POLICY_VIOLATION naming the rule and its clause.
 */
export function assertOnScale(
  grade: Grade,
  scale: readonly Grade[],
  what: string,
  argumentName = 'result',
  rule?: { code: string; seed: string },
): void {
  if (!scale.includes(grade)) {
    throw userError(
      rule ? 'POLICY_VIOLATION' : 'BAD_USER_INPUT',
      `${what}的等级为${scaleName(scale)}，不能评为“${GRADES[grade]}”`,
      {
        argumentName,
        scale,
        ...(rule ? { rule: rule.code, seed: rule.seed } : {}),
      },
    );
  }
}

/**
 * An evaluation's grade on the scale its studio's programme gave the kind when it was scheduled (evaluation.grades),
 * refused citing the clause; on the hub's scale where the programme stated none.
 */
export function assertStudioGrade(grade: Grade, evaluation: Pick<Evaluation, 'kind' | 'gradesRule'>): void {
  const rule = evaluation.gradesRule;
  if (!rule) return assertOnScale(grade, STUDIO_SCALES[evaluation.kind], '该类评估');
  assertOnScale(grade, rule.grades, `该工作室执行的政策（${rule.seed}：${rule.text}）规定该类评估`, 'result', {
    code: 'evaluation.grades',
    seed: rule.seed,
  });
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
