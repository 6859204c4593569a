import { demoStudio, evaluations, studios } from './support/demo.ts';
import { eventually, undelivered, undeliveredSettles } from './support/events.ts';
import { type Office, type TestHub, expectRefusal } from './support/hub.ts';
import { describe, expect, test } from './support/stories.ts';

const RECORD = `mutation ($id: ID!, $v: Int!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: $v, result: $r }) { id status result } }`;
const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id version } }`;
const STUDIO = 'query ($id: ID!) { studio(id: $id) { status transitions { to reason } evaluations { kind year status } } }';
const evaluator = (region: string): Office => ({
  level: region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles: ['evaluator', 'editor'],
});

const studioState = (hub: TestHub, id: string, as: Office) => async () => (await hub.query(STUDIO, { id }, as)).data.studio;
const pendingOf = (studioId: string, kind: string) =>
  evaluations.find((e) => e.studioId === studioId && e.kind === kind && e.status === 'PENDING')!;

describe('evaluation results and their consequences across subgraphs (000, 003)', () => {
  test('000 五.3: a passed 二次评估 earns the plaque; a failed one (the second creation failure) revokes', async ({ hub }) => {
    const [pass, fail] = studios.filter((s) => s.policyId === '000-pingdingshan' && s.status === 'ON_HOLD');
    const city = evaluator('410400');
    await hub.query(RECORD, { id: pendingOf(pass!.id, 'SECOND_EVALUATION').id, v: 1, r: 'PASS' }, city);
    await hub.query(RECORD, { id: pendingOf(fail!.id, 'SECOND_EVALUATION').id, v: 1, r: 'FAIL' }, city);
    const passed = await eventually(studioState(hub, pass!.id, city), (s) => s.status !== 'ON_HOLD');
    expect(passed.status).toBe('ESTABLISHED');
    const failed = await eventually(studioState(hub, fail!.id, city), (s) => s.status !== 'ON_HOLD');
    expect(failed.status).toBe('REVOKED');
    expect(failed.transitions.at(-1).reason).toContain('000 五.3');
  });

  test('000 五.3: a failed creation evaluation puts a studio on hold and schedules its 二次评估 for the next year', async ({
    hub,
    studio: { id, city },
  }) => {
    await hub.query(
      'mutation ($id: ID!) { transitionStudio(input: { id: $id, version: 1, to: UNDER_REVIEW, reason: "受理" }) { status } }',
      { id },
      city,
    );
    const creation = await hub.query(SCHEDULE, { s: id, k: 'CREATION', y: 2026 }, city);
    await hub.query(RECORD, { id: creation.data.scheduleEvaluation.id, v: 1, r: 'FAIL' }, city);
    const after = await eventually(studioState(hub, id, city), (s) => s.status === 'ON_HOLD');
    expect(after.status).toBe('ON_HOLD');
    expect(after.evaluations).toContainEqual({ kind: 'SECOND_EVALUATION', year: 2027, status: 'PENDING' });
  });

  test('000 五.5: one failed annual assessment changes nothing, the second in a row revokes', async ({ hub }) => {
    // 王伟名班主任工作室 (湛河区, 2025—2028): no annual assessment yet; results only for years that have come
    const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', regionCode: '410411' });
    const county = evaluator(studio.regionCode);
    const first = await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2025 }, county);
    await hub.query(RECORD, { id: first.data.scheduleEvaluation.id, v: 1, r: 'FAIL' }, county);
    // the first failure is delivered (studios acknowledged it) and changes nothing
    expect(await undeliveredSettles(hub, 0)).toBe(0);
    expect((await studioState(hub, studio.id, county)()).status).toBe('RUNNING');
    const next = await hub.query(SCHEDULE, { s: studio.id, k: 'ANNUAL', y: 2026 }, county);
    await hub.query(RECORD, { id: next.data.scheduleEvaluation.id, v: 1, r: 'FAIL' }, county);
    const after = await eventually(studioState(hub, studio.id, county), (s) => s.status === 'REVOKED');
    expect(after.status).toBe('REVOKED');
    expect(after.transitions.at(-1).reason).toContain('000 五.5');
  });

  test('002 方案3 七: a failed final evaluation revokes the studio — recorded while studios is down, applied once when it is back', async ({
    hub,
  }) => {
    // 004-shijiazhuang's studio in 长安区 (2025—2026): its final evaluation of this year is pending
    const studio = demoStudio({ policyId: '004-shijiazhuang', status: 'RUNNING' });
    const city = evaluator('130100');
    await hub.subgraphs.studios!.close();
    const recorded = await hub.query(RECORD, { id: pendingOf(studio.id, 'FINAL').id, v: 1, r: 'FAIL' }, city);
    expect(recorded.errors).toBeUndefined(); // the evaluation is recorded although studios cannot hear of it yet
    await new Promise((r) => setTimeout(r, 1500));
    expect(await undelivered(hub)).toBe(1); // kept in the outbox, retried with back-off
    await hub.restartSubgraph('studios');
    const after = await eventually(studioState(hub, studio.id, city), (s) => s.status === 'REVOKED', 30_000);
    expect(after.status).toBe('REVOKED');
    expect(after.transitions.filter((t: { to: string }) => t.to === 'REVOKED')).toHaveLength(1);
    expect(after.transitions.at(-1).reason).toContain('002 方案3 七');
  });

  test('only evaluators record results, and a result is recorded once', async ({ hub }) => {
    // the vocational school's final of this year (the 长安区 studio's was recorded above)
    const pending = evaluations.findLast((e) => e.status === 'PENDING' && e.kind === 'FINAL')!;
    const viewer: Office = { level: 'PROVINCE', region: `${pending.regionCode.slice(0, 2)}0000`, roles: ['viewer'] };
    expectRefusal(await hub.query(RECORD, { id: pending.id, v: 1, r: 'PASS' }, viewer), 'FORBIDDEN');
    const office = { ...viewer, roles: ['evaluator' as const] };
    expect((await hub.query(RECORD, { id: pending.id, v: 1, r: 'PASS' }, office)).errors).toBeUndefined();
    expect((await hub.query(RECORD, { id: pending.id, v: 2, r: 'FAIL' }, office)).errors![0]!.message).toContain('已有结果');
  });
});
