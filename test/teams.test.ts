import { SEEDED_POLICIES } from '../subgraphs/studios/policy/seeded-policies.ts';
import { demoStudio, schools, studios, teachers } from './support/demo.ts';
import { describe, expect, test, TEST_TODAY, type Office, type TestHub, expectRefusal } from './support/hub.ts';
import { shijiazhuangMemberRecord, recordCountyHonours } from './support/policies.ts';
import { requestStatements } from './support/statements.ts';

const ADD = `mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id version memberCount } }`;
const REMOVE = `mutation ($input: RemoveStudioMemberInput!) { removeStudioMember(input: $input) { id version memberCount } }`;
const VERSION = 'query ($id: ID!) { studio(id: $id) { version memberCount compliance { rule passed } } }';
const studioOf = (policyId: string, status?: string) =>
  studios.find((s) => s.policyId === policyId && (!status || s.status === status))!;
/** Teachers of a school who are not yet in the studio (nor host it). */
const free = (studio: (typeof studios)[number], schoolId: string) =>
  teachers.filter(
    (t) => t.schoolId === schoolId && t.id !== studio.hostTeacherId && !studio.members.some((m) => m.teacherId === t.id),
  );
const editorFor = (regionCode: string): Office => ({ level: 'CITY', region: `${regionCode.slice(0, 4)}00`, roles: ['editor'] });
/** Adds one member to a studio at the version read. */
const add = (hub: TestHub, office: Office, studio: { id: string }, version: number, teacher: { id: string }) =>
  hub.query(ADD, { input: { studioId: studio.id, version, teacherId: teacher.id, role: 'MEMBER' } }, office);
/** Removes the studio's first plain member, for `reason`. */
const removeMember = (hub: TestHub, office: Office, studio: (typeof studios)[number], version: number, reason: string) =>
  hub.query(
    REMOVE,
    { input: { studioId: studio.id, version, teacherId: studio.members.find((m) => m.role === 'MEMBER')!.teacherId, reason } },
    office,
  );
/** Adds members one after another, each accepted; the studio's version after the last. */
async function addAll(hub: TestHub, office: Office, studio: { id: string }, version: number, newcomers: { id: string }[]) {
  for (const t of newcomers) {
    const { data, errors } = await add(hub, office, studio, version, t);
    expect(errors).toBeUndefined();
    version = data.addStudioMember.version;
  }
  return version;
}

