import {
  atLeastGrade,
  atLeastLevel,
  GRADES,
  HONOR_KINDS,
  HONOR_LEVELS,
  STAGES,
  STUDIO_LEVELS,
  TITLES,
  type EligibilityRole,
  type Grade,
  type HonorKind,
  type HonorLevel,
  type Stage,
  type StudioLevel,
} from '../../../lib/domain/vocabulary.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { regionRow } from '../../../lib/domain/region-tree.ts';
import {
  ANY_OF_CODES,
  TITLE_RANKS,
  titleRank,
  type AlternativeCode,
  type HonorOfKind,
  type PublicationsAsked,
  type ResearchAsked,
  type Rules,
  type RuleValue,
  type Verdict,
} from './rules.ts';

/** What personnel tells about a teacher, as eligibility needs it. */
export interface TeacherFacts {
  headTeacherYears: number;
  title: string | null;
  activeHeadTeacher: boolean;
  age: number | null;
  /** 法定退休年月 (YYYY-MM) as personnel computes it under the 2025 decision; null when gender or birth date is missing. */
  retirementMonth: string | null;
  stage: Stage;
  /** The highest level of personal honors, and of the class's honors; null when none is recorded. */
  highestHonorLevel: HonorLevel | null;
  highestClassHonorLevel: HonorLevel | null;
  /** The honors, research projects and publications on record (000 附件3), for rules that name a kind of them. */
  honors: { title: string; level: HonorLevel; kind: HonorKind | string }[];
  researchProjects: { level: HonorLevel; role: 'HOST' | 'PARTICIPANT' | string }[];
  /** Papers (with their journal's level, when recorded) and monographs on record. */
  publications: { level: HonorLevel | null; monograph: boolean; coreJournal: boolean }[];
  /** The region of the teacher's school, for `member.withinRegion`. */
  school: { region: { code: string } };
  /**
   * The highest level of the named (授牌) studios the teacher hosts or hosted, from the hub's own studios
   * (`hostedStudioLevels`); null when none. Added only where a rule asks (`asksHostedStudios`).
   */
  hostedStudioLevel?: StudioLevel | null;
}

/**
 * The fields of `TeacherFacts` personnel holds, spelled once: `Teacher.eligibility` `@requires` them
 * (eligibility.schema.ts) and the peer queries that judge a teacher before a change or in an impact preview select
 * them (`TEACHER_FACTS`, `TEACHERS_FACTS` in peers.ts).
 */
export const FACTS =
  'headTeacherYears title activeHeadTeacher age retirementMonth stage highestHonorLevel highestClassHonorLevel ' +
  'school { region { code } } honors { title level kind } researchProjects { level role } ' +
  'publications { level monograph coreJournal }';

export type { EligibilityRole };

/**
 * For renewal: the host's terms so far under the policy (every studio hosted, and every renewal of one: a renewed
 * studio is in its second term), and the year of the final evaluation (the cycle's end).
 */
export interface RenewalFacts {
  termsServed: number;
  /** The last year of the cycles the teacher hosted under the policy; null when none (counted as one founded this year). */
  finalYear: number | null;
  /**
   * The final evaluation of the last studio the teacher hosted under the policy (the one renewed, or the one before
   * an application), for the rules that ask its grade; null when the teacher hosted none; absent when not asked.
   */
  lastFinal?: LastFinal | null;
}

/** A studio's final (届满/期满) evaluation: the studio, its cycle's last year and the grade (null: none recorded yet). */
export interface LastFinal {
  studio: string;
  endYear: number;
  grade: Grade | null;
}

/**
 * Whether the last studio's final evaluation reached `min` (host.renewal.finalGrade.min, host.terms.finalGrade.min):
 * undecided while no final result is recorded; `none` says what a teacher who hosted none under the policy gets.
 */
