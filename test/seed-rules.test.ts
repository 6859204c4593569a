import { demoStudio, schools, studios, teachers } from './support/demo.ts';
import { today } from '../lib/domain/clock.ts';
import { eventually } from './support/events.ts';
import { shijiazhuangMemberRecord, recordCountyHonours } from './support/policies.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

/** Issue 16, points 1–4: every team rule as its seed writes it, on fresh studios through the gateway. */

const ADD = `mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id version memberCount } }`;
const READ = 'query ($id: ID!) { studio(id: $id) { status version members { role } compliance { rule passed reason } } }';
const APPLY = `mutation ($p: ID!, $t: ID!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "测试批次", startYear: $y }) { id }
}`;
const TRANSITION = `mutation ($input: TransitionStudioInput!) { transitionStudio(input: $input) { status version } }`;
const year = Number(today().slice(0, 4));

const hosting = new Set(studios.map((s) => s.hostTeacherId));
const staffOf = (schoolId: string) => teachers.filter((t) => t.schoolId === schoolId && !hosting.has(t.id));
const schoolsIn = (prefix: string) => schools.filter((s) => s.regionCode.startsWith(prefix));
const editor = (region: string): Office => ({ level: region.endsWith('00') ? 'CITY' : 'COUNTY', region, roles: ['editor'] });

async function add(hub: TestHub, studioId: string, teacherId: string, role: string, as: Office) {
  const { version } = (await hub.query(READ, { id: studioId }, as)).data.studio;
  return hub.query(ADD, { input: { studioId, version, teacherId, role } }, as);
}
async function addAll(hub: TestHub, studioId: string, people: { id: string }[], role: string, as: Office) {
  for (const t of people) expect((await add(hub, studioId, t.id, role, as)).errors).toBeUndefined();
}
async function apply(hub: TestHub, policyId: string, hostId: string, as: Office): Promise<string> {
  const { data, errors } = await hub.query(APPLY, { p: policyId, t: hostId, y: year }, as);
  expect(errors).toBeUndefined();
  return data.applyForStudio.id;
}
const verdict = async (hub: TestHub, id: string, rule: string, as: Office) =>
  (await hub.query(READ, { id }, as)).data.studio.compliance.find((v: { rule: string }) => v.rule === rule);

describe('000 四.1 "成员至少覆盖区域内5所学校": schools counted over the member tier (issue 16.1)', () => {
  test('members from 4 schools fail even when a core member adds a 5th; a member from the 5th school passes', async ({ hub }) => {
    const city = editor('410400');
    // a 郏县 school that hosts no studio yet; its assistant, 3 of its members, and four other schools
    const home = schoolsIn('410425').find((s) => !studios.some((x) => x.hostSchoolId === s.id))!;
    const [a, b, c, e] = schoolsIn('4104').filter((s) => s.id !== home.id);
    const [host, assistant, ...own] = staffOf(home.id);
    const id = await apply(hub, '000-pingdingshan', host!.id, city);
    await addAll(hub, id, [assistant!], 'ASSISTANT', city);
    await addAll(hub, id, staffOf(e!.id).slice(0, 6), 'CORE', city);
    await addAll(
      hub,
      id,
      [...own.slice(0, 3), ...staffOf(a!.id).slice(0, 3), ...staffOf(b!.id).slice(0, 2), ...staffOf(c!.id).slice(0, 2)],
      'MEMBER',
      city,
    );
    const four = await verdict(hub, id, 'schools.min', city);
    expect(four).toMatchObject({ passed: false });
    expect(four.reason).toContain('成员来自 4 所学校');
    let { version } = (await hub.query(READ, { id }, city)).data.studio;
    version = (await hub.query(TRANSITION, { input: { id, version, to: 'UNDER_REVIEW', reason: '受理' } }, city)).data
      .transitionStudio.version;
    const refused = await hub.query(TRANSITION, { input: { id, version, to: 'IN_PUBLICITY', reason: '评审通过' } }, city);
    expectRefusal(refused, 'POLICY_VIOLATION', { rule: 'schools.min', seed: '000 四.1' });
    expect(refused.errors![0]!.message).toContain('成员至少覆盖区域内5所学校');
    // a member from the core member's school: now the members themselves cover 5 schools
    await addAll(hub, id, staffOf(e!.id).slice(6, 7), 'MEMBER', city);
    expect(await verdict(hub, id, 'schools.min', city)).toMatchObject({ passed: true });
    ({ version } = (await hub.query(READ, { id }, city)).data.studio);
    const accepted = await hub.query(TRANSITION, { input: { id, version, to: 'IN_PUBLICITY', reason: '评审通过' } }, city);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.transitionStudio.status).toBe('IN_PUBLICITY');
  });
});