describe("team changes through the gateway, under the studio's policy (issue 3)", () => {
  test("003: a second member from the host's school is accepted, a third refused with the rule and seed", async ({ hub }) => {
    const studio = studioOf('003-shenzhen-2', 'WARNED');
    const office = editorFor(studio.regionCode);
    const own = free(studio, studio.hostSchoolId);
    let { version } = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    const ownNow = studio.members.filter(
      (m) => teachers.find((t) => t.id === m.teacherId)!.schoolId === studio.hostSchoolId,
    ).length;
    // fill up to the limit of 2 from the host's school (and stay within 8 members)
    version = await addAll(hub, office, studio, version, own.slice(0, 2 - ownNow));
    const { errors } = await add(hub, office, studio, version, own[2 - ownNow]!);
    expectRefusal({ errors }, 'POLICY_VIOLATION', { rule: 'ownSchool.count', seed: '003 四(设置标准)(三)3' });
    expect(errors![0]!.message).toContain('本校班主任人数不得超过 2 人');
  });

  test('001: the 12th member fits, the 13th is refused (001 四(一): 12名以内成员)', async ({ hub }) => {
    const studio = studioOf('001-wujin', 'RUNNING');
    const office: Office = { level: 'COUNTY', region: '320412', roles: ['editor'] };
    let { version } = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    // young, experienced enough head teachers of the district's other schools (001 五(二))
    const candidates = schools
      .filter((s) => s.regionCode === '320412' && s.id !== studio.hostSchoolId)
      .flatMap((s) => free(studio, s.id))
      .filter((t) => Number(TEST_TODAY.slice(0, 4)) - Number(t.birthDate.slice(0, 4)) < 39 && t.headTeacherYears >= 3);
    // each with the honours 001 五(二)3 asks of a member
    for (const t of candidates.slice(0, 13 - studio.members.length)) await recordCountyHonours(hub, t.id, office);
    version = await addAll(hub, office, studio, version, candidates.slice(0, 12 - studio.members.length));
    expect((await hub.query(VERSION, { id: studio.id }, office)).data.studio.memberCount).toBe(12);
    const thirteenth = candidates[12 - studio.members.length]!;
    const { errors } = await add(hub, office, studio, version, thirteenth);
    expectRefusal({ errors }, 'POLICY_VIOLATION', 'team.members');
    // one leaves, then the newcomer fits
    const removed = await removeMember(hub, office, studio, version, '调离本区');
    expect(removed.data.removeStudioMember.memberCount).toBe(11);
    const added = await hub.query(
      ADD,
      {
        input: {
          studioId: studio.id,
          version: removed.data.removeStudioMember.version,
          teacherId: thirteenth.id,
          role: 'MEMBER',
        },
      },
      office,
    );
    expect(added.errors).toBeUndefined();
    expect(added.data.addStudioMember.memberCount).toBe(12);
  });

  test('Shijiazhuang: a member of 40 is refused (002 方案3 五(二): 40 周岁以下)', async ({ hub }) => {
    const studio = studioOf('004-shijiazhuang', 'ON_HOLD');
    const office = editorFor(studio.regionCode);
    const { version } = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    // a host elsewhere: experienced, over 40
    const older = teachers.find((t) => t.id === studioOf('004-shijiazhuang', 'RUNNING').hostTeacherId)!;
    const { errors } = await add(hub, office, studio, version, older);
    expectRefusal({ errors }, 'POLICY_VIOLATION', 'member.age.under');
    expect(errors![0]!.message).toContain('40 周岁以下');
  });

  test('000: below 10 members a studio cannot get its plaque; the refusal names 000 四.1', async ({ hub }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', status: 'ON_HOLD', regionCode: '410421' });
    const office = editorFor(studio.regionCode);
    const before = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    expect(before.compliance.every((v: { passed: boolean }) => v.passed)).toBe(true);
    const removed = await removeMember(hub, office, studio, before.version, '缺勤三分之一以上');
    const version = removed.data.removeStudioMember.version;
    const { errors } = await hub.query(
      'mutation ($input: TransitionStudioInput!) { transitionStudio(input: $input) { status } }',
      { input: { id: studio.id, version, to: 'ESTABLISHED', reason: '二次评估合格' } },
      office,
    );
    expectRefusal({ errors }, 'POLICY_VIOLATION', 'team.members');
    expect(errors![0]!.message).toContain('000 四.1');
  });

  test("a revoked studio's team no longer changes", async ({ hub }) => {
    const studio = studioOf('003-shenzhen-2', 'REVOKED');
    const office = editorFor(studio.regionCode);
    const { version } = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    const { errors } = await removeMember(hub, office, studio, version, '调离');
    expectRefusal({ errors }, 'BAD_USER_INPUT');
    expect(errors![0]!.message).toContain('撤销建制');
  });

  test("a teacher outside the office's scope cannot be added: personnel says NOT_FOUND", async ({ hub }) => {
    const studio = studioOf('003-shenzhen-2');
    const office = editorFor(studio.regionCode);
    const { version } = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    const outsider = teachers.find((t) => schools.find((s) => s.id === t.schoolId)!.regionCode.startsWith('41'))!;
    const { errors } = await add(hub, office, studio, version, outsider);
    expectRefusal({ errors }, 'NOT_FOUND');
  });
});