function lastFinalVerdict(
  min: Grade,
  last: LastFinal | null,
  none: [passed: boolean | null, reason: string],
): [passed: boolean | null, reason: string] {
  if (!last) return none;
  const what = `${last.studio}（建设周期至 ${last.endYear} 年）`;
  if (!last.grade) return [null, `${what}尚无届满考核结果，无法判定；要求${GRADES[min]}及以上`];
  return [atLeastGrade(last.grade, min), `${what}届满考核${GRADES[last.grade]}，要求${GRADES[min]}及以上`];
}

/** A region as reasons name it: 武进区（320412）. */
const regionName = (code: string) => `${regionRow(code)?.name ?? ''}（${code}）`;
const monthName = (ym: string) => `${ym.slice(0, 4)} 年 ${Number(ym.slice(5, 7))} 月`;

/** Verdicts of the rules a policy has; a rule it lacks says nothing. */
function collector(rules: Rules) {
  const verdicts: Verdict[] = [];
  const judge = (
    rule: { seed: string; text: string } | undefined,
    code: Verdict['rule'],
    passed: boolean | null,
    reason: string,
  ) => {
    if (rule) verdicts.push(rules.verdict(code, rule.seed, passed, `${reason}（${rule.seed}：${rule.text}）`));
  };
  return { verdicts, judge };
}

/** Whether the teacher holds an honor of each kind asked (a title naming one of its `titles`, of its level or above). */
function honorOfKindVerdict(asked: HonorOfKind[], teacher: TeacherFacts): [passed: boolean, reason: string] {
  const found = asked.map(({ kind, titles, minLevel }) => {
    const held = teacher.honors.find(
      (h) =>
        h.kind === kind && (!titles || titles.some((t) => h.title.includes(t))) && (!minLevel || atLeastLevel(h.level, minLevel)),
    );
    return held
      ? { held: true, reason: `${HONOR_KINDS[kind]}“${held.title}”（${HONOR_LEVELS[held.level]}）` }
      : {
          held: false,
          reason: `未录入${minLevel ? `${HONOR_LEVELS[minLevel]}及以上的` : ''}${HONOR_KINDS[kind]}${titles ? `“${titles.join('”或“')}”` : ''}`,
        };
  });
  return [found.every((f) => f.held), found.map((f) => f.reason).join('；')];
}

/**
 * Whether the teacher has published as asked (`host.publications.min`): enough papers of the level (core journals
 * where asked), or enough monographs. Undecided (null) when papers whose level is not recorded would settle it.
 */
function publicationsVerdict(asked: PublicationsAsked, teacher: TeacherFacts): [passed: boolean | null, reason: string] {
  const { papers, monographs } = asked;
  const all = teacher.publications;
  const ofKind = all.filter((p) => !p.monograph && (!papers?.coreJournal || p.coreJournal));
  const counted = ofKind.filter((p) => !papers?.minLevel || (p.level !== null && atLeastLevel(p.level, papers.minLevel)));
  const unknown = papers?.minLevel ? ofKind.filter((p) => p.level === null).length : 0;
  const books = all.filter((p) => p.monograph).length;
  const paperText = papers
    ? `${papers.minLevel ? `${HONOR_LEVELS[papers.minLevel]}及以上` : ''}${papers.coreJournal ? '核心期刊' : '刊物'}论文 ${papers.count} 篇`
    : '';
  const wanted = [papers && `发表${paperText}`, monographs && `出版专著 ${monographs} 部`].filter(Boolean).join('或');
  if (papers && counted.length >= papers.count) return [true, `已发表符合要求的论文 ${counted.length} 篇，要求${wanted}`];
  if (monographs && books >= monographs) return [true, `已出版专著 ${books} 部，要求${wanted}`];
  const had = `已录入符合要求的论文 ${papers ? counted.length : 0} 篇、专著 ${books} 部`;
  if (papers && counted.length + unknown >= papers.count)
    return [null, `${had}，另有 ${unknown} 篇论文未录入刊物级别，无法判定；要求${wanted}`];
  return [false, `${had}，要求${wanted}`];
}

