import { TITLE_NAMES, TITLE_RANKS, titleRank, type Rules, type Verdict } from './rules.ts';

/** What personnel tells about a teacher, as eligibility needs it. */
export interface TeacherFacts {
  headTeacherYears: number;
  title: string | null;
  activeHeadTeacher: boolean;
  age: number | null;
  gender: 'FEMALE' | 'MALE' | null;
  stage: 'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL';
  /** The highest level of personal honors, and of the class's honors; null when none is recorded. */
  highestHonorLevel?: HonorLevel | null;
  highestClassHonorLevel?: HonorLevel | null;
}

type HonorLevel = 'NATIONAL' | 'PROVINCIAL' | 'MUNICIPAL' | 'COUNTY' | 'SCHOOL';
const HONOR_ORDER: HonorLevel[] = ['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL', 'NATIONAL'];
const HONOR_NAMES: Record<HonorLevel, string> = {
  NATIONAL: '国家级',
  PROVINCIAL: '省级',
  MUNICIPAL: '市级',
  COUNTY: '县级',
  SCHOOL: '校级',
};

export type EligibilityRole = 'HOST' | 'MEMBER' | 'RENEWAL';

/** For renewal: the host's terms so far under the policy, and the year of the final evaluation (the cycle's end). */
export interface RenewalFacts {
  termsServed: number;
  finalYear: number;
  thisYear: number;
}

/**
 * Statutory retirement ages before the 2025 reform (men 60, women 55), used to estimate years left in post; the
 * reform raises them gradually, so the estimate errs on the safe side.
 */
const RETIREMENT_AGE = { MALE: 60, FEMALE: 55 } as const;

const STAGE_NAMES = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;

/** Verdicts of the rules a policy has; a rule it lacks says nothing. */
function collector() {
  const verdicts: Verdict[] = [];
  const judge = (
    rule: { seed: string; text: string } | undefined,
    code: Verdict['rule'],
    passed: boolean | null,
    reason: string,
  ) => {
    if (rule) verdicts.push({ rule: code, seed: rule.seed, passed, reason: `${reason}（${rule.seed}：${rule.text}）` });
  };
  return { verdicts, judge };
}

/** Every rule of the policy that speaks to this role, with its verdict and reason. */
export function eligibilityVerdicts(
  rules: Rules,
  role: EligibilityRole,
  teacher: TeacherFacts,
  renewal?: RenewalFacts,
): Verdict[] {
  if (role === 'RENEWAL') return renewalVerdicts(rules, teacher, renewal ?? { termsServed: 0, finalYear: 0, thisYear: 0 });
  const { verdicts, judge } = collector();
  const prefix = role === 'HOST' ? 'host' : 'member';

  const years = rules.get(`${prefix}.headTeacherYears.min`);
  if (years) {
    judge(
      years,
      years.code,
      teacher.headTeacherYears >= years.value,
      `班主任工作年限 ${teacher.headTeacherYears} 年，要求至少 ${years.value} 年`,
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
          : `职称${teacher.title}（${TITLE_NAMES[has]}），${STAGE_NAMES[teacher.stage]}要求${TITLE_NAMES[needed]}及以上`,
      );
    }
    for (const code of ['host.honor.min', 'host.classHonor.min'] as const) {
      const honor = rules.get(code);
      if (!honor) continue;
      const has = code === 'host.honor.min' ? teacher.highestHonorLevel : teacher.highestClassHonorLevel;
      const what = code === 'host.honor.min' ? '个人荣誉' : '所带班级荣誉';
      judge(
        honor,
        code,
        has ? HONOR_ORDER.indexOf(has) >= HONOR_ORDER.indexOf(honor.value) : false,
        has
          ? `${what}最高为${HONOR_NAMES[has]}，要求${HONOR_NAMES[honor.value]}及以上`
          : `未录入${what}，要求${HONOR_NAMES[honor.value]}及以上`,
      );
    }
    const left = rules.get('host.yearsLeftInPost.min');
    if (left) {
      const remaining = teacher.age === null || !teacher.gender ? null : RETIREMENT_AGE[teacher.gender] - teacher.age;
      judge(
        left,
        'host.yearsLeftInPost.min',
        remaining === null ? null : remaining >= left.value,
        remaining === null
          ? '未录入出生日期或性别，无法估算距退休年限'
          : `距法定退休约 ${remaining} 年，要求至少 ${left.value} 年仍在岗`,
      );
    }
  } else {
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
function renewalVerdicts(rules: Rules, teacher: TeacherFacts, renewal: RenewalFacts): Verdict[] {
  const { verdicts, judge: collect } = collector();
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
    const atFinal =
      teacher.age === null || !teacher.gender
        ? null
        : RETIREMENT_AGE[teacher.gender] - (teacher.age + (renewal.finalYear - renewal.thisYear));
    collect(
      retire,
      'host.renewal.retiresWithinYears',
      atFinal === null ? null : atFinal > retire.value,
      atFinal === null
        ? '未录入出生日期或性别，无法估算退休时间'
        : `期满考核（${renewal.finalYear} 年）后约 ${atFinal} 年退休，${retire.value} 年内退休者不得连任`,
    );
  }
  return verdicts;
}