describe('team caps count everyone but the lead(s) and mentor, whatever their role (issue 16.2)', () => {
  test('001 四(一) "12名以内成员": a policy with no core tier or assistant takes neither; a member it takes', async ({ hub }) => {
    const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
    const office = editor('320412');
    const taken = new Set(studio.members.map((m) => m.teacherId));
    const [x, y] = schoolsIn('320412')
      .filter((s) => s.id !== studio.hostSchoolId)
      .flatMap((s) => staffOf(s.id))
      .filter((t) => !taken.has(t.id) && year - Number(t.birthDate.slice(0, 4)) < 39 && t.headTeacherYears >= 3);
    for (const t of [x!, y!]) await recordCountyHonours(hub, t.id, office);
    for (const role of ['CORE', 'ASSISTANT']) {
      const { errors } = await add(hub, studio.id, x!.id, role, office);
      expectRefusal({ errors }, 'POLICY_VIOLATION', { rule: 'team.members', seed: '001 四(一)' });
      expect(errors![0]!.message).toContain(role === 'CORE' ? '不设核心成员' : '不设主持人助理');
      expect(errors![0]!.message).toContain('1—2名领衔人、12名以内成员');
    }
    // counted from the studio as it stands, not as the demo seeded it: the lead test below adds to the same studio
    const COUNT = 'query ($id: ID!) { studio(id: $id) { memberCount } }';
    const before = (await hub.query(COUNT, { id: studio.id }, office)).data.studio.memberCount;
    const { data, errors } = await add(hub, studio.id, y!.id, 'MEMBER', office);
    expect(errors).toBeUndefined();
    expect(data.addStudioMember.memberCount).toBe(before + 1);
  });

  test('004 方案8 三 "1名主持人和7名成员组成（成员包含主持人助手1名）": the assistant is one of the 7', async ({ hub }) => {
    const county = editor('410422');
    const [home, ...others] = schoolsIn('410422')
      .filter((s) => !studios.some((x) => x.hostSchoolId === s.id))
      .concat(schoolsIn('410422').filter((s) => studios.some((x) => x.hostSchoolId === s.id)));
    const [host, assistant, secondAssistant] = staffOf(home!.id);
    const id = await apply(hub, '004-county-teachers', host!.id, county);
    await addAll(hub, id, [assistant!], 'ASSISTANT', county);
    const second = await add(hub, id, secondAssistant!.id, 'ASSISTANT', county);
    expectRefusal(second, 'POLICY_VIOLATION', 'team.assistants');
    const outside = others.flatMap((s) => staffOf(s.id));
    await addAll(hub, id, outside.slice(0, 6), 'MEMBER', county);
    expect(await verdict(hub, id, 'team.total', county)).toMatchObject({ passed: true });
    const eighth = await add(hub, id, outside[6]!.id, 'MEMBER', county);
    expectRefusal(eighth, 'POLICY_VIOLATION', { rule: 'team.total', seed: '004 方案8 三; 三(二)2' });
    expect(eighth.errors![0]!.message).toContain('团队成员（不含主持人、导师） 8 人，上限 7 人');
  });
});

