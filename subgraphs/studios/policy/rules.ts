import { z } from 'zod';
import {
  ACTIVITIES,
  EVALUATING_OFFICES,
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  GRADES,
  HONOR_KINDS,
  HONOR_LEVELS,
  OBLIGATION_PERIODS,
  OUTPUTS,
  STAGES,
  STUDIO_CATEGORIES,
  STUDIO_LEVELS,
  TITLES,
  valuesOf,
  WORK_KINDS,
  zodEnum,
  type Period,
  type StudioCategory,
  type TitleRank,
  type WorkKind,
} from '../../../lib/domain/vocabulary.ts';
import { regionRow } from '../../../lib/domain/region-tree.ts';

/**
 * The rule codes the hub knows how to apply. A policy is a list of these with values and the seed section each
 * comes from; a new policy is new rows, not new code. Values are checked against these schemas when loaded.
 */
const count = z.number().int().min(0);
const range = z
  .object({ min: count.optional(), max: count.optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max);
/** Titles in rank order (职称), from the lowest. */
export const TITLE_RANKS = valuesOf(TITLES);
const title = zodEnum(TITLES);
const stage = zodEnum(STAGES);
const yuan = z.number().int().positive();
const fundingSource = zodEnum(FUNDING_SOURCES);
const level = zodEnum(HONOR_LEVELS);
/** The kinds of evaluation a programme names: a 二次评估 follows its creation evaluation. */
const evaluationKind = zodEnum(EVALUATION_KINDS).exclude(['SECOND_EVALUATION']);

/** What studios record: activities (DOMAIN: Obligations; 003 四(职责)) and the documents and outputs they produce. */
export const ACTIVITY_KINDS = valuesOf(ACTIVITIES);
export const OUTPUT_KINDS = valuesOf(OUTPUTS);
export type { Period, WorkKind };
const workKind = zodEnum(WORK_KINDS);
/**
 * At least `count` of a kind of work in every period: done by the studio, or, with `perMember`, by each of its
 * members (每位成员每学期…: work recorded with the member as its author), or, with `byHost`, by the host (主持人每年
 * 参加培训: work recorded with the host as its author); with `minLevel`, only work of that level or above counts
 * (区级以上课题); with `orKinds`, work of those kinds counts as well (“三选一”: 公开课、讲座或研讨会); with
 * `collectiveKinds` (per member only), a period in which the studio did work of each of those kinds counts as every
 * member's (集体推出精品课一堂，工作室开放活动一次，可作为所有成员完成本学期的教研公开课任务).
 * A kind may carry several obligations at once (每学期两次汇报…), as a list.
 */
const duty = z
  .object({
    count: count.min(1),
    per: zodEnum(OBLIGATION_PERIODS),
    perMember: z.boolean().optional(),
    byHost: z.literal(true).optional(),
    minLevel: level.optional(),
    orKinds: z.array(workKind).min(1).optional(),
    collectiveKinds: z.array(workKind).min(1).optional(),
  })
  .refine((d) => !(d.perMember && d.byHost), { message: 'perMember 与 byHost 不能同时使用' })
  .refine((d) => !d.collectiveKinds || d.perMember, { message: 'collectiveKinds 只用于每位成员各自完成的任务（perMember）' });
export type Duty = z.infer<typeof duty>;
const obligation = z.union([duty, z.array(duty).min(2)]);
const obligations = Object.fromEntries(
  [...ACTIVITY_KINDS, ...OUTPUT_KINDS].map((kind) => [`obligation.${kind}`, obligation]),
) as Record<`obligation.${WorkKind}`, typeof obligation>;
/** An obligation rule's duties, one or several. */
export const dutiesOf = (value: Duty | Duty[]): Duty[] => (Array.isArray(value) ? value : [value]);

/** An honor of a kind whose title names one of `titles` (any title of the kind when none is given), of `minLevel` or above. */
const honorOfKind = z.object({
  kind: zodEnum(HONOR_KINDS),
  titles: z.array(z.string().trim().min(1)).min(1).optional(),
  minLevel: level.optional(),
});
export type HonorOfKind = z.infer<typeof honorOfKind>;
const research = z.object({ level, role: z.enum(['HOST', 'ANY']) });
const publications = z
  .object({
    papers: z.object({ count: count.min(1), minLevel: level.optional(), coreJournal: z.literal(true).optional() }).optional(),
    monographs: count.min(1).optional(),
  })
  .refine((v) => v.papers || v.monographs);
const studioLevel = zodEnum(STUDIO_LEVELS);
const memberHonorOfKind = z.union([honorOfKind, z.array(honorOfKind).min(2)]);
/**
 * The rules `host.anyOf` and `member.anyOf` may join with 或, by role: those read from the teacher's record (honours,
 * research, publications), and for a member also their years as a head teacher and the studios they hosted.
 */
const ALTERNATIVES = {
  host: {
    'host.honor.min': level,
    'host.classHonor.min': level,
    'host.honorOfKind': honorOfKind,
    'host.research.min': research,
    'host.publications.min': publications,
  },
  member: {
    'member.hostedStudio.minLevel': studioLevel,
    'member.headTeacherYears.min': count,
    'member.honorOfKind': memberHonorOfKind,
    'member.research.min': research,
    'member.publications.min': publications,
  },
} as const;
type Alternatives = typeof ALTERNATIVES;
export type AlternativeCode = keyof Alternatives['host'] | keyof Alternatives['member'];
export const ANY_OF_CODES = {
  host: Object.keys(ALTERNATIVES.host),
  member: Object.keys(ALTERNATIVES.member),
} as { [R in keyof Alternatives]: (keyof Alternatives[R])[] };
/** An `anyOf` list: at least two entries, each exactly one of the role's alternatives, in its own shape. */
const anyOf = (alternatives: Record<string, z.ZodType>) =>
  z.array(z.union(Object.entries(alternatives).map(([code, shape]) => z.strictObject({ [code]: shape })))).min(2);

/** The member rules `member.byCategory` may state for one category of studio, each in its own shape. */
export const CATEGORY_CODES = [
  'member.age.under',
  'member.activeHeadTeacher',
  'member.headTeacherYears.min',
  'member.yearsLeftInPost.min',
  'member.inPost',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];
function categoryRules(stated: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [code, value] of Object.entries(stated)) {
    const known = (CATEGORY_CODES as readonly string[]).includes(code);
    if (!known || !RULE_VALUES[code as CategoryCode].safeParse(value).success)
      ctx.addIssue({ code: 'custom', message: known ? `${code} 的取值不符` : `${code} 不能按工作室类别规定` });
  }
}
const byCategory = z
  .partialRecord(zodEnum(STUDIO_CATEGORIES), z.record(z.string(), z.unknown()).superRefine(categoryRules))
  .refine((v) => Object.values(v).some((stated) => stated && Object.keys(stated).length > 0));

