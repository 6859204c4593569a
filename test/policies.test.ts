import { describe, expect, it } from 'vitest';
import { draftProblems, publishProblems, type RuleInput } from '../subgraphs/studios/policy/authoring.ts';
import { eligibilityVerdicts, type TeacherFacts } from '../subgraphs/studios/policy/eligibility.ts';
import type { Verdict } from '../subgraphs/studios/policy/rules.ts';
import { SEEDED_POLICIES } from '../subgraphs/studios/policy/seeded-policies.ts';
import { seededRules, teacherFacts } from './support/policies.ts';
import { teamVerdicts, type TeamMember } from '../subgraphs/studios/policy/team.ts';

const rulesOf = seededRules;

const HOST_SCHOOL = 'host-school';
let n = 0;
/** `count` people of a role, `own` of them from the host's school, the rest each from a school of their own. */
const people = (role: TeamMember['role'], count: number, own = 0): TeamMember[] =>
  Array.from({ length: count }, (_, i) => ({ teacherId: `t${++n}`, role, schoolId: i < own ? HOST_SCHOOL : `school-${n}` }));
/** The same, but from `schools` schools in all (round robin). */
const fromSchools = (role: TeamMember['role'], count: number, schools: number): TeamMember[] =>
  Array.from({ length: count }, (_, i) => ({ teacherId: `t${++n}`, role, schoolId: `school-${i % schools}` }));

const check = (policy: string, members: TeamMember[], when: 'change' | 'complete', hosts = 1) =>
  teamVerdicts(rulesOf(policy), { hostSchoolId: HOST_SCHOOL, hosts, members }, when);
const verdict = (verdicts: Verdict[], rule: string) => {
  const found = verdicts.filter((v) => v.rule === rule);
  expect(found, `no verdict on ${rule}`).not.toHaveLength(0);
  return found.every((v) => v.passed);
};

const assistant = () => people('ASSISTANT', 1, 1);
/** A Pingdingshan team that meets 000 四.1 in full: 7 core (assistant and one more from the host's school), 10 members (3 from it) from 9 schools. */
const pingdingshanTeam = () => [
  ...assistant(),
  ...people('CORE', 1, 1),
  ...people('CORE', 5),
  ...people('MEMBER', 3, 3),
  ...people('MEMBER', 7),
];

/** The problems drafting finds in one rule of `code` with `value`, as the clerk reads them. */
const draftProblemsOf = (code: string, clause: string, text: string) => (value: unknown) =>
  draftProblems([{ code, value, clause, text }]).map((p) => p.message);

