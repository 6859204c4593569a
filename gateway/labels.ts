import {
  EVALUATION_KINDS,
  EVALUATION_STATUSES,
  FUNDING_SOURCES,
  GRADES,
  OFFICE_LEVELS,
  ROLLUP_LEVELS,
  SPENDING_CATEGORIES,
  STUDIO_LEVELS,
  STUDIO_STATUSES,
  SUBMISSION_STATUSES,
} from '../lib/domain/vocabulary.ts';

/**
 * The Chinese names of the schema's enum values as offices read them in an export (a test checks every value of
 * each enum has one), all from lib/domain/vocabulary.ts. The codes stay in the export's hidden code columns for programs.
 */

/** A sheet's cell keeps a value's name without its explanation (after ：，（): 暂缓授牌, 待评估, 已上报. */
const shortNames = <V extends string>(names: Record<V, string>) =>
  Object.fromEntries(Object.entries<string>(names).map(([value, name]) => [value, name.split(/[：，（]/)[0]!])) as Record<
    V,
    string
  >;

export const LEVEL = OFFICE_LEVELS;
export const REGION_LEVEL = ROLLUP_LEVELS;
export const STUDIO_LEVEL = STUDIO_LEVELS;
export const STUDIO_STATUS = shortNames(STUDIO_STATUSES);
/** Offices write 届满考核. */
export const EVALUATION_KIND = { ...EVALUATION_KINDS, FINAL: '届满考核' };
export const EVALUATION_STATUS = shortNames(EVALUATION_STATUSES);
export const GRADE = GRADES;
export const FUNDING_SOURCE = FUNDING_SOURCES;
export const SPENDING_CATEGORY = SPENDING_CATEGORIES;
export const SUBMISSION_STATUS = shortNames(SUBMISSION_STATUSES);

/** Each table above with the schema enum it names, for the test that finds every value named. */
export const ENUMS = {
  Level: LEVEL,
  RegionLevel: REGION_LEVEL,
  StudioLevel: STUDIO_LEVEL,
  StudioStatus: STUDIO_STATUS,
  EvaluationKind: EVALUATION_KIND,
  EvaluationStatus: EVALUATION_STATUS,
  Grade: GRADE,
  FundingSource: FUNDING_SOURCE,
  SpendingCategory: SPENDING_CATEGORY,
  AnnualSubmissionStatus: SUBMISSION_STATUS,
};
