import { demoStudio, evaluations, schools, studios, teachers } from './support/demo.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

/**
 * Issue 24.2: the rules hold everywhere they apply. Evaluations follow the studio's programme (evaluation.kinds)
 * and cycle; results are recorded only for years that have come ("today" from lib/domain/clock.ts, 2026 in tests).
 */

const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id kind year } }`;
const RECORD = `mutation ($id: ID!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: 1, result: $r }) { status } }`;
const evaluator = (region: string): Office => ({
  level: region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles: ['evaluator'],
});
const hosting = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const staffOf = (region: string) =>
  teachers.filter((t) => !hosting.has(t.id) && schools.find((s) => s.id === t.schoolId)!.regionCode === region);

// 陈雨桐名班主任工作室 (舞钢市, 000, cycle 2024—2027): creation 2024 and annual 2025 passed
const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', regionCode: '410481' });
const county = evaluator(studio.regionCode);
const city = evaluator('410400');

describe('evaluations follow the studio’s programme and cycle (issue 24.2; 000 五.1—五.3, 003 五(一))', () => {
  test('evaluation.kinds: a kind the programme does not hold is refused, naming the kinds it holds', async ({ hub }) => {
    const midterm = await hub.query(SCHEDULE, { s: studio.id, k: 'MIDTERM', y: 2026 }, city);
    expectRefusal(midterm, 'POLICY_VIOLATION', { rule: 'evaluation.kinds', seed: '000 五.1—五.3' });
    expect(midterm.errors![0]!.message).toBe(
      '该工作室执行的政策不安排中期考核，只安排创建评估、年度考核、届满/终期考核（000 五.1—五.3）',
    );
    // 003 holds annual and final evaluations only (003 五(一))
    const shenzhen = demoStudio({ policyId: '003-shenzhen-2', status: 'WARNED' });
    const creation = await hub.query(SCHEDULE, { s: shenzhen.id, k: 'CREATION', y: 2019 }, evaluator('440300'));
    expectRefusal(creation, 'POLICY_VIOLATION', 'evaluation.kinds');
  });

  test('no final in the cycle’s first year nor after its last, an annual assessment in the cycle’s years only', async ({
    hub,
  }) => {
    const first = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: 2024 }, city);
    expectRefusal(first, 'POLICY_VIOLATION', { rule: 'evaluation.kinds', argumentName: 'year' });
    expect(first.errors![0]!.message).toContain(
      '届满/终期考核应在建设周期的第一年之后、2027 年或之前（建设周期 2024—2027 年；000 五.1—五.3），不能安排在 2024 年',
    );
    // after the last year neither
    expectRefusal(await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: 2028 }, city), 'POLICY_VIOLATION');
    const last = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: 2027 }, city);
    expect(last.errors).toBeUndefined();
    // the annual assessment: 2027 is the cycle's last year, 2028 is past it
    expectRefusal(await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2028 }, county), 'POLICY_VIOLATION');
    expect((await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2027 }, county)).errors).toBeUndefined();
    // the creation evaluation in the first year: 2024 holds one already, 2025 is not its year
    expectRefusal(await hub.query(SCHEDULE, { s: studio.id, k: 'CREATION', y: 2025 }, city), 'POLICY_VIOLATION');
  });

  test('results for a year that has not come are refused; this year’s are recorded', async ({ hub }) => {
    const thisYear = await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2026 }, county);
    expect((await hub.query(RECORD, { id: thisYear.data.scheduleEvaluation.id, r: 'PASS' }, county)).errors).toBeUndefined();
    const future = evaluations.find((e) => e.studioId === studio.id && e.year === 2027);
    expect(future).toBeUndefined(); // scheduled above, not in the demo
    const { data } = await hub.query(
      'query ($id: ID!) { studio(id: $id) { evaluations { id kind year status } } }',
      { id: studio.id },
      county,
    );
    const annual2027 = data.studio.evaluations.find(
      (e: { kind: string; year: number }) => e.kind === 'ANNUAL' && e.year === 2027,
    );
    const refused = await hub.query(RECORD, { id: annual2027.id, r: 'PASS' }, county);
    expectRefusal(refused, 'BAD_USER_INPUT', { year: 2027 });
    expect(refused.errors![0]!.message).toBe('2027 年的年度考核尚未到期（今天是 2026-12-01），不能提前录入结果');
  });
});

const XINHUA: Office = { level: 'COUNTY', region: '410402', roles: ['admin', 'editor'], subject: 'xinhua-admin' };
const XINHUA_POLICY = '410402-rules-everywhere';
const rule = (code: string, value: unknown, clause: string) => ({ code, value: JSON.stringify(value), clause, text: clause });
const APPLY = `mutation ($t: ID!) {
  applyForStudio(input: { policyId: "${XINHUA_POLICY}", hostTeacherId: $t, batch: "第一批", startYear: 2026 }) { id }
}`;
const WAIVE = `mutation ($i: WaiveUndecidedRuleInput!) { waiveUndecidedRule(input: $i) { rule reason decidedLevel } }`;

describe('undecidable verdicts and obligations from the studio’s start (issue 24.2)', () => {
  test('a host whose eligibility cannot be decided is refused, naming the missing data, until the county waives it with a reason; a studio founded today is not OVERDUE', async ({
    hub,
  }) => {
    const drafted = await hub.query(
      'mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id } }',
      {
        input: {
          policyId: XINHUA_POLICY,
          title: '新华区名班主任工作室管理办法（试行）',
          issuer: '新华区教育体育局',
          rules: [
            rule('cycle.years', 3, '第五条'),
            rule('host.yearsLeftInPost.min', 3, '第四条'),
            rule('obligation.LECTURE', { count: 1, per: 'MONTH' }, '第六条'),
          ],
        },
      },
      XINHUA,
    );
    expect(drafted.errors).toBeUndefined();
    expect(
      (await hub.query('mutation { publishPolicyVersion(policyId: "410402-rules-everywhere", version: 1) { id } }', {}, XINHUA))
        .errors,
    ).toBeUndefined();
    const host = staffOf('410402')[0]!;
    // the host's birth date was never recorded
    await hub.subgraphs
      .personnel!.orm.orm.em.getConnection()
      .execute('update teacher set birth_date = null where id = ?', [host.id]);
    const refused = await hub.query(APPLY, { t: host.id }, XINHUA);
    expectRefusal(refused, 'POLICY_VIOLATION', 'host.yearsLeftInPost.min');
    expect(refused.errors![0]!.message).toContain('无法判定：未录入出生日期或性别，无法计算法定退休时间');

    // a school may not waive the county's rule; the county may, with a reason
    const i = {
      policyId: XINHUA_POLICY,
      teacherId: host.id,
      rule: 'host.yearsLeftInPost.min',
      reason: '档案在调取中，经核实距退休逾十年',
    };
    const school: Office = { level: 'SCHOOL', region: '410402', school: host.schoolId, roles: ['admin'] };
    expectRefusal(await hub.query(WAIVE, { i }, school), 'FORBIDDEN');
    expectRefusal(await hub.query(WAIVE, { i: { ...i, reason: ' ' } }, XINHUA), 'BAD_USER_INPUT');
    const waived = await hub.query(WAIVE, { i }, XINHUA);
    expect(waived.data.waiveUndecidedRule).toEqual({
      rule: 'host.yearsLeftInPost.min',
      reason: i.reason,
      decidedLevel: 'COUNTY',
    });
    const applied = await hub.query(APPLY, { t: host.id }, XINHUA);
    expect(applied.errors).toBeUndefined();

    // visible on the studio; obligations count from the day it was founded (2026-12-01): November is not held against it
    const { data } = await hub.query(
      `query ($id: ID!) { studio(id: $id) {
        waivers { rule reason }
        today: obligations { kind state }
        later: obligations(asOf: "2027-01-05") { kind state }
      } }`,
      { id: applied.data.applyForStudio.id },
      XINHUA,
    );
    expect(data.studio.waivers).toEqual([{ rule: 'host.yearsLeftInPost.min', reason: i.reason }]);
    expect(data.studio.today).toEqual([{ kind: 'LECTURE', state: 'BEHIND' }]);
    // December, its first month, ended with no lecture
    expect(data.studio.later).toEqual([{ kind: 'LECTURE', state: 'OVERDUE' }]);
  });
});