describe('eligibility (Teacher.eligibility, across subgraphs with @requires)', () => {
  const ELIGIBILITY = `query ($id: ID!, $policy: ID!, $role: EligibilityRole!) {
    teacher(id: $id) { name eligibility(policy: $policy, role: $role) { eligible verdicts { rule seed passed reason } } }
  }`;

  test('a Shijiazhuang host qualifies under 004-shijiazhuang, rule by rule', async ({ hub }) => {
    const host = studioOf('004-shijiazhuang', 'RUNNING').hostTeacherId;
    const { data, errors } = await hub.query(
      ELIGIBILITY,
      { id: host, policy: '004-shijiazhuang', role: 'HOST' },
      { level: 'CITY', region: '130100' },
    );
    expect(errors).toBeUndefined();
    const { eligible, verdicts } = data.teacher.eligibility;
    expect(verdicts.map((v: { rule: string }) => v.rule)).toEqual([
      'host.headTeacherYears.min',
      'host.title.min',
      'host.honor.min',
      'host.classHonor.min',
      'host.anyOf',
    ]);
    // the demo's hosts have their 市级 honors and hosted 市级 research recorded in personnel, which eligibility reads
    // across subgraphs
    expect(eligible).toBe(true);
  });

  test('a young teacher does not qualify as a Shenzhen host, and the reason says why', async ({ hub }) => {
    const young = teachers.find((t) => t.schoolId === studioOf('003-shenzhen-2').hostSchoolId && t.headTeacherYears < 6)!;
    const { data } = await hub.query(
      ELIGIBILITY,
      { id: young.id, policy: '003-shenzhen-2', role: 'HOST' },
      { level: 'CITY', region: '440300' },
    );
    expect(data.teacher.eligibility.eligible).toBe(false);
    const years = data.teacher.eligibility.verdicts.find((v: { rule: string }) => v.rule === 'host.headTeacherYears.min');
    expect(years).toMatchObject({ passed: false, seed: '003 四(设置标准)(三)2' });
    expect(years.reason).toContain(`${young.headTeacherYears} 年`);
  });

  test('an unknown policy is NOT_FOUND', async ({ hub }) => {
    const { errors } = await hub.query(ELIGIBILITY, { id: teachers[0]!.id, policy: 'nope', role: 'HOST' });
    expectRefusal({ errors }, 'NOT_FOUND');
  });

  test('@requires brings every fact personnel holds: the studios subgraph judges member.withinRegion and member.honorOfKind (004) from the teacher the gateway hands it, both sides, and asks personnel nothing', async ({
    hub,
  }) => {
    const JUDGE = `query ($r: [_Any!]!) {
      _entities(representations: $r) { ... on Teacher { eligibility(policy: "004-shijiazhuang", role: MEMBER) { verdicts { rule passed } } } }
    }`;
    const school = schools.find((s) => s.regionCode.startsWith('1301'))!;
    const outside = schools.find((s) => !s.regionCode.startsWith('13'))!;
    const teacher = teachers.find((t) => t.schoolId === school.id)!;
    const honors = [
      { title: '优秀班主任', level: 'COUNTY', kind: 'PERSONAL' },
      { title: '先进班集体', level: 'COUNTY', kind: 'CLASS' },
    ];
    // the representation as the gateway sends it: the key and the fields `Teacher.eligibility` requires
    const judge = async (regionCode: string, record: typeof honors) => {
      const facts = {
        ...{ headTeacherYears: 10, title: null, activeHeadTeacher: true, age: 30, retirementMonth: '2059-03', stage: 'PRIMARY' },
        ...{ highestHonorLevel: 'COUNTY', highestClassHonorLevel: 'COUNTY', researchProjects: [], publications: [] },
      };
      const r = [{ __typename: 'Teacher', id: teacher.id, ...facts, school: { region: { code: regionCode } }, honors: record }];
      const { data, errors } = await hub.subgraphQuery('studios', JUDGE, { r }, { level: 'CITY', region: '130100' });
      expect(errors).toBeUndefined();
      const verdicts: { rule: string; passed: boolean | null }[] = data._entities[0].eligibility.verdicts;
      return (rule: string) => verdicts.find((v) => v.rule === rule)!.passed;
    };
    const personnel = hub.subgraphs.personnel!.orm.queries;
    personnel.reset();
    const far = await judge(outside.regionCode, []);
    expect([far('member.withinRegion'), far('member.honorOfKind')]).toEqual([false, false]);
    const near = await judge(school.regionCode, honors);
    expect([near('member.withinRegion'), near('member.honorOfKind')]).toEqual([true, true]);
    expect(requestStatements(personnel.statements)).toEqual([]);
  });
});

