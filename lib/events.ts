/**
 * The events that cross subgraphs (lib/outbox.ts), one definition each for the producer and its consumers.
 * Payloads are plain JSON: ids, codes, years and Chinese reasons.
 */

/** The evaluation kinds and grades events speak of, with their Chinese names (evaluations' enums use them too). */
export const EVALUATION_KIND_NAMES = {
  CREATION: '创建评估',
  ANNUAL: '年度考核',
  MIDTERM: '中期考核',
  FINAL: '届满/终期考核',
  SECOND_EVALUATION: '二次评估',
} as const;
export const GRADE_NAMES = { EXCELLENT: '优秀', GOOD: '良好', PASS: '合格', FAIL: '不合格' } as const;

/** evaluations.evaluationCompleted: a result was recorded; the studios subgraph applies the policy's consequence. */
export interface EvaluationCompleted {
  evaluationId: string;
  studioId: string;
  kind: keyof typeof EVALUATION_KIND_NAMES;
  year: number;
  result: keyof typeof GRADE_NAMES;
  /** Failed creation evaluations, the 二次评估 included. */
  creationFails: number;
  annualFails: number;
  /** Failed annual assessments in a row, ending with this one. */
  consecutiveAnnualFails: number;
}

/**
 * studios.fundingConsequence: a consequence withheld a year's funds or stopped them, and funding refuses money
 * then; or a passed annual assessment arranged the next year's (ARRANGE, 004 方案8 八(一)).
 */
export interface FundingConsequence {
  studioId: string;
  regionCode: string;
  hostSchoolId: string;
  action: 'WITHHOLD' | 'STOP' | 'ARRANGE';
  fromYear: number;
  /** The last year affected; null for a stop. */
  toYear: number | null;
  reason: string;
  evaluationId: string | null;
}
