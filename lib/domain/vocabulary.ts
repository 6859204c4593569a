import { z } from 'zod';

/**
 * The words every subgraph shares, declared once with their Chinese names: TypeScript types, zod schemas
 * (`zodEnum`) and GraphQL enums (lib/graphql/enums.ts) are derived from these, so the subgraphs compose and agree.
 */

/** A vocabulary's values, in the order it declares them. */
export const valuesOf = <V extends string>(names: Record<V, string>) => Object.keys(names) as [V, ...V[]];

/**
 * 行政层级: the level of a region (GB/T 2260, lib/domain/region-code.ts) and of the education office over it, from the top
 * down; a school stands below its county. A user's token names one (lib/auth/tokens.ts).
 */
export const OFFICE_LEVELS = { NATION: '国家级', PROVINCE: '省级', CITY: '市级', COUNTY: '县级', SCHOOL: '学校' } as const;
export type OfficeLevel = keyof typeof OFFICE_LEVELS;
/** Whether an office of one level stands above one of another (the province above the city, the county above a school). */
export const isAbove = (level: OfficeLevel, other: OfficeLevel) =>
  valuesOf(OFFICE_LEVELS).indexOf(level) < valuesOf(OFFICE_LEVELS).indexOf(other);
/** The level of a region itself: every office level but the school's. */
export type RegionLevel = Exclude<OfficeLevel, 'SCHOOL'>;
/** The levels below the nation, which issue programmes, evaluate and give money (the nation does none of these). */
export type LocalLevel = Exclude<OfficeLevel, 'NATION'>;

/** 汇总层级: the levels a rollup groups regions by. */
export const ROLLUP_LEVELS = { PROVINCE: '省', CITY: '市', COUNTY: '县（区）' } as const satisfies Partial<
  Record<RegionLevel, string>
>;
export type RollupLevel = keyof typeof ROLLUP_LEVELS;

/** 学段. */
export const STAGES = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;
export type Stage = keyof typeof STAGES;

/** 职称: a teacher's title by rank, from the lowest: 初级 (二级/三级教师), 中级 (一级教师), 高级 (高级教师), 正高级. */
export const TITLES = { JUNIOR_TITLE: '初级', INTERMEDIATE: '中级', SENIOR_TITLE: '高级', PROFESSOR: '正高级' } as const;
export type TitleRank = keyof typeof TITLES;

/** 工作室级别: the level of the office that set the studio up. */
export const STUDIO_LEVELS = { PROVINCIAL: '省级', MUNICIPAL: '市级', COUNTY: '县级', SCHOOL: '校级' } as const;
export type StudioLevel = keyof typeof STUDIO_LEVELS;
/**
 * 工作室类别: one programme may found both (004 方案4 “双名”工作室) and state a member rule for one of them only
 * (`member.byCategory`). A studio is a 名班主任工作室 unless founded as a 名师工作室.
 */
export const STUDIO_CATEGORIES = { HEAD_TEACHER: '名班主任工作室', TEACHER: '名师工作室' } as const;
export type StudioCategory = keyof typeof STUDIO_CATEGORIES;
/** The office that sets a studio of each level up under its own programme, and so manages it. */
export const STUDIO_LEVEL_OFFICES = {
  PROVINCIAL: 'PROVINCE',
  MUNICIPAL: 'CITY',
  COUNTY: 'COUNTY',
  SCHOOL: 'SCHOOL',
} as const satisfies Record<StudioLevel, LocalLevel>;
/** The level of the studios an office of a level sets up (the other way round). */
export const studioLevelOf = (office: LocalLevel): StudioLevel =>
  valuesOf(STUDIO_LEVEL_OFFICES).find((level) => STUDIO_LEVEL_OFFICES[level] === office)!;

/** 评估类型. */
export const EVALUATION_KINDS = {
  CREATION: '创建评估',
  ANNUAL: '年度考核',
  MIDTERM: '中期考核',
  FINAL: '届满/终期考核',
  SECOND_EVALUATION: '二次评估',
} as const;
export type EvaluationKind = keyof typeof EVALUATION_KINDS;