describe('000 Pingdingshan team rules (000 四.1)', () => {
  it('accepts a team that meets every limit, at the edges', () => {
    expect(check('000-pingdingshan', pingdingshanTeam(), 'complete').filter((v) => !v.passed)).toEqual([]);
  });

  it('core members: 7 pass, 6 fail', () => {
    expect(verdict(check('000-pingdingshan', [...assistant(), ...people('CORE', 6)], 'complete'), 'team.core')).toBe(true);
    expect(verdict(check('000-pingdingshan', [...assistant(), ...people('CORE', 5)], 'complete'), 'team.core')).toBe(false);
  });

  it('members: 10 pass, 9 fail', () => {
    expect(verdict(check('000-pingdingshan', people('MEMBER', 10), 'complete'), 'team.members')).toBe(true);
    expect(verdict(check('000-pingdingshan', people('MEMBER', 9), 'complete'), 'team.members')).toBe(false);
  });

  it("exactly one assistant, from the host's school", () => {
    expect(verdict(check('000-pingdingshan', people('ASSISTANT', 1, 1), 'complete'), 'team.assistants')).toBe(true);
    expect(verdict(check('000-pingdingshan', people('ASSISTANT', 2, 2), 'change'), 'team.assistants')).toBe(false);
    expect(verdict(check('000-pingdingshan', people('CORE', 7), 'complete'), 'team.assistants')).toBe(false);
    expect(verdict(check('000-pingdingshan', people('ASSISTANT', 1, 0), 'change'), 'assistant.fromHostSchool')).toBe(false);
  });

  it("core members from the host's school: 40% of 7 allows 2, not 3 — but a change is refused only if no larger team could comply", () => {
    const two = [...assistant(), ...people('CORE', 1, 1), ...people('CORE', 5)];
    expect(verdict(check('000-pingdingshan', two, 'complete'), 'ownSchool.coreShare')).toBe(true);
    expect(
      verdict(
        check('000-pingdingshan', [...assistant(), ...people('CORE', 2, 2), ...people('CORE', 4)], 'complete'),
        'ownSchool.coreShare',
      ),
    ).toBe(false);
    // "不少于7人" sets no upper limit: with 8 core members 3 from the host's school are 37.5%, so the third is taken
    expect(verdict(check('000-pingdingshan', [...assistant(), ...people('CORE', 2, 2)], 'change'), 'ownSchool.coreShare')).toBe(
      true,
    );
  });

  it("members from the host's school: 30% of 10 allows 3, not 4", () => {
    expect(
      verdict(
        check('000-pingdingshan', [...people('MEMBER', 3, 3), ...people('MEMBER', 7)], 'complete'),
        'ownSchool.memberShare',
      ),
    ).toBe(true);
    expect(
      verdict(
        check('000-pingdingshan', [...people('MEMBER', 4, 4), ...people('MEMBER', 6)], 'complete'),
        'ownSchool.memberShare',
      ),
    ).toBe(false);
    // no upper limit on members: 4 of 14 would be within 30%, so a change is not refused for it
    expect(verdict(check('000-pingdingshan', people('MEMBER', 4, 4), 'change'), 'ownSchool.memberShare')).toBe(true);
  });

  it('members from at least 5 schools: 5 pass, 4 fail', () => {
    expect(verdict(check('000-pingdingshan', fromSchools('MEMBER', 10, 5), 'complete'), 'schools.min')).toBe(true);
    expect(verdict(check('000-pingdingshan', fromSchools('MEMBER', 10, 4), 'complete'), 'schools.min')).toBe(false);
  });

  it('names the rule and the seed section in Chinese', () => {
    const failed = check('000-pingdingshan', people('MEMBER', 9), 'complete').find((v) => v.rule === 'team.members')!;
    expect(failed).toMatchObject({ seed: '000 四.1', passed: false });
    expect(failed.reason).toContain('至少 10 人');
    expect(failed.reason).toContain('不少于10人');
  });
});

describe('001 Wujin (001 四(一), 五)', () => {
  it('1–2 leads: 2 pass, 3 fail', () => {
    expect(verdict(check('001-wujin', [], 'change', 2), 'team.hosts')).toBe(true);
    expect(verdict(check('001-wujin', [], 'change', 3), 'team.hosts')).toBe(false);
  });
  it('at most 12 members: 12 pass, 13 fail', () => {
    expect(verdict(check('001-wujin', people('MEMBER', 12), 'change'), 'team.members')).toBe(true);
    expect(verdict(check('001-wujin', people('MEMBER', 13), 'change'), 'team.members')).toBe(false);
  });
});