export const RULE_VALUES = {
  ...obligations,
  'cycle.years': count.min(1),
  /**
   * The programme fixes no cycle (a studio's own plan for its school year, 004 方案2/3/5/7): a studio under it runs
   * one school year at a time (its cycle is the year it starts), and ends when its office does not carry it on or
   * revokes it. Stands in place of `cycle.years`, never beside it.
   */
  'cycle.open': z.literal(true),
  /** 主持人 (领衔人/带头人) */
  'team.hosts': range,
  /** 导师 */
  'team.mentors': range,
  /** 主持人助理 */
  'team.assistants': range,
  /** 核心成员, the assistant included */
  'team.core': range,
  /** 成员/学员 */
  'team.members': range,
  /** everyone but the hosts and mentors */
  'team.total': range,
  /** At most this share of the core members (assistant included) from the host's school. */
  'ownSchool.coreShare': z.object({ max: z.number().min(0).max(1) }),
  /** At most this share of the members (成员/学员) from the host's school. */
  'ownSchool.memberShare': z.object({ max: z.number().min(0).max(1) }),
  /** At most this share of everyone in the studio (工作室总人数, hosts and mentors included) from the host's school. */
  'ownSchool.teamShare': z.object({ max: z.number().min(0).max(1) }),
  /** At most this many from the host's school (hosts not counted). */
  'ownSchool.count': z.object({ max: count }),
  /** Members from at least this many schools. */
  'schools.min': count.min(1),
  /** The assistant is a core member from the host's school. */
  'assistant.fromHostSchool': z.literal(true),
  'host.headTeacherYears.min': count,
  /** Lowest title by the host's school stage. */
  'host.title.min': z.partialRecord(stage, title),
  'host.yearsLeftInPost.min': count,
  /** A personal honor of at least this level (e.g. 市级优秀班主任). */
  'host.honor.min': level,
  /** An honor of the host's class of at least this level (e.g. 先进班集体). */
  'host.classHonor.min': level,
  /**
   * An honor of a kind: personal or the class's, whose recorded title names one of `titles` (先进班集体, 文明班级,
   * 优秀班主任…), of at least `minLevel` when given.
   */
  'host.honorOfKind': honorOfKind,
  /**
   * A member's honor of a kind, as `host.honorOfKind`; a list when the clause names several, each of which the
   * member must hold (个人荣誉 and 先进班集体, 001 五(二)3).
   */
  'member.honorOfKind': memberHonorOfKind,
  /** Has taken on research (承担过课题研究): a project of at least `level`, as its host (主持) or in any role. */
  'host.research.min': research,
  /**
   * Has published (发表过论文或出版过专著): at least `papers.count` papers, in journals of `papers.minLevel` or above
   * (and core journals, with `coreJournal`), or at least `monographs` monographs; either suffices (或).
   */
  'host.publications.min': publications,
  /**
   * Any one of these host rules suffices (…课题研究或…发表过论文或出版过专著, 002 方案3 五(一)3): a list of at least two
   * entries, each one rule of `ANY_OF_CODES.host` in its own shape, e.g. `{"host.research.min": {...}}`.
   */
  'host.anyOf': anyOf(ALTERNATIVES.host),
  'host.activeHeadTeacher': z.literal(true),
  /** At most this many terms as host (renewals included). */
  'host.terms.max': count.min(1),
  /** Renewal only while still an active head teacher. */
  'host.renewal.activeHeadTeacher': z.literal(true),
  /** No renewal when the host retires within this many years of the final evaluation. */
  'host.renewal.retiresWithinYears': count,
  /**
   * The evaluations the policy holds in a cycle: a creation evaluation in its first year, an annual assessment
   * every year, a midterm evaluation halfway, a final (届满/终期) evaluation in its last year.
   */
  'evaluation.kinds': z.array(evaluationKind).min(1),
  /** A failed creation evaluation puts the studio on hold until its 二次评估. */
  'consequence.creationFail.hold': z.literal(true),
  /** This many failed creation evaluations (the 二次评估 included) revoke the studio. */
  'consequence.creationFails.revokeAt': count.min(1),
  /** A failed annual assessment warns the studio (黄牌). */
  'consequence.annualFail.warn': z.literal(true),
  /** This many failed annual assessments (in a row, when `consecutive`) revoke the studio. */
  'consequence.annualFails.revokeAt': z.object({ count: count.min(1), consecutive: z.boolean() }),
  /** A failed annual assessment withholds the next year's funds (不再安排下一年度经费). */
  'consequence.annualFail.withholdNextYear': z.literal(true),
  /** A failed midterm evaluation stops the studio's funding (取消经费支持). */
  'consequence.midtermFail.stopFunding': z.literal(true),
  /** A passed (or better) final evaluation takes the studio into the next cycle (自动进入下一周期). */
  'consequence.finalPass.nextCycle': z.literal(true),
  /** Illegal profit-making or other misconduct with bad public effect revokes the studio (撤销建制并通报批评). */
  'consequence.misconduct.revoke': z.literal(true),
  /**
   * The yearly grant one source gives a studio (资助标准), in whole yuan: a flat sum, a sum by the host school's
   * kind (a city-run school 市直属学校 is registered at the city's code, a district school at its district's), or
   * a sum per member per semester (two semesters a year).
   */
  'funding.standard': z
    .object({
      source: fundingSource,
      yuanPerYear: yuan.optional(),
      yuanPerYearByHostSchool: z.object({ CITY_RUN: yuan, DISTRICT: yuan }).optional(),
      yuanPerMemberPerSemester: yuan.optional(),
    })
    .refine((v) => [v.yuanPerYear, v.yuanPerYearByHostSchool, v.yuanPerMemberPerSemester].filter(Boolean).length === 1),
  /**
   * Funds only once the studio is plaqued (授牌/挂牌): a studio applied for, under review, in publicity or on hold
   * gets none (funding subgraph). A programme that does not state it funds a studio from its founding.
   */
  'funding.afterPlaque': z.literal(true),
  /**
   * Who provides a studio's funds where the clause names no sum (建设经费由所在学校提供保障; 区教育局给予经费支持，学校给予
   * 必要的经费保障): with this rule, a grant only from these sources (or the source of `funding.standard` or
   * `funding.matching`) is allowed (funding subgraph), and the studio shows who must fund it.
   */
  'funding.provided': z.object({ sources: z.array(fundingSource).min(1) }),
  /**
   * The host's work stipend (主持人工作补助) from one source: with this rule, and only with it, a stipend to the host may
   * be allocated, at most `yuanPerYear` a year when the clause gives a sum.
   */
  'funding.hostStipend': z.object({ source: fundingSource, yuanPerYear: yuan.optional() }),
  /**
   * At most this many studios named (授牌) under the programme in one calendar year (市教育局每年度遴选命名20个).
   */
  'naming.perYear.max': count.min(1),
  /** 以主持人姓名命名: the studio's name carries its host's name (002 方案1 一; 004 方案8 三; 004 方案9 三(二)3). */
  'studio.namedAfterHost': z.literal(true),
  /**
   * Host candidates a batch may nominate (推荐名额分配表, 000 附件2): at most so many from each county-level region,
   * named by its GB/T 2260 code, and with `directSchools`, so many from each school the issuing office runs itself
   * (局属学校每校1个: registered at the office's own code). A region the table does not name has no place.
   */
  'naming.perRegion.max': z
    .record(z.string().regex(/^(\d{6}|directSchools)$/), count.min(1))
    .refine((v) => Object.keys(v).length > 0 && Object.keys(v).every((k) => k === 'directSchools' || regionRow(k)?.countyLevel)),
  /**
   * A budget for every year (制定年度经费预算): the studio's budget for the year (setBudget, funding subgraph) is due
   * from its start like a yearly obligation, and shown as `Studio.budgetObligation`: MET, BEHIND or OVERDUE.
   */
  'funding.budget.yearly': z.literal(true),
  /** One source matches another's grant at least at this ratio (配套), for studios in district schools. */
  'funding.matching': z.object({ source: fundingSource, of: fundingSource, minRatio: z.number().positive() }),
  /** A failed midterm evaluation disqualifies the studio. */
  'consequence.midtermFail.revoke': z.literal(true),
  /** A failed final (届满/终期) evaluation revokes the studio. */
  'consequence.finalFail.revoke': z.literal(true),
  /** The host leaving the studio's county (not a move inside it) revokes the studio. */
  'host.leavesCounty.revoke': z.literal(true),
  'member.headTeacherYears.min': count,
  /** A member's research, as `host.research.min` (参与区县级及以上教育科研课题研究: `{"level": "COUNTY", "role": "ANY"}`). */
  'member.research.min': research,
  /** A member's papers or monographs, as `host.publications.min` (其成果在公开刊物上发表: `{"papers": {"count": 1}}`). */
  'member.publications.min': publications,
  /**
   * Hosts or has hosted (担任…主持人) a studio of this level or above that was named (授牌), as the hub's own studios
   * record it.
   */
  'member.hostedStudio.minLevel': studioLevel,
  /**
   * Any one of these member rules suffices (担任区级、校级名班主任工作室主持人或具备 3 年及以上班主任工作经验, 003
   * 四(设置标准)(三)3(1)), as `host.anyOf`, each entry one rule of `ANY_OF_CODES.member`.
   */
  'member.anyOf': anyOf(ALTERNATIVES.member),
  /** Still a head teacher this many years from joining (今后3年内仍在班主任工作岗位), by the statutory retirement age. */
  'member.yearsLeftInPost.min': count,
  /** Members younger than this. */
  'member.age.under': count,
  'member.activeHeadTeacher': z.literal(true),
  /**
   * In post (在职在岗): not past the statutory retirement month (retirementMonth) on joining; undecided without
   * gender or birth date. Whether a teacher on record is on leave or off the front line is not recorded.
   */
  'member.inPost': z.literal(true),
  /** As `member.inPost`, for the host on founding (and a second lead on joining). */
  'host.inPost': z.literal(true),
  /** The member's school lies in the region of the office that issued the programme (在全区范围内招收成员). */
  'member.withinRegion': z.literal(true),
  /**
   * Member rules for studios of one category only (名师工作室成员…35岁以下；名班主任工作室成员为现任的班主任, 004
   * 方案4 三(二)1): by category, rules of `CATEGORY_CODES` in their own shape, e.g.
   * `{"TEACHER": {"member.age.under": 35}, "HEAD_TEACHER": {"member.activeHeadTeacher": true}}`.
   */
  'member.byCategory': byCategory,
  /** A member absent from this share of activities or more (以上 includes the boundary) leaves the studio. */
  'member.absence.leaveAtShare': z.number().min(0).max(1),
  /**
   * Who records each kind of evaluation (评估机关): the office of that level over the studio's region, or the
   * studio's own school (SCHOOL); an office above the one named may too. A 二次评估 follows the creation evaluation.
   */
  'evaluation.offices': z.partialRecord(evaluationKind, zodEnum(EVALUATING_OFFICES)).refine((v) => Object.keys(v).length > 0),
  /**
   * Members are rated each semester on this scale (成员考核); with `failLeaves`, a member rated 不合格 leaves the
   * studio (调整出), so the scale must hold FAIL.
   */
  'member.rating': z
    .object({ scale: z.array(zodEnum(GRADES)).min(2), failLeaves: z.literal(true).optional() })
    .refine((v) => new Set(v.scale).size === v.scale.length && (!v.failLeaves || v.scale.includes('FAIL'))),
  /** A studio whose evaluation of `kind` is graded `minGrade` or better is commended (表彰). */
  'commendation.studio': z.object({
    kind: evaluationKind,
    minGrade: zodEnum(GRADES).extract(['PASS', 'EXCELLENT']),
  }),
  /** A member rated `minGrade` or better for a semester is commended (表彰). */
  'commendation.member': z.object({ minGrade: zodEnum(GRADES).extract(['GOOD', 'EXCELLENT']) }),
  /**
   * The grades each kind of evaluation is given on (评估结果分为…等级), from the top, 不合格 among them; a 二次评估 takes
   * its creation evaluation's. Kinds it does not name keep the hub's scale (subgraphs/evaluations/evaluation/grades.ts).
   */
  'evaluation.grades': z
    .partialRecord(evaluationKind, z.array(zodEnum(GRADES)).min(2))
    .refine(
      (v) => Object.keys(v).length > 0 && Object.values(v).every((s) => new Set(s).size === s!.length && s!.includes('FAIL')),
    ),
  /** Renewal (连任/延期) only after a final evaluation graded this or better (必须考核为“优秀”等级). */
  'host.renewal.finalGrade.min': zodEnum(GRADES).exclude(['FAIL']),
  /**
   * A host who hosted a studio under the programme before may apply for another (the next batch) only when its final
   * evaluation was graded this or better (考核合格的，具备下一批…主持人的申报资格).
   */
  'host.terms.finalGrade.min': zodEnum(GRADES).exclude(['FAIL']),
} as const;