/** 整改状态: where a rectification opinion on an evaluation stands (000 五.3). */
export const RECTIFICATION_STATUSES = { OPEN: '整改中', RESOLVED: '已整改', OVERDUE: '逾期未整改' } as const;
export type RectificationStatus = keyof typeof RECTIFICATION_STATUSES;

/** 评估状态. */
export const EVALUATION_STATUSES = { PENDING: '待评估（已安排，尚无结果）', COMPLETED: '已完成', CANCELLED: '已取消' } as const;
export type EvaluationStatus = keyof typeof EVALUATION_STATUSES;

/** 年度考核结果上报状态: a county's (or a city-run school's) annual results as reported to its city. */
export const SUBMISSION_STATUSES = {
  NOT_STARTED: '未开始：该年尚无年度考核',
  DRAFT: '填报中：已有年度考核，尚未上报',
  SUBMITTED: '已上报，待市级审核（结果锁定）',
  ACCEPTED: '市级已接收（结果锁定）',
  RETURNED: '市级已退回，须修改后重新上报',
} as const;
export type AnnualSubmissionStatus = keyof typeof SUBMISSION_STATUSES;

/** 评估等级 (each scale takes some of them, subgraphs/evaluations/evaluation/grades.ts). */
export const GRADES = { EXCELLENT: '优秀', GOOD: '良好', PASS: '合格', FAIL: '不合格' } as const;
export type Grade = keyof typeof GRADES;

/**
 * 评估机关: who records an evaluation of a kind, as a programme names it (rule `evaluation.offices`): the education
 * office of that level over the studio's region, or the studio's own school (004 方案9 四.2: 学校…评估).
 */
export const EVALUATING_OFFICES = {
  PROVINCE: '省级教育行政部门',
  CITY: '市级教育行政部门',
  COUNTY: '县级教育行政部门',
  SCHOOL: '工作室所在学校',
} as const satisfies Record<LocalLevel, string>;
export type EvaluatingOffice = keyof typeof EVALUATING_OFFICES;

/** Grades from the lowest up (GRADES declares them from the top: a four-grade scale puts 良好 above 合格). */
const GRADES_UP = valuesOf(GRADES).toReversed();
/** Whether a grade is at least another (合格以上 includes 合格). */
export const atLeastGrade = (has: Grade, min: Grade) => GRADES_UP.indexOf(has) >= GRADES_UP.indexOf(min);

export const GENDERS = { FEMALE: '女', MALE: '男' } as const;
export type Gender = keyof typeof GENDERS;

/** 荣誉级别 (also of research, papers and a studio's work): 镇级 (乡镇、中心校) stands between 县级 and 校级 (004 方案10 四.3). */
export const HONOR_LEVELS = {
  NATIONAL: '国家级',
  PROVINCIAL: '省级',
  MUNICIPAL: '市级',
  COUNTY: '县级',
  TOWN: '镇级',
  SCHOOL: '校级',
} as const;
export type HonorLevel = keyof typeof HONOR_LEVELS;

/** Levels from the lowest up (HONOR_LEVELS declares them from the top). */
const LEVELS_UP = valuesOf(HONOR_LEVELS).toReversed();
/** Whether a level is at least another (市级 is at least 区级, 以上 includes the level itself). */
export const atLeastLevel = (has: HonorLevel, min: HonorLevel) => LEVELS_UP.indexOf(has) >= LEVELS_UP.indexOf(min);
/** The level a clerk wrote (国家级, 省级, 市级, 区级/县级, 镇级/乡级, 校级, or the code itself); null when none is recognised. */
export function levelOfText(text: string | null | undefined): HonorLevel | null {
  if (!text) return null;
  if (Object.hasOwn(HONOR_LEVELS, text)) return text as HonorLevel;
  const marks: [string, HonorLevel][] = [
    ['国家', 'NATIONAL'],
    ['全国', 'NATIONAL'],
    ['省', 'PROVINCIAL'],
    ['市', 'MUNICIPAL'],
    ['县', 'COUNTY'],
    ['区', 'COUNTY'],
    ['镇', 'TOWN'],
    ['乡', 'TOWN'],
    ['校', 'SCHOOL'],
  ];
  return marks.find(([mark]) => text.includes(mark))?.[1] ?? null;
}