describe('003 Shenzhen (003 四(设置标准)(三))', () => {
  it('one mentor; 6 to 8 members: 5 and 9 fail, 6 and 8 pass', () => {
    const mentor = people('MENTOR', 1);
    expect(verdict(check('003-shenzhen-2', [...mentor, ...people('MEMBER', 6)], 'complete'), 'team.members')).toBe(true);
    expect(verdict(check('003-shenzhen-2', [...mentor, ...people('MEMBER', 8)], 'complete'), 'team.members')).toBe(true);
    expect(verdict(check('003-shenzhen-2', [...mentor, ...people('MEMBER', 5)], 'complete'), 'team.members')).toBe(false);
    expect(verdict(check('003-shenzhen-2', [...mentor, ...people('MEMBER', 9)], 'change'), 'team.members')).toBe(false);
    expect(verdict(check('003-shenzhen-2', people('MEMBER', 6), 'complete'), 'team.mentors')).toBe(false);
  });
  it("at most 2 from the host's school: 2 pass, 3 fail", () => {
    expect(verdict(check('003-shenzhen-2', people('MEMBER', 2, 2), 'change'), 'ownSchool.count')).toBe(true);
    expect(verdict(check('003-shenzhen-2', people('MEMBER', 3, 3), 'change'), 'ownSchool.count')).toBe(false);
  });
});

describe('Shijiazhuang (002 方案3 四(一); 004 方案6 (六))', () => {
  it('at most 10 members: 10 pass, 11 fail', () => {
    expect(verdict(check('004-shijiazhuang', people('MEMBER', 10), 'change'), 'team.members')).toBe(true);
    expect(verdict(check('004-shijiazhuang', people('MEMBER', 11), 'change'), 'team.members')).toBe(false);
  });
  it('own school at most 20% of everyone in the studio: of 11 (10 and the lead) 2 pass, 3 fail', () => {
    expect(
      verdict(check('004-shijiazhuang', [...people('MEMBER', 2, 2), ...people('MEMBER', 8)], 'complete'), 'ownSchool.teamShare'),
    ).toBe(true);
    expect(
      verdict(check('004-shijiazhuang', [...people('MEMBER', 3, 3), ...people('MEMBER', 7)], 'complete'), 'ownSchool.teamShare'),
    ).toBe(false);
  });
});

const teacher = teacherFacts;
const AS_OF = '2026-06-15';
const eligible = (policy: string, role: 'HOST' | 'MEMBER', facts: Partial<TeacherFacts>, rule: string) =>
  verdict(eligibilityVerdicts(rulesOf(policy), role, teacher(facts), AS_OF), rule);

describe('host eligibility', () => {
  it('001: at least 10 years as head teacher (9 fail, 10 pass)', () => {
    expect(eligible('001-wujin', 'HOST', { headTeacherYears: 10 }, 'host.headTeacherYears.min')).toBe(true);
    expect(eligible('001-wujin', 'HOST', { headTeacherYears: 9 }, 'host.headTeacherYears.min')).toBe(false);
  });
  it('003: at least 6 years and 3 more years in post', () => {
    expect(eligible('003-shenzhen-2', 'HOST', { headTeacherYears: 6 }, 'host.headTeacherYears.min')).toBe(true);
    expect(eligible('003-shenzhen-2', 'HOST', { headTeacherYears: 5 }, 'host.headTeacherYears.min')).toBe(false);
    // 未来三年仍然在岗: on 2026-06-15, retiring in 2029-06 or later passes, in 2029-05 fails
    expect(eligible('003-shenzhen-2', 'HOST', { retirementMonth: '2029-06' }, 'host.yearsLeftInPost.min')).toBe(true);
    expect(eligible('003-shenzhen-2', 'HOST', { retirementMonth: '2029-05' }, 'host.yearsLeftInPost.min')).toBe(false);
    expect(eligible('003-shenzhen-2', 'HOST', { activeHeadTeacher: false }, 'host.activeHeadTeacher')).toBe(false);
    const unknown = eligibilityVerdicts(rulesOf('003-shenzhen-2'), 'HOST', teacher({ retirementMonth: null }), AS_OF);
    expect(unknown.find((v) => v.rule === 'host.yearsLeftInPost.min')!.passed).toBeNull();
  });
  it('Shijiazhuang: 9 years; 高级 for secondary schools, 中级 for primary (002 方案3 五(一))', () => {
    expect(eligible('004-shijiazhuang', 'HOST', { headTeacherYears: 9 }, 'host.headTeacherYears.min')).toBe(true);
    expect(eligible('004-shijiazhuang', 'HOST', { headTeacherYears: 8 }, 'host.headTeacherYears.min')).toBe(false);
    expect(eligible('004-shijiazhuang', 'HOST', { stage: 'SENIOR', title: '高级教师' }, 'host.title.min')).toBe(true);
    expect(eligible('004-shijiazhuang', 'HOST', { stage: 'JUNIOR', title: '一级教师' }, 'host.title.min')).toBe(false);
    expect(eligible('004-shijiazhuang', 'HOST', { stage: 'PRIMARY', title: '一级教师' }, 'host.title.min')).toBe(true);
    expect(eligible('004-shijiazhuang', 'HOST', { stage: 'PRIMARY', title: '二级教师' }, 'host.title.min')).toBe(false);
  });
  it('vocational school plan: 6 years, 中级 or above (002 方案1 附件1)', () => {
    expect(
      eligible(
        '002-vocational-school',
        'HOST',
        { headTeacherYears: 6, stage: 'VOCATIONAL', title: '一级教师' },
        'host.title.min',
      ),
    ).toBe(true);
    expect(eligible('002-vocational-school', 'HOST', { stage: 'VOCATIONAL', title: '二级教师' }, 'host.title.min')).toBe(false);
    expect(eligible('002-vocational-school', 'HOST', { headTeacherYears: 5 }, 'host.headTeacherYears.min')).toBe(false);
  });
});