export type RuleCode = keyof typeof RULE_VALUES;
export type RuleValue<C extends RuleCode> = z.infer<(typeof RULE_VALUES)[C]>;
/** What `host.publications.min` and `member.publications.min` ask. */
export type PublicationsAsked = RuleValue<'host.publications.min'>;
/** What `host.research.min` and `member.research.min` ask. */
export type ResearchAsked = RuleValue<'host.research.min'>;

export interface RuleRow {
  code: RuleCode;
  value: unknown;
  seed: string;
  text: string;
}

/** Which policy version a set of rules is. */
export interface RulesOf {
  policyId: string;
  version: number;
  /** The issuing office's region (GB/T 2260), where a rule reads it (`member.withinRegion`). */
  region?: string;
}

/** A policy version's rules, by code, values checked. */
export class Rules {
  readonly #rows = new Map<RuleCode, RuleRow>();
  readonly policyId: string;
  readonly version: number;
  readonly region: string | undefined;
  constructor(of: RulesOf, rows: RuleRow[]) {
    this.policyId = of.policyId;
    this.version = of.version;
    this.region = of.region;
    for (const row of rows) {
      const schema = RULE_VALUES[row.code];
      if (!schema) throw new Error(`unknown rule code ${row.code}`);
      this.#rows.set(row.code, { ...row, value: schema.parse(row.value) });
    }
  }
  get<C extends RuleCode>(code: C): (RuleRow & { value: RuleValue<C> }) | undefined {
    return this.#rows.get(code) as (RuleRow & { value: RuleValue<C> }) | undefined;
  }
  /**
   * The rules a studio of `category` is judged by: these, with the member rules `member.byCategory` states for its
   * category (citing that rule's clause) in place of any the programme states for all studios.
   */
  forCategory(category: StudioCategory): Rules {
    const byCategory = this.get('member.byCategory');
    const stated = byCategory?.value[category];
    if (!byCategory || !stated) return this;
    const extra = Object.entries(stated).map(([code, value]) => ({ ...byCategory, code: code as RuleCode, value }));
    return new Rules(this, [...this.#rows.values(), ...extra]);
  }
  /** The version, as verdicts and reasons name it: “000-pingdingshan 第1版”. */
  get label(): string {
    return versionLabel(this);
  }
  /** A verdict of this version's rule. */
  verdict(rule: RuleCode, seed: string, passed: boolean | null, reason: string): Verdict {
    return { rule, seed, passed, reason, policyId: this.policyId, policyVersion: this.version };
  }
}

export const versionLabel = (of: RulesOf) => `${of.policyId} 第${of.version}版`;

/** A rule's verdict on one question: passed, failed, or not decidable from the data (null). */
export interface Verdict {
  rule: RuleCode;
  seed: string;
  passed: boolean | null;
  /** Why, in Chinese. */
  reason: string;
  /** The policy version whose rule it is. */
  policyId: string;
  policyVersion: number;
}

/** The rank of a title as written on the forms: 正高级教师, 高级教师, 一级教师 (中级), 二级/三级教师 (初级). */
export function titleRank(title: string | null | undefined): TitleRank | null {
  if (!title) return null;
  if (title.includes('正高级')) return 'PROFESSOR';
  if (title.includes('高级')) return 'SENIOR_TITLE';
  if (title.includes('一级') || title.includes('中级')) return 'INTERMEDIATE';
  if (title.includes('二级') || title.includes('三级') || title.includes('初级')) return 'JUNIOR_TITLE';
  return null;
}
