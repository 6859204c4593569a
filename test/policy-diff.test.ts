import { describe, expect, test, expectRefusal } from './support/hub.ts';

/**
 * Issue 15.3: policyDiff lists the rules added, removed and changed between two policies, here 000 (平顶山,
 * 000_29b044b2cb73ed25.txt) and 003 (深圳第二批, 003_34ebe12d23997017.txt), as each seed states them; and as an export.
 */

const DIFF = `query ($a: String!, $b: String!) {
  policyDiff(a: $a, b: $b) { code change before { value seed } after { value seed } meaning }
}`;

/** A rule both policies have, with each one's value and the section it comes from. */
const changedRule = (code: string, [a, aSeed]: [string, string], [b, bSeed]: [string, string]) => ({
  code,
  change: 'CHANGED',
  before: { value: a, seed: aSeed },
  after: { value: b, seed: bSeed },
  meaning: null,
});

describe('policyDiff 000-pingdingshan → 003-shenzhen-2 (issue 15.3)', () => {
  test('the changed rules, with both values and sections as the seeds state them', async ({ hub }) => {
    const { data, errors } = await hub.query(DIFF, { a: '000-pingdingshan', b: '003-shenzhen-2' });
    expect(errors).toBeUndefined();
    const changed = data.policyDiff.filter((c: { change: string }) => c.change === 'CHANGED');
    expect(changed).toEqual([
      // 000 五.5 连续两次年度考核不合格者 / 003 五(一) 第二次考核不合格的
      changedRule(
        'consequence.annualFails.revokeAt',
        ['{"count":2,"consecutive":true}', '000 五.5'],
        ['{"count":2,"consecutive":false}', '003 五(一)'],
      ),
      // 000 五.1 建设周期为4年 / 003 建设周期为 2019—2021 年
      changedRule('cycle.years', ['4', '000 五.1'], ['3', '003 四(设置标准)(一)']),
      changedRule('evaluation.kinds', ['["CREATION","ANNUAL","FINAL"]', '000 五.1—五.3'], ['["ANNUAL","FINAL"]', '003 五(一)']),
      // 000: the city founds and ends, its counties assess each year / 003: the city's leading group assesses all
      changedRule(
        'evaluation.offices',
        ['{"FINAL":"CITY","ANNUAL":"COUNTY","CREATION":"CITY"}', '000 五.8; 五.1—五.2'],
        ['{"FINAL":"CITY","ANNUAL":"CITY"}', '003 五(一)'],
      ),
    ]);
    // 000 四.1 成员不少于10人 (its member tier, beside 核心成员) / 003 普通成员 6 到 8 人 (everyone but the host and
    // mentor): not the same group, so not a change of value but of meaning (issue 24.5)
    expect(data.policyDiff.filter((c: { change: string }) => c.change === 'REDEFINED')).toEqual([
      {
        code: 'team.members',
        change: 'REDEFINED',
        before: { value: '{"min":10}', seed: '000 四.1' },
        after: { value: '{"max":8,"min":6}', seed: '003 四(设置标准)(三)' }, // jsonb keeps keys sorted
        meaning:
          '甲方的“成员”只计“成员”一级（另设核心成员 team.core，主持人助理计入核心成员）；乙方的“成员”计除主持人、导师外的所有人（不设核心成员，主持人助理也计入）',
      },
    ]);
    const codes = (kind: string) =>
      data.policyDiff.filter((c: { change: string }) => c.change === kind).map((c: { code: string }) => c.code);
    // 003 alone: a mentor, the own-school count of 2, host and member conditions (a member's 3 years or a studio
    // hosted, 003 四(三)3(1): member.anyOf; applying again after a passed final, 003 五(一)), research, funding and
    // a yearly budget, weekly to cyclic obligations (the host's training, 003 四(职责)(二)4, among them)
    expect(codes('ADDED')).toEqual([
      'consequence.annualFail.warn',
      'funding.budget.yearly',
      'funding.matching',
      'funding.standard',
      'host.activeHeadTeacher',
      'host.classHonor.min',
      'host.headTeacherYears.min',
      'host.honor.min',
      'host.research.min',
      'host.terms.finalGrade.min',
      'host.yearsLeftInPost.min',
      'member.activeHeadTeacher',
      'member.anyOf',
      'obligation.CONTEST_WORK',
      'obligation.FIELD_PRACTICE',
      'obligation.FORUM',
      'obligation.LECTURE',
      'obligation.NEWS_POST',
      'obligation.OFFLINE_STUDY',
      'obligation.ONLINE_TRAINING',
      'obligation.OUTCOME_COLLECTION',
      'obligation.PLAN',
      'obligation.RESEARCH_PROJECT',
      'obligation.TRAINING_ATTENDED',
      'ownSchool.count',
      'team.mentors',
    ]);
    // 000 alone: the core tier and assistant, the own-school shares, 5 schools, creation evaluation and its two
    // grades (000 五.3), funds after the plaque (000 五.3; 003 funds from the founding), the school as funder
    // (000 四.4), renewal, leaving the county, commending a passed final (000 五.4), nomination places per county (附件2)
    expect(codes('REMOVED')).toEqual([
      'assistant.fromHostSchool',
      'commendation.studio',
      'consequence.creationFail.hold',
      'consequence.creationFails.revokeAt',
      'consequence.finalFail.revoke',
      'consequence.misconduct.revoke',
      'evaluation.grades',
      'funding.afterPlaque',
      'funding.provided',
      'host.leavesCounty.revoke',
      'host.renewal.activeHeadTeacher',
      'host.renewal.retiresWithinYears',
      'host.terms.max',
      'naming.perRegion.max',
      'ownSchool.coreShare',
      'ownSchool.memberShare',
      'schools.min',
      'team.assistants',
      'team.core',
    ]);
    // both say one host (000 四.1, 003 四(设置标准)(三) 主持人 1 人): not a difference
    expect(data.policyDiff.some((c: { code: string }) => c.code === 'team.hosts')).toBe(false);
  });

  test('a policy against itself has no differences; an unknown version is NOT_FOUND', async ({ hub }) => {
    expect((await hub.query(DIFF, { a: '001-wujin', b: '001-wujin' })).data.policyDiff).toEqual([]);
    const missing = await hub.query(`{ policyDiff(a: "001-wujin", b: "001-wujin", bVersion: 9) { code } }`);
    expectRefusal(missing, 'NOT_FOUND', { argumentName: 'bVersion' });
  });

  test('the same as an export: /export/policy-diff.csv?a=&b=', async ({ hub }) => {
    const res = await fetch(`${hub.url}/export/policy-diff.csv?a=000-pingdingshan&b=003-shenzhen-2`, {
      headers: { authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('规则代码,变化,甲方取值,甲方条款,甲方原文,乙方取值,乙方条款,乙方原文,含义差异,变化代码');
    expect(lines).toHaveLength(1 + 5 + 26 + 19);
    expect(lines.find((l) => l.startsWith('cycle.years,'))).toMatch(
      /^cycle\.years,取值不同,4,000 五\.1,.*,3,003 四\(设置标准\)\(一\),/,
    );
    const bad = await fetch(`${hub.url}/export/policy-diff.csv?a=000-pingdingshan&b=x%20y`, {
      headers: { authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}` },
    });
    expect(bad.status).toBe(400);
  });
});
