import { demoStudio, evaluations } from './support/demo.ts';
import { describe, expect, test, type Office } from './support/hub.ts';

/**
 * Issue 24.2: the rules hold everywhere they apply. Evaluations follow the studio's programme (evaluation.kinds)
 * and cycle; results are recorded only for years that have come ("today" from lib/clock.ts, 2026 in tests).
 */

const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id kind year } }`;
const RECORD = `mutation ($id: ID!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: 1, result: $r }) { status } }`;
const evaluator = (region: string): Office => ({
  level: region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles: ['evaluator'],
});
const extensionsOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions;

// 陈雨桐名班主任工作室 (舞钢市, 000, cycle 2024—2027): creation 2024 and annual 2025 passed
const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', regionCode: '410481' });
const county = evaluator(studio.regionCode);
const city = evaluator('410400');

describe('evaluations follow the studio’s programme and cycle (issue 24.2; 000 五.1—五.3, 003 五(一))', () => {
  test('evaluation.kinds: a kind the programme does not hold is refused, naming the kinds it holds', async ({ hub }) => {
    const midterm = await hub.query(SCHEDULE, { s: studio.id, k: 'MIDTERM', y: 2026 }, city);
    expect(extensionsOf(midterm)).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'evaluation.kinds', seed: '000 五.1—五.3' });
    expect(midterm.errors![0]!.message).toBe(
      '该工作室执行的政策不安排中期考核，只安排创建评估、年度考核、届满/终期考核（000 五.1—五.3）',
    );
    // 003 holds annual and final evaluations only (003 五(一))
    const shenzhen = demoStudio({ policyId: '003-shenzhen-2', status: 'WARNED' });
    const creation = await hub.query(SCHEDULE, { s: shenzhen.id, k: 'CREATION', y: 2019 }, evaluator('440300'));
    expect(extensionsOf(creation)).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'evaluation.kinds' });
  });

  test('the final in the cycle’s last year only, an annual assessment in the cycle’s years only', async ({ hub }) => {
    const first = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: 2024 }, city);
    expect(extensionsOf(first)).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'evaluation.kinds', argumentName: 'year' });
    expect(first.errors![0]!.message).toContain(
      '届满/终期考核应在2027 年（建设周期 2024—2027 年；000 五.1—五.3），不能安排在 2024 年',
    );
    const last = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: 2027 }, city);
    expect(last.errors).toBeUndefined();
    // the annual assessment: 2027 is the cycle's last year, 2028 is past it
    expect(extensionsOf(await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2028 }, county))).toMatchObject({
      code: 'POLICY_VIOLATION',
    });
    expect((await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2027 }, county)).errors).toBeUndefined();
    // the creation evaluation in the first year: 2024 holds one already, 2025 is not its year
    expect(extensionsOf(await hub.query(SCHEDULE, { s: studio.id, k: 'CREATION', y: 2025 }, city))).toMatchObject({
      code: 'POLICY_VIOLATION',
    });
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
    expect(extensionsOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', year: 2027 });
    expect(refused.errors![0]!.message).toBe('2027 年的年度考核尚未到期（今天是 2026-12-01），不能提前录入结果');
  });
});
