import { evaluations, schools, studios, teachers } from './support/demo.ts';
import { eventually } from './support/events.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

const TRANSITION = `mutation ($input: TransitionStudioInput!) {
  transitionStudio(input: $input) { id status version nextStatuses transitions { from to reason actorLevel } }
}`;
const READ = 'query ($id: ID!) { studio(id: $id) { status version transitions { to } } }';
const CITY_EDITOR: Office = { level: 'CITY', region: '410400', roles: ['editor'] };
const byKey = (regionCode: string, status: string) => studios.find((s) => s.regionCode === regionCode && s.status === status)!;

describe('studio lifecycle (issue 3: only legal transitions, each recorded with who, when and why)', () => {
  test('the city plaques its on-hold studio in 叶县 only after a passed 二次评估 (000 五.3), then runs it; recorded and audited', async ({
    hub,
  }) => {
    const studio = byKey('410422', 'ON_HOLD');
    // the 二次评估 is still pending: no plaque yet
    const early = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'ESTABLISHED', reason: '二次评估合格，同意授牌' } },
      CITY_EDITOR,
    );
    expectRefusal(early, 'POLICY_VIOLATION', { seed: '000 五.3' });
    const second = evaluations.find((e) => e.studioId === studio.id && e.kind === 'SECOND_EVALUATION')!;
    await hub.query(
      'mutation ($id: ID!) { recordEvaluationResult(input: { id: $id, version: 1, result: PASS }) { id } }',
      { id: second.id },
      { level: 'CITY', region: '410400', roles: ['evaluator'] },
    );
    await eventually(
      async () => (await hub.query(READ, { id: studio.id })).data.studio.status,
      (s) => s === 'ESTABLISHED',
    );
    const { data, errors } = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 2, to: 'RUNNING', reason: '授牌后开始运行' } },
      CITY_EDITOR,
    );
    expect(errors).toBeUndefined();
    expect(data.transitionStudio).toMatchObject({
      status: 'RUNNING',
      version: 3,
      nextStatuses: ['WARNED', 'ON_HOLD', 'COMPLETED', 'REVOKED'],
    });
    expect(data.transitionStudio.transitions.at(-1)).toEqual({
      from: 'ESTABLISHED',
      to: 'RUNNING',
      reason: '授牌后开始运行',
      actorLevel: 'CITY',
    });
    // readable by the offices above: the province sees the change in its subtree
    const audit = await hub.query('{ region(code: "410000") { studioChanges { action entityId summary actorLevel } } }');
    expect(audit.data.region.studioChanges[0]).toMatchObject({
      action: 'transitionStudio',
      entityId: studio.id,
      actorLevel: 'CITY',
    });
    expect(audit.data.region.studioChanges[0].summary).toContain('授牌 → 运行中');
    // and not by an office beside it
    const beside = await hub.query(
      '{ region(code: "440300") { studioChanges { entityId } } }',
      {},
      { level: 'CITY', region: '440300' },
    );
    expect(beside.data.region.studioChanges).toEqual([]);
  });

  test('an illegal step is refused with the legal ones named, and nothing is written', async ({ hub }) => {
    const studio = byKey('410481', 'RUNNING');
    const { errors } = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'APPLIED', reason: '误操作' } },
      CITY_EDITOR,
    );
    const refusal = expectRefusal({ errors }, 'BAD_USER_INPUT', { allowed: ['WARNED', 'ON_HOLD', 'COMPLETED', 'REVOKED'] });
    expect(refusal.message).toContain('不能从“运行中”变为“申报”');
    expect((await hub.query(READ, { id: studio.id })).data.studio).toEqual({ status: 'RUNNING', version: 1, transitions: [] });
  });

  test('a revoked studio goes nowhere (000: 撤销建制 is final)', async ({ hub }) => {
    const studio = byKey('410423', 'REVOKED');
    const { errors } = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'RUNNING', reason: '恢复' } },
      CITY_EDITOR,
    );
    expect(errors![0]!.message).toContain('无（已撤销建制）');
  });

  test('a change based on a stale version is refused with CONFLICT, not lost', async ({ hub }) => {
    const studio = byKey('410400', 'RUNNING');
    const first = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'WARNED', reason: '年度考核不合格' } },
      CITY_EDITOR,
    );
    expect(first.data.transitionStudio.version).toBe(2);
    const stale = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'COMPLETED', reason: '届满' } },
      CITY_EDITOR,
    );
    expectRefusal(stale, 'CONFLICT', { currentVersion: 2 });
    expect((await hub.query(READ, { id: studio.id })).data.studio.status).toBe('WARNED');
  });

  test('writes by role and level: a viewer and a county office for a municipal studio are FORBIDDEN, an office elsewhere NOT_FOUND', async ({
    hub,
  }) => {
    const studio = byKey('410421', 'ON_HOLD');
    const input = { id: studio.id, version: 1, to: 'REVOKED', reason: '二次评估不合格' };
    for (const [office, code, message] of [
      [{ ...CITY_EDITOR, roles: ['viewer'] }, 'FORBIDDEN', '角色'],
      [{ level: 'COUNTY', region: '410421', roles: ['editor'] }, 'FORBIDDEN', '市级或更高层级'],
      [{ level: 'CITY', region: '440300', roles: ['admin'] }, 'NOT_FOUND', '权限范围'],
    ] as [Office, string, string][]) {
      const { errors } = await hub.query(TRANSITION, { input }, office);
      expect(expectRefusal({ errors }, code).message).toContain(message);
    }
    // the province, above the city, may
    const { errors } = await hub.query(TRANSITION, { input }, { level: 'PROVINCE', region: '410000', roles: ['editor'] });
    expect(errors).toBeUndefined();
  });

  test('a reason is required', async ({ hub }) => {
    const studio = byKey('410402', 'ON_HOLD');
    const { errors } = await hub.query(
      TRANSITION,
      { input: { id: studio.id, version: 1, to: 'ESTABLISHED', reason: '  ' } },
      CITY_EDITOR,
    );
    expectRefusal({ errors }, 'BAD_USER_INPUT');
    expect(errors![0]!.message).toContain('原因');
  });
});