/** 荣誉类别: the teacher's own honour, or one of the class they lead. */
export const HONOR_KINDS = { PERSONAL: '个人荣誉', CLASS: '班集体荣誉' } as const;
export type HonorKind = keyof typeof HONOR_KINDS;

/** 工作室状态: where a studio stands in its lifecycle (subgraphs/studios/lifecycle/lifecycle.ts). */
export const STUDIO_STATUSES = {
  APPLIED: '申报',
  UNDER_REVIEW: '评审',
  IN_PUBLICITY: '公示',
  ESTABLISHED: '授牌',
  RUNNING: '运行中',
  ON_HOLD: '暂缓授牌（待二次评估）',
  WARNED: '黄牌警告',
  RENEWED: '连任',
  COMPLETED: '届满结束',
  REVOKED: '撤销建制',
} as const;
export type StudioStatus = keyof typeof STUDIO_STATUSES;

/** 申请状态: where a teacher's application to join a studio stands (双向选择). */
export const APPLICATION_STATUSES = { PENDING: '待审', ACCEPTED: '已接收', DECLINED: '未接收' } as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** 成员角色: a member's role in a studio's team. */
export const MEMBER_ROLES = {
  LEAD: '领衔人（主持人之外的第二名领衔人，001 四(一)：1—2名领衔人）',
  MENTOR: '导师',
  ASSISTANT: '主持人助理',
  CORE: '核心成员',
  MEMBER: '成员/学员',
} as const;
export type MemberRole = keyof typeof MEMBER_ROLES;

/** 经费来源: the budget of the office of a level, which gives money from it (or an office above it). */
export const FUNDING_SOURCES = { PROVINCE: '省级', CITY: '市级', COUNTY: '区县级', SCHOOL: '学校' } as const satisfies Record<
  LocalLevel,
  string
>;
export type FundingSource = keyof typeof FUNDING_SOURCES;

/** 工作类型 (activities): what studios do (DOMAIN: Obligations; 003 四(职责)). */
export const ACTIVITIES = {
  ONLINE_TRAINING: '线上研修培训',
  OFFLINE_STUDY: '线下集中学习',
  LECTURE: '专题讲座',
  DEMONSTRATION_CLASS_MEETING: '示范班会课',
  PUBLIC_CLASS: '公开课',
  FORUM: '论坛',
  CROSS_REGION_EXCHANGE: '跨区域交流',
  FIELD_PRACTICE: '实地考察实践',
  /** 004 方案3 二.1, 方案5 五(一). */
  MEETING: '例会',
  /** 阶段性工作情况汇报 (004 方案5 五(一)). */
  PROGRESS_REPORT: '阶段性工作汇报',
  /** A member's 主讲/主题发言 (004 方案3 二.5). */
  TALK: '主讲/主题发言',
  /** Taking training and teaching to other schools (004 方案8 四(四)). */
  OUTREACH_TEACHING: '送培送教',
  /** A showcase lesson the studio puts forward together, not a member's 公开课 (004 方案10 三 5). */
  SHOWCASE_CLASS: '精品课',
  /** Organising a 班主任大赛 and training its contestants (003 四(职责)(二)5). */
  CONTEST_WORK: '班主任大赛组织和选手培养',
  /** Training a teacher attends, organised by an office (主持人每年至少参加一次市教育部门组织的培训, 003 四(职责)(二)4). */
  TRAINING_ATTENDED: '参加上级组织的培训',
  /** A 主题展示活动 the studio takes on (研讨会、报告会、名师论坛、公开教学、现场指导等, 004 方案10 四.3). */
  SHOWCASE_EVENT: '主题展示活动',
} as const;
/** 工作类型 (documents and outputs): what studios produce. */
export const OUTPUTS = {
  PLAN: '工作计划',
  SUMMARY: '工作总结',
  PAPER: '论文',
  MONOGRAPH: '专著',
  RESEARCH_PROJECT: '课题研究',
  COURSE: '课程',
  RESOURCE_PACK: '资源包',
  OUTCOME_COLLECTION: '成果集',
  /** 读书心得/读书笔记 (004 方案5 三(三)). */
  READING_NOTE: '读书心得',
  /** 工作室活动信息或经验分享, published on 微信、微博 and the like (003 四(职责)(二)2). */
  NEWS_POST: '活动信息或经验分享发布',
} as const;
export const WORK_KINDS = { ...ACTIVITIES, ...OUTPUTS };
export type WorkKind = keyof typeof WORK_KINDS;