describe('001 四(一) "每个名班主任工作室有1—2名领衔人": a second lead (issue 16.3)', () => {
  test('a second qualified lead is recorded, a third refused; an unqualified lead and a lead under a one-host policy are refused', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
    const office = editor('320412');
    // the experienced teacher of each other school (市级 honors recorded) qualifies as a lead (001 五(一))
    const [second, third] = schoolsIn('320412')
      .filter((s) => !studios.some((x) => x.hostSchoolId === s.id))
      .map((s) => teachers.find((t) => t.schoolId === s.id)!);
    const unqualified = staffOf(second!.schoolId).find(
      (t) => !studio.members.some((m) => m.teacherId === t.id) && t.id !== second!.id,
    )!;
    const weak = await add(hub, studio.id, unqualified.id, 'LEAD', office);
    expectRefusal(weak, 'POLICY_VIOLATION');
    expect(weak.errors![0]!.message).toContain('领衔人资格');
    const ok = await add(hub, studio.id, second!.id, 'LEAD', office);
    expect(ok.errors).toBeUndefined();
    const after = (await hub.query(READ, { id: studio.id }, office)).data.studio;
    expect(after.members.filter((m: { role: string }) => m.role === 'LEAD')).toHaveLength(1);
    expect(after.compliance.find((v: { rule: string }) => v.rule === 'team.hosts')).toMatchObject({ passed: true });
    expect(after.compliance.find((v: { rule: string }) => v.rule === 'team.hosts').reason).toContain('2 人，上限 2 人');
    const over = await add(hub, studio.id, third!.id, 'LEAD', office);
    expectRefusal(over, 'POLICY_VIOLATION', { rule: 'team.hosts', seed: '001 四(一)' });
    expect(over.errors![0]!.message).toContain('3 人，上限 2 人');
    // 000 四.1 has one host: no second lead
    const pds = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING' });
    const one = await add(
      hub,
      pds.id,
      staffOf(pds.hostSchoolId).find((t) => !pds.members.some((m) => m.teacherId === t.id))!.id,
      'LEAD',
      editor('410400'),
    );
    expectRefusal(one, 'POLICY_VIOLATION', { rule: 'team.hosts', seed: '000 四.1' });
  });
});

describe('own-school shares refuse only what no finished team could meet (issue 16.4)', () => {
  test('002 方案3 四(一) "本校成员不超过工作室总人数的20%": a new studio takes 2 of its 11 from the host school, not a 3rd', async ({
    hub,
  }) => {
    const city = editor('130100');
    const home = schoolsIn('1301').find((s) => s.stage !== 'VOCATIONAL' && !studios.some((x) => x.hostSchoolId === s.id))!;
    const host = teachers.find((t) => t.schoolId === home.id)!; // the experienced one, 市级 honors recorded
    const id = await apply(hub, '004-shijiazhuang', host.id, city);
    const own = staffOf(home.id).filter((t) => t.id !== host.id);
    // 002 方案3 五(二)3: each member has a county honour of their own and a 先进班集体 for their class, has taken part
    // in county research and published a paper
    for (const t of own.slice(0, 3)) await shijiazhuangMemberRecord(hub, t.id, city);
    const first = await add(hub, id, own[0]!.id, 'MEMBER', city);
    expect(first.errors).toBeUndefined();
    expect((await add(hub, id, own[1]!.id, 'MEMBER', city)).errors).toBeUndefined();
    const third = await add(hub, id, own[2]!.id, 'MEMBER', city);
    expectRefusal(third, 'POLICY_VIOLATION', 'ownSchool.teamShare');
    expect(third.errors![0]!.message).toContain('来自主持人所在学校的 3 人，按最多可达的 11 人计最多 2 人');
    // the team as it stands (2 of 3 from the host's school) is not yet one that can go public
    const now = await verdict(hub, id, 'ownSchool.teamShare', city);
    expect(now).toMatchObject({ passed: false });
    expect(now.reason).toContain('按 3 人计最多 0 人');
  });
});

