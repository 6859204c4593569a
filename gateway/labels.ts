import { FUNDING_SOURCES, GRADES, SPENDING_CATEGORIES, STUDIO_LEVELS } from '../lib/vocabulary.ts';

/**
 * The Chinese names of the schema's enum values as offices read them in an export (a test checks every value of
 * each enum has one). The codes stay in the export's hidden code columns for programs.
 */
export const LEVEL = { NATION: '国家级', PROVINCE: '省级', CITY: '市级', COUNTY: '县级', SCHOOL: '学校' };
export const REGION_LEVEL = { PROVINCE: '省', CITY: '市', COUNTY: '县（区）' };
export const STUDIO_LEVEL = STUDIO_LEVELS;
export const STUDIO_STATUS = {
  APPLIED: '申报',
  UNDER_REVIEW: '评审',
  IN_PUBLICITY: '公示',
  ESTABLISHED: '授牌',
  RUNNING: '运行中',
  ON_HOLD: '暂缓授牌',
  WARNED: '黄牌警告',
  RENEWED: '连任',
  COMPLETED: '届满结束',
  REVOKED: '撤销建制',
};
export const EVALUATION_KIND = {
  CREATION: '创建评估',
  ANNUAL: '年度考核',
  MIDTERM: '中期考核',
  FINAL: '届满考核',
  SECOND_EVALUATION: '二次评估',
};
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