describe('member eligibility', () => {
  it('001 and Shijiazhuang: under 40 (39 pass, 40 fail), at least 3 years (2 fail), active', () => {
    for (const policy of ['001-wujin', '004-shijiazhuang']) {
      expect(eligible(policy, 'MEMBER', { age: 39 }, 'member.age.under')).toBe(true);
      expect(eligible(policy, 'MEMBER', { age: 40 }, 'member.age.under')).toBe(false);
      expect(eligible(policy, 'MEMBER', { headTeacherYears: 3 }, 'member.headTeacherYears.min')).toBe(true);
      expect(eligible(policy, 'MEMBER', { headTeacherYears: 2 }, 'member.headTeacherYears.min')).toBe(false);
      expect(eligible(policy, 'MEMBER', { activeHeadTeacher: false }, 'member.activeHeadTeacher')).toBe(false);
    }
  });
  it('003 四(三)3(1) “区、校级名班主任工作室主持人或具备3年及以上班主任工作经验” (member.anyOf): 2 years and no studio hosted fail it, 3 years or a named 校级 studio hosted pass it; the years are no rule of their own', () => {
    const anyOf = (facts: Parameters<typeof teacher>[0]) =>
      eligibilityVerdicts(rulesOf('003-shenzhen-2'), 'MEMBER', teacher(facts), AS_OF).find((v) => v.rule === 'member.anyOf');
    expect(anyOf({ headTeacherYears: 2, hostedStudioLevel: null })).toMatchObject({ passed: false });
    expect(anyOf({ headTeacherYears: 2, hostedStudioLevel: null })!.reason).toContain('以下各项均未满足（满足其一即可）');
    expect(anyOf({ headTeacherYears: 3, hostedStudioLevel: null })).toMatchObject({ passed: true });
    expect(anyOf({ headTeacherYears: 2, hostedStudioLevel: 'SCHOOL' })).toMatchObject({ passed: true });
    const verdicts = eligibilityVerdicts(rulesOf('003-shenzhen-2'), 'MEMBER', teacher({ headTeacherYears: 2 }), AS_OF);
    expect(verdicts.filter((v) => v.rule === 'member.headTeacherYears.min')).toEqual([]);
  });
});