describe('policies through the gateway', () => {
  test('lists the seeded policies with their rules and seeds', async ({ hub }) => {
    const { data } = await hub.query('{ policies { id name issuingRegion { name } rules { code seed } } }');
    expect(data.policies.map((p: { id: string }) => p.id)).toEqual(SEEDED_POLICIES.map((p) => p.id).sort());
    expect(data.policies[0].issuingRegion.name).toBe('平顶山市');
    expect(data.policies[0].rules.find((r: { code: string }) => r.code === 'ownSchool.memberShare').seed).toBe('000 四.1');
  });
});

describe('two-way selection (双向选择, 002 方案1 二(三))', () => {
  const APPLY = 'mutation ($s: ID!, $t: ID!) { applyToJoinStudio(studioId: $s, teacherId: $t, role: MEMBER) { id status } }';
  const DECIDE =
    'mutation ($id: ID!, $v: Int!, $ok: Boolean!) { decideApplication(id: $id, studioVersion: $v, accept: $ok, reason: "面谈") { status } }';

  test('a teacher applies through an office that sees both; the studio accepts and the teacher joins, or declines and nothing changes', async ({
    hub,
  }) => {
    const studio = studioOf('004-shijiazhuang', 'RUNNING');
    const office = editorFor(studio.regionCode);
    const other = schools.find(
      (s) => s.regionCode.startsWith('1301') && s.id !== studio.hostSchoolId && s.stage !== 'VOCATIONAL',
    )!;
    const [yes, no] = free(studio, other.id).filter(
      (t) => Number(TEST_TODAY.slice(0, 4)) - Number(t.birthDate.slice(0, 4)) < 39 && t.headTeacherYears >= 3,
    );
    // 002 方案3 五(二)3: a member has a county honour of their own and a 先进班集体 for their class, has taken part in
    // county research and published a paper
    for (const t of [yes!, no!]) await shijiazhuangMemberRecord(hub, t.id, office);
    // the teacher's own school does not see another school's studio: it files nothing there
    const school: Office = { level: 'SCHOOL', region: other.regionCode, school: other.id, roles: ['editor'] };
    expectRefusal(await hub.query(APPLY, { s: studio.id, t: yes!.id }, school), 'NOT_FOUND');
    const first = await hub.query(APPLY, { s: studio.id, t: yes!.id }, office);
    expect(first.data.applyToJoinStudio.status).toBe('PENDING');
    const second = await hub.query(APPLY, { s: studio.id, t: no!.id }, office);
    // a full team (10 members, 002 方案3 四(一)): accepting would break the policy, so it is refused and stays pending
    const before = (await hub.query(VERSION, { id: studio.id }, office)).data.studio;
    const refused = await hub.query(DECIDE, { id: first.data.applyToJoinStudio.id, v: before.version, ok: true }, office);
    expectRefusal(refused, 'POLICY_VIOLATION', 'team.members');
    // make room, then accept one and decline the other
    const removed = await removeMember(hub, office, studio, before.version, '调离');
    let version = removed.data.removeStudioMember.version;
    const accepted = await hub.query(DECIDE, { id: first.data.applyToJoinStudio.id, v: version, ok: true }, office);
    expect(accepted.data.decideApplication.status).toBe('ACCEPTED');
    version = (await hub.query(VERSION, { id: studio.id }, office)).data.studio.version;
    const declined = await hub.query(DECIDE, { id: second.data.applyToJoinStudio.id, v: version, ok: false }, office);
    expect(declined.data.decideApplication.status).toBe('DECLINED');
    expect((await hub.query(VERSION, { id: studio.id }, office)).data.studio.memberCount).toBe(10);
  });
});