/**
 * Whether the role's rules ask for the studios the teacher hosted (the studios subgraph's own, beyond what personnel
 * holds): `member.hostedStudio.minLevel` stated, or joined in an `anyOf`.
 */
export function asksHostedStudios(rules: Rules, role: 'HOST' | 'MEMBER'): boolean {
  const prefix = role === 'HOST' ? 'host' : 'member';
  const joined = (rules.get(`${prefix}.anyOf`)?.value ?? []).map((entry) => Object.keys(entry)[0]!);
  return [...ANY_OF_CODES[prefix].filter((code) => rules.get(code)), ...joined].includes('member.hostedStudio.minLevel');
}

/** Whether the teacher has taken on research of the level asked, as its host (HOST) or in any role (ANY). */
function researchVerdict({ level, role }: ResearchAsked, teacher: TeacherFacts): [passed: boolean, reason: string] {
  const what = `${HONOR_LEVELS[level]}及以上${role === 'HOST' ? '主持的' : ''}课题`;
  const found = teacher.researchProjects.filter((r) => atLeastLevel(r.level, level) && (role === 'ANY' || r.role === 'HOST'));
  return [
    found.length > 0,
    found.length
      ? `已承担${what} ${found.length} 项`
      : `未录入${what}，要求${role === 'HOST' ? '主持' : '主持或参与'}过${HONOR_LEVELS[level]}及以上课题研究`,
  ];
}

/**
 * What one rule a role's `anyOf` may join says of the teacher, for either role (the same rule, e.g. research, asked
 * of a host or of a member): the teacher's years, record (honours, research, publications) or hosted studios.
 */
function alternativeVerdict<C extends AlternativeCode>(
  code: C,
  value: RuleValue<C>,
  teacher: TeacherFacts,
): [passed: boolean | null, reason: string] {
  switch (code) {
    case 'host.honor.min':
    case 'host.classHonor.min': {
      const asked = value as RuleValue<'host.honor.min'>;
      const has = code === 'host.honor.min' ? teacher.highestHonorLevel : teacher.highestClassHonorLevel;
      const what = code === 'host.honor.min' ? '个人荣誉' : '所带班级荣誉';
      return has
        ? [atLeastLevel(has, asked), `${what}最高为${HONOR_LEVELS[has]}，要求${HONOR_LEVELS[asked]}及以上`]
        : [false, `未录入${what}，要求${HONOR_LEVELS[asked]}及以上`];
    }
    case 'host.honorOfKind':
    case 'member.honorOfKind':
      return honorOfKindVerdict([value as RuleValue<'member.honorOfKind'>].flat(), teacher);
    case 'host.research.min':
    case 'member.research.min':
      return researchVerdict(value as ResearchAsked, teacher);
    case 'host.publications.min':
    case 'member.publications.min':
      return publicationsVerdict(value as PublicationsAsked, teacher);
    case 'member.headTeacherYears.min': {
      const years = value as number;
      return [teacher.headTeacherYears >= years, `班主任工作年限 ${teacher.headTeacherYears} 年，要求至少 ${years} 年`];
    }
    default: {
      const min = value as StudioLevel;
      const has = teacher.hostedStudioLevel ?? null;
      const wanted = `担任过${STUDIO_LEVELS[min]}及以上名班主任工作室（已授牌）主持人`;
      return has
        ? [atLeastLevel(has, min), `担任过${STUDIO_LEVELS[has]}工作室主持人，要求${wanted}`]
        : [false, `本系统中没有其主持的已授牌工作室，要求${wanted}`];
    }
  }
}

/**
 * `host.anyOf` / `member.anyOf`: passed when one alternative passes; undecided (null) when none passes and one
 * cannot be decided; failed when every one fails, naming what each lacks.
 */