describe('policies are data', () => {
  it('every seeded rule cites its seed and has a value the engine accepts', () => {
    for (const policy of SEEDED_POLICIES) {
      expect(() => rulesOf(policy.id), policy.id).not.toThrow();
      for (const [code, , seed, text] of policy.rules) {
        expect(seed, `${policy.id} ${code}`).toMatch(/^00[0-4] /);
        expect(text.length, `${policy.id} ${code}`).toBeGreaterThan(3);
      }
    }
    expect(SEEDED_POLICIES.map((p) => p.id).sort()).toEqual([
      '000-pingdingshan',
      '001-wujin',
      '002-vocational-school',
      '003-shenzhen-2',
      '004-county-teachers',
      '004-district-plan5',
      '004-school-plan10',
      '004-school-plan3',
      '004-school-plan4',
      '004-school-plan9',
      '004-shijiazhuang',
      '004-studio-plan2',
      '004-studio-plan7',
    ]);
  });
});

describe('host.anyOf is checked like every rule when drafted and published', () => {
  const research = { 'host.research.min': { level: 'MUNICIPAL', role: 'HOST' } };
  const papers = { 'host.publications.min': { papers: { count: 2, minLevel: 'PROVINCIAL', coreJournal: true } } };
  const problems = draftProblemsOf('host.anyOf', '五(一)3', '课题研究或发表论文');
  it('host.anyOf: two alternatives, each one host record rule in its own shape, are accepted', () => {
    expect(problems([research, papers])).toEqual([]);
  });
  it('host.anyOf: a single alternative, a rule it cannot join, two rules in one entry or a wrong value is refused, in Chinese, with the shape', () => {
    for (const wrong of [
      [research],
      [research, { 'team.members': { max: 10 } }],
      [{ ...research, ...papers }, papers],
      [research, { 'host.publications.min': { papers: { count: 0 } } }],
    ]) {
      const [message, ...more] = problems(wrong);
      expect(more).toEqual([]);
      expect(message).toContain('规则“host.anyOf”的值');
      expect(message).toContain('满足其一即可');
      expect(message).toContain('host.research.min、host.publications.min');
    }
  });
});

describe('naming.perRegion.max is checked like every rule when drafted and published', () => {
  const problems = draftProblemsOf('naming.perRegion.max', '附件2', '推荐名额分配表');
  it('naming.perRegion.max: county-level codes (a functional zone’s too) and directSchools, each at least 1, are accepted', () => {
    expect(problems({ '410481': 3, '410471': 1, directSchools: 1 })).toEqual([]);
  });
  it('naming.perRegion.max: no place at all, a code that names no county (a city’s, an unknown one), another key or a quota of 0 is refused, in Chinese, with the shape', () => {
    for (const wrong of [{}, { '410400': 3 }, { '419999': 3 }, { 局属学校: 1 }, { '410481': 0 }, [3]]) {
      const [message, ...more] = problems(wrong);
      expect(more).toEqual([]);
      expect(message).toContain('规则“naming.perRegion.max”的值');
      expect(message).toContain('键为县级行政区划代码');
    }
  });
});

describe('member.byCategory is checked like every rule when drafted and published', () => {
  const problems = draftProblemsOf('member.byCategory', '三(二)1', '名师工作室成员35岁以下');
  it('member.byCategory: member rules by studio category, each in its own shape, are accepted', () => {
    expect(problems({ TEACHER: { 'member.age.under': 35 }, HEAD_TEACHER: { 'member.activeHeadTeacher': true } })).toEqual([]);
  });
  it('member.byCategory: an unknown category, a rule it cannot hold, a wrong value or nothing stated is refused, in Chinese, with the shape', () => {
    for (const wrong of [
      { PRINCIPAL: { 'member.age.under': 35 } },
      { TEACHER: { 'team.members': { max: 10 } } },
      { TEACHER: { 'member.age.under': '35岁' } },
      { TEACHER: {} },
    ]) {
      const [message, ...more] = problems(wrong);
      expect(more).toEqual([]);
      expect(message).toContain('规则“member.byCategory”的值');
      expect(message).toContain('按工作室类别');
      expect(message).toContain('member.age.under、member.activeHeadTeacher');
    }
  });
});

