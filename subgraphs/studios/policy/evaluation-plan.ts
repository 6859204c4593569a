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

/** Who records one kind of evaluation, as the policy names it (evaluation.offices). */
export interface StatedOffice {
  kind: string;
  office: string;
  seed: string;
}

/** Who records each kind of evaluation under a policy version (evaluation.offices); none when it names none. */
export const statedOffices = (rules: Rules): StatedOffice[] => {
  const rule = rules.get('evaluation.offices');
  return Object.entries(rule?.value ?? {}).map(([kind, office]) => ({ kind, office, seed: rule!.seed }));
};

/** One of a policy version's rules, as evaluations reads it. */
export interface StatedRule {
  value: string;
  seed: string;
  text: string;
}

/** A rule of a policy version as evaluations reads it; null when the version states none. */
export const stated = (
  rules: Rules,
  code: 'member.rating' | 'commendation.studio' | 'commendation.member' | 'evaluation.grades',
): StatedRule | null => {
  const rule = rules.get(code);
  return rule ? { value: JSON.stringify(rule.value), seed: rule.seed, text: rule.text } : null;
};