function anyOfVerdict(
  alternatives: RuleValue<'host.anyOf' | 'member.anyOf'>,
  teacher: TeacherFacts,
): [passed: boolean | null, reason: string] {
  const judged = alternatives.map((entry) => {
    const [code, value] = Object.entries(entry)[0] as [AlternativeCode, never];
    return alternativeVerdict(code, value, teacher);
  });
  const met = judged.find(([passed]) => passed === true);
  if (met) return [true, `满足其中一项：${met[1]}`];
  const listed = judged.map(([, reason], i) => `（${i + 1}）${reason}`).join('；');
  if (judged.some(([passed]) => passed === null)) return [null, `以下各项均未满足，其中有无法判定的（满足其一即可）：${listed}`];
  return [false, `以下各项均未满足（满足其一即可）：${listed}`];
}

/** Every rule of the policy that speaks to this role, with its verdict and reason. */
export function eligibilityVerdicts(
  rules: Rules,
  role: EligibilityRole,
  teacher: TeacherFacts,
  asOf: string,
  renewal: RenewalFacts = { termsServed: 0, finalYear: null },
): Verdict[] {
  if (role === 'RENEWAL') return renewalVerdicts(rules, teacher, renewal, Number(asOf.slice(0, 4)));
  const { verdicts, judge } = collector(rules);
  const prefix = role === 'HOST' ? 'host' : 'member';

  const years = rules.get(`${prefix}.headTeacherYears.min`);
  // the years as a member's anyOf reads them
  if (years) judge(years, years.code, ...alternativeVerdict('member.headTeacherYears.min', years.value, teacher));
  // still in post N years from today: retiring in the month N years on, or later
  const retires = teacher.retirementMonth;
  const inPostUntil = (years: number) => `${Number(asOf.slice(0, 4)) + years}-${asOf.slice(5, 7)}`;
  const left = rules.get(`${prefix}.yearsLeftInPost.min`);
  if (left) {
    const until = inPostUntil(left.value);
    judge(
      left,
      left.code,
      retires === null ? null : retires >= until,
      retires === null
        ? '未录入出生日期或性别，无法计算法定退休时间'
        : `法定退休时间 ${monthName(retires)}，要求至 ${monthName(until)} 仍在岗`,
    );
  }
  const inPost = rules.get(`${prefix}.inPost`);
  if (inPost) {
    const passed = retires === null ? null : retires >= inPostUntil(0);
    judge(
      inPost,
      inPost.code,
      passed,
      retires === null
        ? '未录入出生日期或性别，无法判定是否已到法定退休时间'
        : passed
          ? `法定退休时间 ${monthName(retires)}，在职在岗`
          : `已于 ${monthName(retires)} 到法定退休时间，要求在职在岗`,
    );
  }
  const active = rules.get(`${prefix}.activeHeadTeacher`);
  judge(
    active,
    `${prefix}.activeHeadTeacher`,
    teacher.activeHeadTeacher,
    teacher.activeHeadTeacher ? '在岗班主任' : '不是在岗班主任，要求在岗',
  );

  if (role === 'HOST') {
    const title = rules.get('host.title.min');
    const needed = title?.value[teacher.stage];
    if (title && needed) {
      const has = titleRank(teacher.title);
      judge(
        title,
        'host.title.min',
        has === null ? null : TITLE_RANKS.indexOf(has) >= TITLE_RANKS.indexOf(needed),
        has === null
          ? `未录入可识别的职称（${teacher.title ?? '空'}），无法判定`
          : `职称${teacher.title}（${TITLES[has]}），${STAGES[teacher.stage]}要求${TITLES[needed]}及以上`,
      );
    }
    // 003 五(一): a host applies again (the next batch) only after a final graded at least the programme's grade
    const again = rules.get('host.terms.finalGrade.min');
    if (again && renewal.lastFinal !== undefined)
      judge(
        again,
        'host.terms.finalGrade.min',
        ...lastFinalVerdict(again.value, renewal.lastFinal, [true, '此前未主持本方案的工作室，首次申报']),
      );
  }
  // the rules an anyOf may join, each stated on its own (the years judged above), then the role's anyOf
  for (const code of ANY_OF_CODES[prefix]) {
    const stated = rules.get(code);
    if (stated && code !== years?.code) judge(stated, code, ...alternativeVerdict(code, stated.value, teacher));
  }
  const anyOf = rules.get(`${prefix}.anyOf`);
  if (anyOf) judge(anyOf, anyOf.code, ...anyOfVerdict(anyOf.value, teacher));
  if (role === 'MEMBER') {
    const within = rules.get('member.withinRegion');
    if (within) {
      const region = rules.region && regionName(rules.region);
      const at = teacher.school.region.code;
      judge(
        within,
        'member.withinRegion',
        at && rules.region ? at.startsWith(subtreePrefix(rules.region)) : null,
        !at || !region
          ? '未能读取该教师所在学校的地区或发文机关的地区，无法判定'
          : at.startsWith(subtreePrefix(rules.region!))
            ? `所在学校属于${regionName(at)}，在发文机关辖区${region}内`
            : `所在学校属于${regionName(at)}，不在发文机关辖区${region}内，要求在${region}范围内招收成员`,
      );
    }
    const age = rules.get('member.age.under');
    if (age) {
      judge(
        age,
        'member.age.under',
        teacher.age === null ? null : teacher.age < age.value,
        teacher.age === null ? '未录入出生日期，无法判定年龄' : `年龄 ${teacher.age} 周岁，要求 ${age.value} 周岁以下`,
      );
    }
  }
  return verdicts;
}