describe('member.anyOf is checked like every rule when drafted and published', () => {
  const hosted = { 'member.hostedStudio.minLevel': 'SCHOOL' };
  const years = { 'member.headTeacherYears.min': 3 };
  const problems = draftProblemsOf('member.anyOf', '四(三)3(1)', '担任主持人或具备3年经验');
  it('member.anyOf: two alternatives, each one member rule in its own shape, are accepted', () => {
    expect(problems([hosted, years])).toEqual([]);
  });
  it('member.anyOf: a single alternative, a host rule, a studio level that is no studio level (国家级) or a wrong value is refused, in Chinese, with the shape', () => {
    for (const wrong of [
      [hosted],
      [hosted, { 'host.headTeacherYears.min': 3 }],
      [{ 'member.hostedStudio.minLevel': 'NATIONAL' }, years],
      [hosted, { 'member.headTeacherYears.min': -1 }],
    ]) {
      const [message, ...more] = problems(wrong);
      expect(more).toEqual([]);
      expect(message).toContain('规则“member.anyOf”的值');
      expect(message).toContain('满足其一即可的成员条件');
      expect(message).toContain('member.hostedStudio.minLevel、member.headTeacherYears.min');
    }
  });
});

describe('renewal (000 五.4)', () => {
  const renewal = (facts: Partial<TeacherFacts>, termsServed: number) =>
    eligibilityVerdicts(rulesOf('000-pingdingshan'), 'RENEWAL', teacher(facts), AS_OF, { termsServed, finalYear: 2027 });

  it('two terms at most: renewing after one passes, after two fails', () => {
    expect(verdict(renewal({}, 1), 'host.terms.max')).toBe(true);
    expect(verdict(renewal({}, 2), 'host.terms.max')).toBe(false);
  });

  it('not when retiring within 4 years of the final evaluation (2027): by the end of 2031 fails, 2032 passes', () => {
    expect(verdict(renewal({ retirementMonth: '2032-01' }, 1), 'host.renewal.retiresWithinYears')).toBe(true);
    expect(verdict(renewal({ retirementMonth: '2031-12' }, 1), 'host.renewal.retiresWithinYears')).toBe(false);
  });

  it('only while an active head teacher', () => {
    expect(verdict(renewal({ activeHeadTeacher: true }, 1), 'host.renewal.activeHeadTeacher')).toBe(true);
    expect(verdict(renewal({ activeHeadTeacher: false }, 1), 'host.renewal.activeHeadTeacher')).toBe(false);
  });
});

describe('leads (001 四(一) "1—2名领衔人")', () => {
  it('a second lead only where the policy allows two; a policy silent on leads takes one', () => {
    expect(verdict(check('001-wujin', [], 'change', 2), 'team.hosts')).toBe(true);
    expect(verdict(check('000-pingdingshan', [], 'change', 2), 'team.hosts')).toBe(false);
    expect(verdict(check('004-school-plan10', [], 'change', 2), 'team.hosts')).toBe(false);
  });
});

describe('obligation byHost and collectiveKinds are checked when drafted (003 四(职责)(二)4, 004 方案10 (一)2)', () => {
  const problems = draftProblemsOf('obligation.PUBLIC_CLASS', '三.4', '每学期公开课');
  it('obligation byHost / collectiveKinds: the host’s duty, and a per-member duty the studio’s collective work meets, are accepted', () => {
    expect(problems({ count: 1, per: 'YEAR', byHost: true, minLevel: 'TOWN' })).toEqual([]);
    expect(problems({ count: 1, per: 'SEMESTER', perMember: true, collectiveKinds: ['SHOWCASE_CLASS', 'FORUM'] })).toEqual([]);
  });
  it('obligation byHost / collectiveKinds: a duty both per member and the host’s, collective kinds on the studio’s own duty, or an unknown kind is refused, in Chinese, with the shape', () => {
    for (const wrong of [
      { count: 1, per: 'YEAR', perMember: true, byHost: true },
      { count: 1, per: 'SEMESTER', collectiveKinds: ['FORUM'] },
      { count: 1, per: 'SEMESTER', perMember: true, collectiveKinds: ['OPEN_DAY'] },
    ]) {
      const [message, ...more] = problems(wrong);
      expect(more).toEqual([]);
      expect(message).toContain('规则“obligation.PUBLIC_CLASS”的值');
      expect(message).toContain('"byHost": true（主持人本人完成）');
      expect(message).toContain('"collectiveKinds"');
    }
  });
});