/** 周期: how often an obligation recurs. */
export const OBLIGATION_PERIODS = {
  WEEK: '每周',
  FORTNIGHT: '每两周',
  MONTH: '每月',
  SEMESTER: '每学期',
  YEAR: '每年',
  CYCLE: '每个建设周期',
} as const;
export type Period = keyof typeof OBLIGATION_PERIODS;

/** 完成情况: how an obligation stands. */
export const OBLIGATION_STATES = { MET: '已完成', BEHIND: '进度落后（本期尚未完成）', OVERDUE: '逾期（上一期未完成）' } as const;
export type ObligationState = keyof typeof OBLIGATION_STATES;
/**
 * How an obligation stands in a period: MET when this period's count is reached; OVERDUE when the period before
 * (null: it began before the studio did, and is not held against it) ended short, or the whole span is over;
 * BEHIND otherwise, while there is still time. Studios' obligations and funding's yearly budget judge alike.
 */
export const obligationState = (done: number, required: number, previousDone: number | null, over = false): ObligationState =>
  done >= required ? 'MET' : over || (previousDone !== null && previousDone < required) ? 'OVERDUE' : 'BEHIND';

/** 资格类别: the role a teacher's eligibility under a programme is judged for. */
export const ELIGIBILITY_ROLES = { HOST: '主持人', MEMBER: '成员', RENEWAL: '主持人连任' } as const;
export type EligibilityRole = keyof typeof ELIGIBILITY_ROLES;

/** 对象: whom a rule of a programme's impact preview speaks of. */
export const IMPACT_SUBJECTS = { TEAM: '工作室团队', HOST: '主持人（领衔人）', MEMBER: '成员' } as const;
export type ImpactSubject = keyof typeof IMPACT_SUBJECTS;

/** 变化: how a rule differs between two programmes (or two versions of one). */
export const RULE_CHANGE_KINDS = {
  ADDED: '新增',
  REMOVED: '删除',
  CHANGED: '取值不同',
  REDEFINED: '含义不同：两方按不同的人员层级计算（见 meaning）',
} as const;
export type RuleChangeKind = keyof typeof RULE_CHANGE_KINDS;

/** The allowed uses of studio funds (003 经费办法 第三条), with their names. */
export const SPENDING_CATEGORIES = {
  RESEARCH: '教育科研',
  SEMINAR: '研讨交流',
  BOOKS: '图书资料',
  EQUIPMENT: '办公设备',
  EXPERT_FEES: '专家劳务',
  CONFERENCE: '会务',
  NETWORK: '网络建设',
  GUIDANCE: '指导考察',
  PUBLICATION: '成果出版',
  OTHER: '其他集体开支',
} as const;
export type SpendingCategory = keyof typeof SPENDING_CATEGORIES;
/** What studio funds may never pay for (003 经费办法 第三条、第四条): the three public expenses and the rest. */
export const FORBIDDEN_USES = {
  OFFICIAL_RECEPTION: '公务接待（三公经费）',
  OFFICIAL_VEHICLE: '公务用车（三公经费）',
  OFFICIAL_OVERSEAS_TRAVEL: '因公出国（境）（三公经费）',
  PERSONAL_CONSUMPTION: '个人消费支出',
  HOST_SCHOOL_PUBLIC_EXPENSE: '主持人所在单位的公用经费',
} as const;
export type ForbiddenUse = keyof typeof FORBIDDEN_USES;

/** A zod schema accepting exactly a vocabulary's values. */
export const zodEnum = <V extends string>(names: Record<V, string>) => z.enum(valuesOf(names));
