import {
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  GRADES,
  SPENDING_CATEGORIES,
  STUDIO_LEVELS,
  STUDIO_STATUSES,
} from '../lib/vocabulary.ts';

/**
 * The Chinese names of the schema's enum values as offices read them in an export (a test checks every value of
 * each enum has one). The codes stay in the export's hidden code columns for programs.
 */
export const LEVEL = { NATION: '国家级', PROVINCE: '省级', CITY: '市级', COUNTY: '县级', SCHOOL: '学校' };
export const REGION_LEVEL = { PROVINCE: '省', CITY: '市', COUNTY: '县（区）' };
export const STUDIO_LEVEL = STUDIO_LEVELS;
/** A sheet's cell keeps the shorter names offices write: 暂缓授牌, 届满考核. */
export const STUDIO_STATUS = { ...STUDIO_STATUSES, ON_HOLD: '暂缓授牌' };
export const EVALUATION_KIND = { ...EVALUATION_KINDS, FINAL: '届满考核' };
export const EVALUATION_STATUS = { PENDING: '待评估', COMPLETED: '已完成', CANCELLED: '已取消' };
export const GRADE = GRADES;
export const FUNDING_SOURCE = FUNDING_SOURCES;
export const SPENDING_CATEGORY = SPENDING_CATEGORIES;
export const SUBMISSION_STATUS = {
  NOT_STARTED: '未开始',
  DRAFT: '填报中',
  SUBMITTED: '已上报',
  ACCEPTED: '市级已接收',
  RETURNED: '市级已退回',
};

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
