import { schools, studios, teachers } from './support/demo.ts';
import { today } from '../lib/domain/clock.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

/**
 * Issue 24.5: before a tightened draft is published, its office sees which existing studios, hosts and members would
 * fail it, rule by rule, with the verdict under the version each studio is bound to today beside it; as an export too.
 */

const XINHUA: Office = { level: 'COUNTY', region: '410402', roles: ['admin', 'editor'], subject: 'xinhua-admin' };
const POLICY = '410402-impact';
const year = Number(today().slice(0, 4));

const APPLY = `mutation ($p: ID!, $t: ID!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "第一批", startYear: $y }) { id name version }
}`;
const ADD = `mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id version } }`;
const DRAFT = `mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id versions { number status } } }`;
const PUBLISH = `mutation ($p: ID!, $v: Int!) { publishPolicyVersion(policyId: $p, version: $v) { id } }`;
const IMPACT = `query ($p: ID!, $v: Int) {
  policyImpact(policy: $p, version: $v) {
    version studioCount affectedStudioCount
    rows { studio { name } subject teacher { id } rule current { passed } proposed { passed reason policyVersion } }
  }
}`;

const hosting = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const staff = teachers.filter((t) => !hosting.has(t.id) && schools.find((s) => s.id === t.schoolId)!.regionCode === '410402');

const rule = (code: string, value: unknown, clause: string) => ({ code, value: JSON.stringify(value), clause, text: clause });
const V1 = [
  rule('cycle.years', 3, '第五条'),
  rule('evaluation.kinds', ['ANNUAL', 'FINAL'], '第九条'),
  rule('team.hosts', { min: 1, max: 1 }, '第三条'),
  rule('team.members', { max: 8 }, '第三条'),
];
/** v2: members at most 4, hosts with 6 years as head teacher, members with 5. */
const TIGHTER = [
  ...V1.filter((r) => r.code !== 'team.members'),
  rule('team.members', { max: 4 }, '第三条'),
  rule('host.headTeacherYears.min', 6, '第四条'),
  rule('member.headTeacherYears.min', 5, '第四条'),
];

async function found(hub: TestHub, hostId: string, memberIds: string[]) {
  const { data, errors } = await hub.query(APPLY, { p: POLICY, t: hostId, y: year }, XINHUA);
  expect(errors).toBeUndefined();
  const { id } = data.applyForStudio;
  let { version } = data.applyForStudio;
  for (const teacherId of memberIds) {
    const added = await hub.query(ADD, { input: { studioId: id, version, teacherId, role: 'MEMBER' } }, XINHUA);
    expect(added.errors).toBeUndefined();
    version = added.data.addStudioMember.version;
  }
  return data.applyForStudio.name as string;
}

describe('impact before publishing (issue 24.5, done-when)', () => {
  test('the preview names the studios, hosts and members a tightened draft would fail, each with today’s verdict', async ({
    hub,
  }) => {
    const [a, b, ...rest] = staff;
    // host a has 5 years as head teacher, host b 6; member rest[2] has 4, rest[6] has 5 (the limit itself)
    expect([a!.headTeacherYears, b!.headTeacherYears, rest[2]!.headTeacherYears, rest[6]!.headTeacherYears]).toEqual([
      5, 6, 4, 5,
    ]);
    const v1 = await hub.query(
      DRAFT,
      { input: { policyId: POLICY, title: '新华区名班主任工作室管理办法', issuer: '新华区教育体育局', rules: V1 } },
      XINHUA,
    );
    expect(v1.errors).toBeUndefined();
    expect((await hub.query(PUBLISH, { p: POLICY, v: 1 }, XINHUA)).errors).toBeUndefined();
    // studio A: 2 members (one with 4 years); studio B: 6 members, all with 5 years or more
    const nameA = await found(hub, a!.id, [rest[0]!.id, rest[2]!.id]);
    const nameB = await found(hub, b!.id, [rest[1]!.id, rest[3]!.id, rest[4]!.id, rest[6]!.id, rest[7]!.id, rest[8]!.id]);

    // the published version against itself: nothing fails
    const same = await hub.query(IMPACT, { p: POLICY, v: 1 }, XINHUA);
    expect(same.errors).toBeUndefined();
    expect(same.data.policyImpact).toMatchObject({ version: 1, studioCount: 2, affectedStudioCount: 0, rows: [] });

    const drafted = await hub.query(
      DRAFT,
      { input: { policyId: POLICY, effectiveFrom: today(), note: '收紧', rules: TIGHTER } },
      XINHUA,
    );
    expect(drafted.errors).toBeUndefined();
    // by default the newest version: the draft
    const { data, errors } = await hub.query(IMPACT, { p: POLICY }, XINHUA);
    expect(errors).toBeUndefined();
    expect(data.policyImpact).toMatchObject({ version: 2, studioCount: 2, affectedStudioCount: 2 });
    const rows = data.policyImpact.rows.map((r: any) => ({
      studio: r.studio.name,
      subject: r.subject,
      teacher: r.teacher?.id ?? null,
      rule: r.rule,
      current: r.current?.passed ?? 'none',
      proposed: r.proposed.passed,
    }));
    expect(rows).toEqual(
      [
        // host a: 5 years < 6 (v1 had no such rule); member rest[2]: 4 years < 5
        { studio: nameA, subject: 'HOST', teacher: a!.id, rule: 'host.headTeacherYears.min', current: 'none', proposed: false },
        {
          studio: nameA,
          subject: 'MEMBER',
          teacher: rest[2]!.id,
          rule: 'member.headTeacherYears.min',
          current: 'none',
          proposed: false,
        },
        // studio B: 6 members, within v1's 8, beyond v2's 4; host b (6 years) and member rest[6] (5 years) pass
        { studio: nameB, subject: 'TEAM', teacher: null, rule: 'team.members', current: true, proposed: false },
      ].sort((x, y) => (x.studio < y.studio ? -1 : x.studio > y.studio ? 1 : 0)),
    );
    expect(data.policyImpact.rows.find((r: any) => r.rule === 'team.members').proposed.reason).toContain('成员 6 人，上限 4 人');

    // the same as an export
    const res = await fetch(`${hub.url}/export/policy-impact.csv?policy=${POLICY}&version=2`, {
      headers: { authorization: `Bearer ${await hub.token(XINHUA)}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('区县代码,区县,工作室,对象,教师,规则代码,现行结论,现行理由,新版结论,新版理由,对象代码');
    expect(lines).toHaveLength(1 + 3);
    expect(lines.find((l) => l.includes('team.members'))).toMatch(
      new RegExp(`^410402,新华区,${nameB},团队,,team\\.members,符合,.*,不符合,`),
    );
  });

  test('the preview is for the issuing office and those above: another county is refused, the city may look', async ({ hub }) => {
    const yexian: Office = { level: 'COUNTY', region: '410422', roles: ['admin'] };
    const refused = await hub.query(IMPACT, { p: POLICY }, yexian);
    expectRefusal(refused, 'FORBIDDEN');
    const city = await hub.query(IMPACT, { p: POLICY }, { level: 'CITY', region: '410400', roles: ['admin'] });
    expect(city.errors).toBeUndefined();
    expect(city.data.policyImpact.studioCount).toBe(2);
  });
});