describe('grade rules (000 五.3, 004 方案8 八(二), 002 方案3 七, 003 五(一))', () => {
  const at = (grade: 'FAIL' | 'PASS' | 'EXCELLENT' | null, last = true) =>
    last ? { studio: '某名班主任工作室', endYear: 2026, grade } : null;
  const judged = (policy: string, role: 'HOST' | 'RENEWAL', rule: string, lastFinal: ReturnType<typeof at>) =>
    eligibilityVerdicts(rulesOf(policy), role, teacher({}), AS_OF, { termsServed: 1, finalYear: 2026, lastFinal }).find(
      (v) => v.rule === rule,
    )?.passed;

  it('host.renewal.finalGrade.min: 延期 after a final graded 优秀 passes, 合格 fails, none recorded is undecided', () => {
    const rule = 'host.renewal.finalGrade.min';
    expect(
      [at('EXCELLENT'), at('PASS'), at(null), at(null, false)].map((f) => judged('004-shijiazhuang', 'RENEWAL', rule, f)),
    ).toEqual([true, false, null, null]);
  });

  it('host.terms.finalGrade.min: applying again after a final graded 合格 passes, 不合格 fails, none recorded is undecided; a first application passes', () => {
    const rule = 'host.terms.finalGrade.min';
    expect([at('PASS'), at('FAIL'), at(null), at(null, false)].map((f) => judged('003-shenzhen-2', 'HOST', rule, f))).toEqual([
      true,
      false,
      null,
      true,
    ]);
  });

  it('evaluation.grades: a scale must hold 不合格 and no grade twice; publishing refuses a scale for a kind the programme does not hold, and a commendation or renewal asking a grade off the scale', () => {
    const row = (code: string, value: unknown): RuleInput => ({ code, value, clause: '第一条', text: '…' });
    const base = [row('cycle.years', 3), row('evaluation.kinds', ['ANNUAL', 'FINAL'])];
    expect(draftProblems([row('evaluation.grades', { FINAL: ['EXCELLENT', 'PASS'] })])).toHaveLength(1);
    expect(draftProblems([row('evaluation.grades', { FINAL: ['PASS', 'PASS', 'FAIL'] })])).toHaveLength(1);
    expect(publishProblems('COUNTY', [...base, row('evaluation.grades', { FINAL: ['EXCELLENT', 'PASS', 'FAIL'] })])).toEqual([]);
    expect(
      publishProblems('COUNTY', [...base, row('evaluation.grades', { CREATION: ['PASS', 'FAIL'] })]).map((p) => p.rule),
    ).toEqual(['evaluation.grades']);
    const twoGrades = row('evaluation.grades', { FINAL: ['PASS', 'FAIL'] });
    for (const asking of [
      row('commendation.studio', { kind: 'FINAL', minGrade: 'EXCELLENT' }),
      row('host.renewal.finalGrade.min', 'EXCELLENT'),
    ])
      expect(publishProblems('COUNTY', [...base, twoGrades, asking]).map((p) => p.rule)).toEqual([asking.code]);
    expect(publishProblems('COUNTY', [...base, twoGrades, row('host.terms.finalGrade.min', 'PASS')])).toEqual([]);
  });
});
