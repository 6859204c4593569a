import { isAbove, OFFICE_LEVELS, type FundingSource, type LocalLevel } from '../../../lib/domain/vocabulary.ts';
import { ANY_OF_CODES, CATEGORY_CODES, RULE_VALUES, type RuleCode } from './rules.ts';

/**
 * What an office may write into a policy, checked before it is kept (draft) and again before it is frozen
 * (publish): each value against its code's shape, every rule citing a clause, and at publish no unknown code, no
 * contradictory pair of limits and no rule the issuing level cannot enforce. Messages name the rule, in Chinese.
 */
export interface RuleInput {
  code: string;
  value: unknown;
  /** The clause of the policy's own document that says so, e.g. "第三条(二)". */
  clause: string;
  text: string;
  /** Inherited from a template: the template's office stated it, so the issuing level's limits do not apply. */
  inherited?: boolean;
}

export interface Problem {
  rule: string;
  message: string;
}

/** The level of the office (or school) that issues a programme. */
export type IssuingLevel = LocalLevel;

const isKnown = (code: string): code is RuleCode => Object.hasOwn(RULE_VALUES, code);

const RESEARCH = '{"level": 最低级别（如 "SCHOOL"）, "role": "HOST"（主持）或 "ANY"（主持或参与）}';
const PUBLICATIONS =
  '{"papers": {"count": 篇数, 可加 "minLevel": 刊物最低级别、"coreJournal": true（核心期刊）}, "monographs": 专著部数}（两项可只写其一；都写时满足其一即可）';

