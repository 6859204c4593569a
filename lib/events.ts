/**
 * The events that cross subgraphs (lib/outbox.ts), one definition each for the producer and its consumers.
 * Payloads are plain JSON: ids, codes, years and Chinese reasons.
 */

/** evaluations.evaluationCompleted: a result was recorded; the studios subgraph applies the policy's consequence. */
export interface EvaluationCompleted {
  evaluationId: string;
  studioId: string;
  kind: 'CREATION' | 'ANNUAL' | 'MIDTERM' | 'FINAL' | 'SECOND_EVALUATION';
  year: number;
  result: 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';
  /** Failed creation evaluations, the 二次评估 included. */
  creationFails: number;
  annualFails: number;
  /** Failed annual assessments in a row, ending with this one. */
  consecutiveAnnualFails: number;
}

/** studios.fundingConsequence: a consequence withheld a year's funds or stopped them; funding refuses money then. */
export interface FundingConsequence {
  studioId: string;
  regionCode: string;
  hostSchoolId: string;
  action: 'WITHHOLD' | 'STOP';
  fromYear: number;
  /** The last year affected; null for a stop. */
  toYear: number | null;
  reason: string;
  evaluationId: string | null;
}