describe('applying for a studio (申报)', () => {
  const APPLY = `mutation ($input: ApplyForStudioInput!) {
    applyForStudio(input: $input) { id name status level startYear endYear policy { id } transitions { to } nextStatuses }
  }`;
  const shijiazhuang = (regionCode: string) => schools.filter((s) => s.regionCode === regionCode);

  test("a qualifying teacher's school applies: named after the host, cycle from the policy (002 方案3: 2 years)", async ({
    hub,
  }) => {
    const school = shijiazhuang('130105')[0]!;
    const host = teachers.find((t) => t.schoolId === school.id && t.headTeacherYears >= 9 && /高级/.test(t.title))!;
    const office: Office = { level: 'SCHOOL', region: '130105', school: school.id, roles: ['editor'] };
    const { data, errors } = await hub.query(
      APPLY,
      { input: { policyId: '004-shijiazhuang', hostTeacherId: host.id, batch: '石家庄市2026年', startYear: 2026 } },
      office,
    );
    expect(errors).toBeUndefined();
    expect(data.applyForStudio).toMatchObject({
      name: `${host.name}名班主任工作室`,
      status: 'APPLIED',
      level: 'MUNICIPAL',
      startYear: 2026,
      endYear: 2027,
      policy: { id: '004-shijiazhuang' },
      nextStatuses: ['UNDER_REVIEW', 'REVOKED'],
    });
    // with no team yet it cannot go public (publicity needs a team that meets the policy)
    await hub.query(
      TRANSITION,
      { input: { id: data.applyForStudio.id, version: 1, to: 'UNDER_REVIEW', reason: '受理' } },
      { level: 'CITY', region: '130100', roles: ['editor'] },
    );
    const publicity = await hub.query(
      TRANSITION,
      { input: { id: data.applyForStudio.id, version: 2, to: 'IN_PUBLICITY', reason: '评审通过' } },
      { level: 'CITY', region: '130100', roles: ['editor'] },
    );
    expect(publicity.errors).toBeUndefined(); // Shijiazhuang sets no minimum team size
  });

  test('a host who does not qualify is refused with the rule (002 方案3 五(一): 9 years)', async ({ hub }) => {
    const school = shijiazhuang('130102')[0]!;
    const young = teachers.find((t) => t.schoolId === school.id && t.headTeacherYears < 9)!;
    const { errors } = await hub.query(
      APPLY,
      { input: { policyId: '004-shijiazhuang', hostTeacherId: young.id, batch: '石家庄市2026年', startYear: 2026 } },
      { level: 'CITY', region: '130100', roles: ['editor'] },
    );
    expectRefusal({ errors }, 'POLICY_VIOLATION', { rule: 'host.headTeacherYears.min', seed: '002 方案3 五(一)' });
  });

  test('a policy does not reach outside its issuing region', async ({ hub }) => {
    const henan = teachers.find(
      (t) => t.schoolId === schools.find((s) => s.regionCode === '410422')!.id && t.headTeacherYears >= 9,
    )!;
    const { errors } = await hub.query(
      APPLY,
      { input: { policyId: '004-shijiazhuang', hostTeacherId: henan.id, batch: '2026', startYear: 2026 } },
      { level: 'PROVINCE', region: '410000', roles: ['editor'] },
    );
    expectRefusal({ errors }, 'POLICY_VIOLATION', 'policy.region');
  });
});