/** 000 五.4: renewal while an active head teacher, at most two terms, and not when retiring within 4 years of the final evaluation. */
function renewalVerdicts(rules: Rules, teacher: TeacherFacts, renewal: RenewalFacts, year: number): Verdict[] {
  const { verdicts, judge: collect } = collector(rules);
  const terms = rules.get('host.terms.max');
  collect(
    terms,
    'host.terms.max',
    renewal.termsServed + 1 <= (terms?.value ?? 0),
    `已任主持人 ${renewal.termsServed} 期，连任后为 ${renewal.termsServed + 1} 期，最多 ${terms?.value} 期`,
  );
  const active = rules.get('host.renewal.activeHeadTeacher');
  collect(
    active,
    'host.renewal.activeHeadTeacher',
    teacher.activeHeadTeacher,
    teacher.activeHeadTeacher ? '在岗班主任' : '不是在岗班主任',
  );
  const retire = rules.get('host.renewal.retiresWithinYears');
  if (retire) {
    // 000 五.4 "期满考核后4年内退休者，不得再申请连任": read as retiring by the end of the 4th year after the year of
    // the final evaluation (the next term's years); retiring later than that may renew. A teacher who hosts no
    // studio under the policy yet is judged as if one were founded this year (no "0 年" final evaluation)
    const hosts = renewal.finalYear !== null;
    const finalYear = renewal.finalYear ?? year + (rules.get('cycle.years')?.value ?? 1) - 1;
    const last = `${finalYear + retire.value}-12`;
    const retires = teacher.retirementMonth;
    collect(
      retire,
      'host.renewal.retiresWithinYears',
      retires === null ? null : retires > last,
      retires === null
        ? '未录入出生日期或性别，无法计算法定退休时间'
        : `法定退休时间 ${monthName(retires)}；期满考核（${finalYear} 年${hosts ? '' : '，按今年设立工作室计'}）后 ${retire.value} 年内（至 ${finalYear + retire.value} 年底）退休者不得连任`,
    );
  }
  const graded = rules.get('host.renewal.finalGrade.min');
  if (graded && renewal.lastFinal !== undefined)
    collect(
      graded,
      'host.renewal.finalGrade.min',
      ...lastFinalVerdict(graded.value, renewal.lastFinal, [null, '未主持本方案的工作室，没有届满考核结果']),
    );
  return verdicts;
}