const RECORD = `mutation ($id: ID!, $v: Int!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: $v, result: $r }) { id } }`;
const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id } }`;
const STATE = `query ($id: ID!) { studio(id: $id) {
  status version evaluations { id kind year status }
  unappliedConsequences { status wanted reason evaluationId }
} }`;
const evaluator = (region: string): Office => ({ ...editor(region), roles: ['evaluator', 'editor'] });

/** A 000 studio in a county whose team meets 000 四.1 in full, taken through 申报 and 评审 to 公示. */
async function pdsInPublicity(hub: TestHub, county: string): Promise<string> {
  const city = editor('410400');
  const home = schoolsIn(county).find((s) => !studios.some((x) => x.hostSchoolId === s.id))!;
  const [a, b, c, e] = schoolsIn('4104').filter((s) => s.id !== home.id);
  const [host, assistant, ...own] = staffOf(home.id);
  const id = await apply(hub, '000-pingdingshan', host!.id, city);
  await addAll(hub, id, [assistant!], 'ASSISTANT', city);
  await addAll(hub, id, staffOf(e!.id).slice(0, 6), 'CORE', city);
  const members = [own.slice(0, 3), staffOf(a!.id).slice(0, 3), staffOf(b!.id).slice(0, 2), staffOf(c!.id).slice(0, 2)];
  await addAll(hub, id, [...members.flat(), ...staffOf(e!.id).slice(6, 7)], 'MEMBER', city);
  for (const to of ['UNDER_REVIEW', 'IN_PUBLICITY']) {
    const { version } = (await hub.query(READ, { id }, city)).data.studio;
    expect((await hub.query(TRANSITION, { input: { id, version, to, reason: '按程序' } }, city)).errors).toBeUndefined();
  }
  return id;
}
const plaque = async (hub: TestHub, id: string, as: Office) => {
  const { version } = (await hub.query(READ, { id }, as)).data.studio;
  return hub.query(TRANSITION, { input: { id, version, to: 'ESTABLISHED', reason: '授牌' } }, as);
};
const state = (hub: TestHub, id: string, as: Office) => async () => (await hub.query(STATE, { id }, as)).data.studio;

describe('000 五.3 "评估不合格的，暂缓授牌" (issue 16.5)', () => {
  test('no plaque before a passed creation evaluation: none held or pending is refused, passed is plaqued', async ({ hub }) => {
    const city = evaluator('410400');
    const id = await pdsInPublicity(hub, '410423');
    const none = await plaque(hub, id, city);
    expectRefusal(none, 'POLICY_VIOLATION', { rule: 'consequence.creationFail.hold', seed: '000 五.3' });
    expect(none.errors![0]!.message).toContain('尚未进行创建评估');
    const creation = (await hub.query(SCHEDULE, { s: id, k: 'CREATION', y: year }, city)).data.scheduleEvaluation.id;
    const pending = await plaque(hub, id, city);
    expect(pending.errors![0]!.message).toContain(`${year} 年创建评估尚未出结果`);
    expect((await hub.query(RECORD, { id: creation, v: 1, r: 'PASS' }, city)).errors).toBeUndefined();
    const granted = await plaque(hub, id, city);
    expect(granted.errors).toBeUndefined();
    expect(granted.data.transitionStudio.status).toBe('ESTABLISHED');
  });

  test('a creation evaluation failed during 公示 defers the plaque; it waits for the passed 二次评估', async ({ hub }) => {
    const city = evaluator('410400');
    const id = await pdsInPublicity(hub, '410481');
    const creation = (await hub.query(SCHEDULE, { s: id, k: 'CREATION', y: year }, city)).data.scheduleEvaluation.id;
    await hub.query(RECORD, { id: creation, v: 1, r: 'FAIL' }, city);
    const held = await eventually(state(hub, id, city), (s) => s.status !== 'IN_PUBLICITY');
    expect(held.status).toBe('ON_HOLD');
    expect(held.unappliedConsequences).toEqual([]);
    const second = held.evaluations.find((e: { kind: string }) => e.kind === 'SECOND_EVALUATION');
    expect(second).toMatchObject({ year: year + 1, status: 'PENDING' });
    const refused = await plaque(hub, id, city);
    expectRefusal(refused, 'POLICY_VIOLATION', { seed: '000 五.3' });
    expect(refused.errors![0]!.message).toContain(`${year + 1} 年二次评估尚未出结果`);
    await hub.query(RECORD, { id: second.id, v: 1, r: 'PASS' }, city);
    expect((await eventually(state(hub, id, city), (s) => s.status !== 'ON_HOLD')).status).toBe('ESTABLISHED');
  });

  test('a running studio that fails the creation evaluation of its first year is put on hold, and no plaque is handed out', async ({
    hub,
  }) => {
    const city = evaluator('410400');
    const home = schoolsIn('410402').find((s) => !studios.some((x) => x.hostSchoolId === s.id))!;
    const id = await apply(hub, '000-pingdingshan', staffOf(home.id)[4]!.id, city);
    // a studio an office set running before its creation evaluation, as records from before the rule held it
    await hub.subgraphs.studios!.orm.orm.em.getConnection().execute("update studio set status = 'RUNNING' where id = ?", [id]);
    const creation = (await hub.query(SCHEDULE, { s: id, k: 'CREATION', y: year }, city)).data.scheduleEvaluation.id;
    await hub.query(RECORD, { id: creation, v: 1, r: 'FAIL' }, city);
    const held = await eventually(state(hub, id, city), (s) => s.status !== 'RUNNING');
    expect(held.status).toBe('ON_HOLD');
    // (its team is not complete either: the refusal gives every reason at once)
    const refused = await plaque(hub, id, city);
    expectRefusal(refused, 'POLICY_VIOLATION');
    expect(refused.errors![0]!.extensions!.violations).toContainEqual(
      expect.objectContaining({ rule: 'consequence.creationFail.hold', seed: '000 五.3', passed: false }),
    );
    expect(refused.errors![0]!.message).toContain(`${year + 1} 年二次评估尚未出结果`);
  });

  test('a consequence the lifecycle cannot take is shown on the studio, the evaluation and the region', async ({ hub }) => {
    const city = evaluator('410400');
    const county = editor('410425');
    const home = schoolsIn('410425').find((s) => !studios.some((x) => x.hostSchoolId === s.id))!;
    const id = await apply(hub, '000-pingdingshan', staffOf(home.id)[5]!.id, city);
    const creation = (await hub.query(SCHEDULE, { s: id, k: 'CREATION', y: year }, city)).data.scheduleEvaluation.id;
    await hub.query(RECORD, { id: creation, v: 1, r: 'FAIL' }, city);
    // still 申报: 暂缓授牌 cannot be taken, and it says so
    const after = await eventually(state(hub, id, city), (s) => s.unappliedConsequences.length > 0);
    expect(after.status).toBe('APPLIED');
    expect(after.unappliedConsequences[0]).toMatchObject({ status: 'APPLIED', wanted: 'ON_HOLD', evaluationId: creation });
    expect(after.unappliedConsequences[0].reason).toContain('000 五.3');
    const evaluation = await hub.query(
      'query ($id: ID!) { evaluation(id: $id) { result unappliedConsequences { wanted } } }',
      { id: creation },
      city,
    );
    expect(evaluation.data.evaluation).toEqual({ result: 'FAIL', unappliedConsequences: [{ wanted: 'ON_HOLD' }] });
    const REGION = 'query ($c: ID!) { region(code: $c) { unappliedConsequences { studio { id } wanted } } }';
    for (const [code, as] of [
      ['410400', city],
      ['410425', county],
    ] as const) {
      const { data } = await hub.query(REGION, { c: code }, as);
      expect(data.region.unappliedConsequences).toContainEqual({ studio: { id }, wanted: 'ON_HOLD' });
    }
    // an office beside it sees none of it
    const beside = await hub.query(REGION, { c: '410423' }, editor('410423'));
    expect(beside.data.region.unappliedConsequences).toEqual([]);
  });
});

const TEACHER = `query ($id: ID!) { teacher(id: $id) { version gender birthDate retirementMonth } }`;
const UPDATE_TEACHER = `mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { gender birthDate retirementMonth } }`;
async function recordBirth(hub: TestHub, id: string, gender: string, birthDate: string, as: Office) {
  const { version } = (await hub.query(TEACHER, { id }, as)).data.teacher;
  const { data, errors } = await hub.query(UPDATE_TEACHER, { input: { id, version, gender, birthDate } }, as);
  expect(errors).toBeUndefined();
  return data.updateTeacher.retirementMonth as string;
}

describe('000 五.4 连任 and the statutory retirement age (issue 16.6)', () => {
  test('retirement follows the 2025 decision: men 60 → 63, women teachers 55 → 58, by birth month', async ({ hub }) => {
    const county = editor('410422');
    const [a, b, c, d, e] = staffOf(schoolsIn('410422')[0]!.id);
    // the decision's tables: 1965-01..04 men 60岁1个月; 1976-09 on 63; women (55) 1970-01..04 55岁1个月,
    // 1975-05..08 55岁17个月, 1981-09 on 58; born before the first month, the old age
    expect(await recordBirth(hub, a!.id, 'MALE', '1965-03-15', county)).toBe('2025-04');
    expect(await recordBirth(hub, b!.id, 'MALE', '1976-09-01', county)).toBe('2039-09');
    expect(await recordBirth(hub, c!.id, 'FEMALE', '1975-07-10', county)).toBe('2031-12');
    expect(await recordBirth(hub, d!.id, 'FEMALE', '1981-09-30', county)).toBe('2039-09');
    expect(await recordBirth(hub, e!.id, 'FEMALE', '1969-12-31', county)).toBe('2024-12');
    // a birth date that is none is refused in Chinese
    const { version } = (await hub.query(TEACHER, { id: a!.id }, county)).data.teacher;
    const bad = await hub.query(UPDATE_TEACHER, { input: { id: a!.id, version, birthDate: '1975-02-30' } }, county);
    expectRefusal(bad, 'BAD_USER_INPUT', { argumentName: 'birthDate' });
    expect(bad.errors![0]!.message).toContain('出生日期');
  });

  test('an import records 性别 and 出生日期 (000 附件3), so RENEWAL eligibility is decided', async ({ hub }) => {
    const county = editor('410422');
    const school = schoolsIn('410422')[1]!;
    const STAGE = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;
    const age = String(year - 1975 - (today().slice(5) < '08-10' ? 1 : 0));
    const cells = { school: school.name, age, headTeacherYears: '20', title: '高级教师', stage: STAGE[school.stage] };
    const IMPORT = 'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { teachers { id retirementMonth } } }';
    const refused = await hub.query(
      IMPORT,
      { rows: [{ row: 2, name: '王测试', ...cells, gender: 'F', birthDate: '1975/8/10' }] },
      county,
    );
    expectRefusal(refused, 'BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toContain('性别“F”应为“男”或“女”');
    const { data, errors } = await hub.query(
      IMPORT,
      { rows: [{ row: 2, name: '王测试', ...cells, gender: '女', birthDate: '1975/8/10' }] },
      county,
    );
    expect(errors).toBeUndefined();
    const [imported] = data.importTeachers.teachers;
    expect(imported.retirementMonth).toBe('2032-01');
    const ELIGIBILITY = `query ($id: ID!) { teacher(id: $id) { eligibility(policy: "000-pingdingshan", role: RENEWAL) { verdicts { rule passed } } } }`;
    const verdicts = (await hub.query(ELIGIBILITY, { id: imported.id }, county)).data.teacher.eligibility.verdicts;
    expect(verdicts.find((v: { rule: string }) => v.rule === 'host.renewal.retiresWithinYears').passed).not.toBeNull();
  });

  test('COMPLETED → RENEWED runs the renewal rules: retiring by the end of the 4th year after the final evaluation, or a third term, is refused', async ({
    hub,
  }) => {
    const city = editor('410400');
    const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410400', status: 'RUNNING' });
    expect(studio.endYear).toBe(2027);
    const step = async (to: string) => {
      const { version } = (await hub.query(READ, { id: studio.id }, city)).data.studio;
      return hub.query(
        `mutation ($input: TransitionStudioInput!) { transitionStudio(input: $input) { status startYear endYear } }`,
        { input: { id: studio.id, version, to, reason: '期满考核' } },
        city,
      );
    };
    expect((await step('COMPLETED')).errors).toBeUndefined();
    // retires 2031-12 (55岁17个月): within 4 years of the 2027 final evaluation
    await recordBirth(hub, studio.hostTeacherId, 'FEMALE', '1975-07-10', city);
    const within = await step('RENEWED');
    expectRefusal(within, 'POLICY_VIOLATION', { rule: 'host.renewal.retiresWithinYears', seed: '000 五.4' });
    expect(within.errors![0]!.message).toContain('法定退休时间 2031 年 12 月');
    expect(within.errors![0]!.message).toContain('期满考核后4年内退休者，不得再申请连任');
    // a month later (2032-01, past the end of 2031): may renew, for another 4-year cycle
    await recordBirth(hub, studio.hostTeacherId, 'FEMALE', '1975-08-10', city);
    const renewed = await step('RENEWED');
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data.transitionStudio).toEqual({ status: 'RENEWED', startYear: 2028, endYear: 2031 });
    // the renewed term is the host's second: at its end, a third is refused (每位主持人最多任两期)
    await recordBirth(hub, studio.hostTeacherId, 'FEMALE', '1985-01-01', city);
    expect((await step('RUNNING')).errors).toBeUndefined();
    expect((await step('COMPLETED')).errors).toBeUndefined();
    const third = await step('RENEWED');
    expectRefusal(third, 'POLICY_VIOLATION', { rule: 'host.terms.max', seed: '000 五.4' });
    expect(third.errors![0]!.message).toContain('已任主持人 2 期');
    expect(third.errors![0]!.extensions!.violations).toHaveLength(1);
  });
});