/** What a code's value looks like, for the clerk who wrote a wrong one. */
function shapeOf(code: RuleCode): string {
  if (code.startsWith('obligation.'))
    return '{"count": 次数（至少 1）, "per": "WEEK"、"FORTNIGHT"、"MONTH"、"SEMESTER"、"YEAR" 或 "CYCLE"（每周、两周、月、学期、学年、建设周期）, 可加 "perMember": true（每位成员各自完成）或 "byHost": true（主持人本人完成）、"minLevel": 最低级别、"orKinds": [也计入的工作类别]（三选一）、"collectiveKinds": [工作室集体完成即算每位成员完成的类别]（与 perMember 同用）}，同一类有几项要求时写成列表';
  if (code.startsWith('team.')) return '人数范围 {"min": 人数, "max": 人数}（非负整数，可只写其一，min 不得大于 max）';
  if (code.startsWith('ownSchool.') && code.endsWith('Share')) return '比例上限 {"max": 0 到 1 之间的小数，如 0.3}';
  const shapes: Partial<Record<RuleCode, string>> = {
    'ownSchool.count': '人数上限 {"max": 人数}',
    'cycle.years': '至少为 1 的整数（年）',
    'schools.min': '至少为 1 的整数（所）',
    'host.terms.max': '至少为 1 的整数（期）',
    'consequence.creationFails.revokeAt': '至少为 1 的整数（次）',
    'host.honor.min': '荣誉级别 "NATIONAL"、"PROVINCIAL"、"MUNICIPAL"、"COUNTY"、"TOWN" 或 "SCHOOL"',
    'host.classHonor.min': '荣誉级别 "NATIONAL"、"PROVINCIAL"、"MUNICIPAL"、"COUNTY"、"TOWN" 或 "SCHOOL"',
    'host.title.min': '按学段的最低职称，如 {"PRIMARY": "INTERMEDIATE", "JUNIOR": "SENIOR_TITLE"}',
    'evaluation.kinds': '评估种类列表，如 ["ANNUAL", "FINAL"]（CREATION、ANNUAL、MIDTERM、FINAL）',
    'consequence.annualFails.revokeAt': '{"count": 次数, "consecutive": true 或 false}',
    'funding.standard':
      '{"source": 出资层级, 再加 "yuanPerYear"、"yuanPerYearByHostSchool" 或 "yuanPerMemberPerSemester" 之一（整元）}',
    'funding.matching': '{"source": 配套层级, "of": 被配套层级, "minRatio": 正数}',
    'member.absence.leaveAtShare': '0 到 1 之间的比例，如 0.3333',
    'host.honorOfKind':
      '{"kind": "PERSONAL" 或 "CLASS", "titles": ["先进班集体", "文明班级"]（荣誉名称含其一即可）, 可加 "minLevel": 最低级别}',
    'host.research.min': RESEARCH,
    'member.research.min': RESEARCH,
    'host.publications.min': PUBLICATIONS,
    'member.publications.min': PUBLICATIONS,
    'host.anyOf': `满足其一即可的主持人条件列表（至少两项），每项是一条规则及其取值，如 [{"host.research.min": {"level": "MUNICIPAL", "role": "HOST"}}, {"host.publications.min": {"papers": {"count": 2}}}]；可用的规则：${ANY_OF_CODES.host.join('、')}`,
    'member.anyOf': `满足其一即可的成员条件列表（至少两项），每项是一条规则及其取值，如 [{"member.hostedStudio.minLevel": "SCHOOL"}, {"member.headTeacherYears.min": 3}]；可用的规则：${ANY_OF_CODES.member.join('、')}`,
    'member.hostedStudio.minLevel':
      '工作室级别 "PROVINCIAL"、"MUNICIPAL"、"COUNTY" 或 "SCHOOL"（担任过该级别及以上已授牌工作室的主持人）',
    'evaluation.offices':
      '按评估种类的评估机关，如 {"ANNUAL": "SCHOOL", "FINAL": "COUNTY"}（种类 CREATION、ANNUAL、MIDTERM、FINAL；机关 PROVINCE、CITY、COUNTY 或 SCHOOL 工作室所在学校）',
    'member.rating':
      '{"scale": 等级列表，如 ["EXCELLENT", "GOOD"]（EXCELLENT 优秀、GOOD 良好、PASS 合格、FAIL 不合格，不重复）, 可加 "failLeaves": true（考核不合格者调整出，等级须含 FAIL）}',
    'commendation.studio': '{"kind": 评估种类（如 "FINAL"）, "minGrade": "PASS"（合格以上）或 "EXCELLENT"（优秀）}',
    'commendation.member': '{"minGrade": "EXCELLENT"（优秀）或 "GOOD"（良好以上）}',
    'member.honorOfKind':
      '{"kind": "PERSONAL" 或 "CLASS", 可加 "titles": [荣誉名称]（不写则该类荣誉都算）、"minLevel": 最低级别}，须同时具备几类荣誉时写成列表',
    'funding.provided': '{"sources": [出资层级，如 "COUNTY", "SCHOOL"]}（不写金额）',
    'funding.hostStipend': '{"source": 出资层级, 可加 "yuanPerYear": 每年金额（整元）}',
    'naming.perYear.max': '至少为 1 的整数（每年命名的工作室个数）',
    'naming.perRegion.max':
      '按地区的推荐名额，如 {"410481": 3, "410402": 2, "directSchools": 1}（键为县级行政区划代码，directSchools 为发文机关直属学校每校的名额；名额为至少 1 的整数）',
    'member.byCategory': `按工作室类别（TEACHER 名师工作室、HEAD_TEACHER 名班主任工作室）规定的成员条件，每项是规则及其取值，如 {"TEACHER": {"member.age.under": 35}, "HEAD_TEACHER": {"member.activeHeadTeacher": true}}；可用的规则：${CATEGORY_CODES.join('、')}`,
    'evaluation.grades':
      '按评估种类的等级列表（由高到低，须含 "FAIL"），如 {"FINAL": ["EXCELLENT", "PASS", "FAIL"]}（种类 CREATION、ANNUAL、MIDTERM、FINAL；等级 EXCELLENT 优秀、GOOD 良好、PASS 合格、FAIL 不合格，不重复）',
    'host.renewal.finalGrade.min': '届满考核的最低等级 "PASS"（合格）、"GOOD"（良好）或 "EXCELLENT"（优秀）',
    'host.terms.finalGrade.min': '上一期届满考核的最低等级 "PASS"（合格）、"GOOD"（良好）或 "EXCELLENT"（优秀）',
  };
  const shape = shapes[code];
  if (shape) return shape;
  const probe = RULE_VALUES[code];
  return probe.safeParse(true).success ? 'true' : '非负整数';
}

/** One rule's value against its code's shape; an unknown code is left for `publishProblems`. */
export function valueProblems(rule: RuleInput): Problem[] {
  const problems: Problem[] = [];
  const name = `规则“${rule.code}”`;
  if (!rule.clause.trim()) problems.push({ rule: rule.code, message: `${name}未注明所依据的条款` });
  if (isKnown(rule.code) && !RULE_VALUES[rule.code].safeParse(rule.value).success) {
    problems.push({
      rule: rule.code,
      message: `${name}的值 ${JSON.stringify(rule.value)} 不符合要求：应为${shapeOf(rule.code)}`,
    });
  }
  return problems;
}

/** Rules written twice in one policy. */
function duplicateProblems(rules: RuleInput[]): Problem[] {
  const seen = new Set<string>();
  return rules.flatMap((r) => {
    if (!seen.has(r.code)) return (seen.add(r.code), []);
    return [{ rule: r.code, message: `规则“${r.code}”重复出现，每条规则只能写一次` }];
  });
}

export const draftProblems = (rules: RuleInput[]): Problem[] => [...duplicateProblems(rules), ...rules.flatMap(valueProblems)];

type Range = { min?: number; max?: number };
/** The tiers `team.total` counts (everyone but the hosts and the mentors). */
const TOTAL_TIERS = ['team.assistants', 'team.core', 'team.members'] as const;

