import type { Studio } from '../studio/studio.entity.ts';
import type { Rules } from './rules.ts';

export type PlannedKind = 'CREATION' | 'ANNUAL' | 'MIDTERM' | 'FINAL';
export interface PlannedEvaluation {
  kind: PlannedKind;
  year: number;
  seed: string;
}

/**
 * The evaluations a studio's policy holds in its cycle (evaluation.kinds): the creation evaluation in the first
 * year, an annual assessment every year (the last included: the seeds do not skip it, and 000 has the county
 * assess yearly while the city holds the expiry evaluation), the midterm halfway (the year that ends the first
 * half: year 2 of 3 or 4, year 1 of 2), the final in the last year.
 */
export function evaluationPlan(rules: Rules, studio: Pick<Studio, 'startYear' | 'endYear'>): PlannedEvaluation[] {
  const rule = rules.get('evaluation.kinds');
  if (!rule) return [];
  const kinds = new Set(rule.value);
  const { startYear: start, endYear: end } = studio;
  const plan: PlannedEvaluation[] = [];
  const add = (kind: PlannedKind, year: number) => plan.push({ kind, year, seed: rule.seed });
  if (kinds.has('CREATION')) add('CREATION', start);
  if (kinds.has('ANNUAL')) for (let year = start; year <= end; year++) add('ANNUAL', year);
  if (kinds.has('MIDTERM')) add('MIDTERM', start + Math.ceil((end - start + 1) / 2) - 1);
  if (kinds.has('FINAL')) add('FINAL', end);
  return plan.sort((a, b) => a.year - b.year);
}