/** Pairs of limits no team can meet at once. */
function contradictions(byCode: Map<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const range = (code: string) => byCode.get(code) as Range | undefined;
  const total = range('team.total');
  const present = TOTAL_TIERS.filter((c) => range(c));
  const mins = present.reduce((n, c) => n + (range(c)!.min ?? 0), 0);
  if (total?.max !== undefined && mins > total.max) {
    problems.push({
      rule: 'team.total',
      message: `规则相互矛盾：${present.join('、')} 的下限合计 ${mins} 人，超过“team.total”的上限 ${total.max} 人`,
    });
  }
  if (total?.min !== undefined && present.length === TOTAL_TIERS.length && present.every((c) => range(c)!.max !== undefined)) {
    const maxes = present.reduce((n, c) => n + range(c)!.max!, 0);
    if (maxes < total.min)
      problems.push({
        rule: 'team.total',
        message: `规则相互矛盾：“team.total”的下限 ${total.min} 人，超过各类成员上限合计 ${maxes} 人`,
      });
  }
  const kinds = byCode.get('evaluation.kinds') as string[] | undefined;
  for (const [code, what] of [
    ['evaluation.offices', '评估机关'],
    ['evaluation.grades', '评估等级'],
  ] as const) {
    const named = Object.keys((byCode.get(code) as object | undefined) ?? {});
    const unheld = kinds ? named.filter((k) => !kinds.includes(k)) : [];
    if (unheld.length) {
      problems.push({
        rule: code,
        message: `规则相互矛盾：“${code}”规定了 ${unheld.join('、')} 的${what}，但“evaluation.kinds”不安排这类评估`,
      });
    }
  }
  // a commendation or a renewal that asks a grade the programme's scale for that kind does not give
  const grades = byCode.get('evaluation.grades') as Partial<Record<string, string[]>> | undefined;
  const praise = byCode.get('commendation.studio') as { kind: string; minGrade: string } | undefined;
  for (const [code, kind, grade] of [
    ['commendation.studio', praise?.kind, praise?.minGrade],
    ['host.renewal.finalGrade.min', 'FINAL', byCode.get('host.renewal.finalGrade.min')],
    ['host.terms.finalGrade.min', 'FINAL', byCode.get('host.terms.finalGrade.min')],
  ] as const) {
    const scale = kind && grades?.[kind];
    if (scale && grade && !scale.includes(grade as string)) {
      problems.push({
        rule: code,
        message: `规则相互矛盾：“${code}”要求 ${kind} 评估达到 ${grade as string}，但“evaluation.grades”规定该类评估的等级为 ${scale.join('、')}`,
      });
    }
  }
  return problems;
}

/** Rules an office of this level has no power to enforce. */
function levelProblems(level: IssuingLevel, byCode: Map<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const code of ['funding.standard', 'funding.matching', 'funding.provided', 'funding.hostStipend'] as const) {
    const value = byCode.get(code) as { source?: FundingSource; sources?: FundingSource[] } | undefined;
    const sources = value?.sources ?? (value?.source ? [value.source] : []);
    const above = sources.find((source) => isAbove(source, level));
    if (above) {
      problems.push({
        rule: code,
        message: `规则“${code}”规定由${OFFICE_LEVELS[above]}出资，${OFFICE_LEVELS[level]}政策无权规定上级的经费`,
      });
    }
  }
  if (level === 'SCHOOL' && byCode.has('host.leavesCounty.revoke')) {
    problems.push({
      rule: 'host.leavesCounty.revoke',
      message: '规则“host.leavesCounty.revoke”（主持人调离县区撤销建制）须由县级或以上政策规定，学校方案无权执行',
    });
  }
  return problems;
}

/** Everything that keeps a draft from being published. */
export function publishProblems(level: IssuingLevel, rules: RuleInput[]): Problem[] {
  const problems = draftProblems(rules);
  if (!rules.length) problems.push({ rule: '—', message: '政策没有任何规则，不能发布' });
  for (const r of rules) {
    if (!isKnown(r.code))
      problems.push({ rule: r.code, message: `规则代码“${r.code}”不存在：请使用 policy/rules.ts 中的规则代码` });
  }
  const cycles = rules.filter((r) => r.code === 'cycle.years' || r.code === 'cycle.open').length;
  if (!cycles)
    problems.push({
      rule: 'cycle.years',
      message: '政策须规定建设周期（规则“cycle.years”），或写明不设固定周期（规则“cycle.open”）',
    });
  if (cycles > 1)
    problems.push({ rule: 'cycle.open', message: '规则“cycle.years”与“cycle.open”不能同时出现：建设周期要么固定，要么不设' });
  if (problems.length) return problems;
  const byCode = new Map(rules.map((r) => [r.code, r.value]));
  // a rule inherited from the county's or city's template is that office's to state, not the school's
  const own = new Map(rules.filter((r) => !r.inherited).map((r) => [r.code, r.value]));
  return [...contradictions(byCode), ...levelProblems(level, own)];
}
