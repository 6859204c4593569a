import { schools, teachers } from './support/demo.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

const NOMINATE = `mutation ($teacherId: ID!, $batch: String!) {
  nominateHost(policyId: "000-pingdingshan", batch: $batch, teacherId: $teacherId) { id region { code } }
}`;
const WITHDRAW = 'mutation ($id: ID!) { withdrawNomination(id: $id) { withdrawn } }';
const teachersIn = (regionCode: string) =>
  teachers.filter((t) => schools.find((s) => s.id === t.schoolId)!.regionCode === regionCode);
const countyEditor = (region: string): Office => ({ level: 'COUNTY', region, roles: ['editor'] });

describe('naming.perRegion.max: nomination quotas per county and per city-run school (000 附件2)', () => {
  test('叶县 has 3: the third is accepted, the fourth refused with the seed', async ({ hub }) => {
    const [a, b, c, d] = teachersIn('410422');
    for (const t of [a, b, c]) {
      const { errors } = await hub.query(NOMINATE, { teacherId: t!.id, batch: '2026年' }, countyEditor('410422'));
      expect(errors).toBeUndefined();
    }
    const { errors } = await hub.query(NOMINATE, { teacherId: d!.id, batch: '2026年' }, countyEditor('410422'));
    expectRefusal({ errors }, 'POLICY_VIOLATION', { rule: 'naming.perRegion.max', seed: '000 附件2', quota: 3, used: 3 });
    expect(errors![0]!.message).toContain('推荐名额已用完');
    // another batch has its own quota
    expect((await hub.query(NOMINATE, { teacherId: d!.id, batch: '2027年' }, countyEditor('410422'))).errors).toBeUndefined();
  });

  test('湛河区 has 2: the second is accepted, the third refused; withdrawing one frees its place', async ({ hub }) => {
    const [a, b, c] = teachersIn('410411');
    const first = await hub.query(NOMINATE, { teacherId: a!.id, batch: '2026年' }, countyEditor('410411'));
    expect((await hub.query(NOMINATE, { teacherId: b!.id, batch: '2026年' }, countyEditor('410411'))).errors).toBeUndefined();
    expectRefusal(await hub.query(NOMINATE, { teacherId: c!.id, batch: '2026年' }, countyEditor('410411')), 'POLICY_VIOLATION');
    expect((await hub.query(WITHDRAW, { id: first.data.nominateHost.id }, countyEditor('410411'))).errors).toBeUndefined();
    expect((await hub.query(NOMINATE, { teacherId: c!.id, batch: '2026年' }, countyEditor('410411'))).errors).toBeUndefined();
  });

  test('each school the city runs has 1 of its own (局属学校每校1个)', async ({ hub }) => {
    const cityRun = schools.filter((s) => s.regionCode === '410400');
    expect(cityRun.length).toBeGreaterThanOrEqual(2);
    const [s1, s2] = cityRun.map((s) => teachers.filter((t) => t.schoolId === s.id));
    const office = (school: string): Office => ({ level: 'SCHOOL', region: '410400', school, roles: ['editor'] });
    expect(
      (await hub.query(NOMINATE, { teacherId: s1![1]!.id, batch: '2026年' }, office(cityRun[0]!.id))).errors,
    ).toBeUndefined();
    const second = await hub.query(NOMINATE, { teacherId: s1![2]!.id, batch: '2026年' }, office(cityRun[0]!.id));
    expectRefusal(second, 'POLICY_VIOLATION', { quota: 1 });
    expect(
      (await hub.query(NOMINATE, { teacherId: s2![1]!.id, batch: '2026年' }, office(cityRun[1]!.id))).errors,
    ).toBeUndefined();
  });

  test("a region without a quota, the same teacher twice, and another county's teacher are refused", async ({ hub }) => {
    const [twice] = teachersIn('410425');
    expect((await hub.query(NOMINATE, { teacherId: twice!.id, batch: '2026年' }, countyEditor('410425'))).errors).toBeUndefined();
    const again = await hub.query(NOMINATE, { teacherId: twice!.id, batch: '2026年' }, countyEditor('410425'));
    expect(again.errors![0]!.message).toContain('已在本批次被推荐');
    const other = await hub.query(NOMINATE, { teacherId: teachersIn('410421')[0]!.id, batch: '2026年' }, countyEditor('410425'));
    expectRefusal(other, 'NOT_FOUND');
    // Shenzhen has no quotas under Pingdingshan's policy
    const none = await hub.query(
      NOMINATE,
      { teacherId: teachersIn('440304')[0]!.id, batch: '2026年' },
      { level: 'CITY', region: '440300', roles: ['editor'] },
    );
    expectRefusal(none, 'POLICY_VIOLATION', 'naming.perRegion.max');
  });

  test("policy.window: a batch is nominated for only while its programme is in force — 003's closed with 2021, 000's open since 2021-03-03", async ({
    hub,
  }) => {
    const shenzhen: Office = { level: 'CITY', region: '440300', roles: ['editor'] };
    const late = await hub.query(
      'mutation ($t: ID!) { nominateHost(policyId: "003-shenzhen-2", batch: "第三批", teacherId: $t) { id } }',
      { t: teachersIn('440304')[1]!.id },
      shenzhen,
    );
    expectRefusal(late, 'POLICY_VIOLATION', { rule: 'policy.window', effectiveFrom: '2019-01-01', effectiveTo: '2021-12-31' });
    expect(late.errors![0]!.message).toContain('今天（2026-12-01）已过施行期，不能再按本方案推荐第三批主持人');
    // in force: the same office's refusal under 000 is its quota's, not the window's
    const open = await hub.query(NOMINATE, { teacherId: teachersIn('440304')[1]!.id, batch: '2026年' }, shenzhen);
    expectRefusal(open, 'POLICY_VIOLATION', 'naming.perRegion.max');
  });

  test('the city sees quotas used and left per county', async ({ hub }) => {
    const { data, errors } = await hub.query(
      '{ nominationQuotas(policyId: "000-pingdingshan", batch: "2026年", within: "410400") { region { code name } perSchool quota used left } }',
      {},
      { level: 'CITY', region: '410400' },
    );
    expect(errors).toBeUndefined();
    const byCode = new Map(data.nominationQuotas.map((q: any) => [`${q.region.code}${q.perSchool ? '*' : ''}`, q]));
    expect(data.nominationQuotas).toHaveLength(12);
    expect(byCode.get('410481')).toMatchObject({ region: { name: '舞钢市' }, quota: 3 });
    expect(byCode.get('410404')).toMatchObject({ quota: 1 });
    expect(byCode.get('410400*')).toMatchObject({ perSchool: true, quota: 1, left: null });
  });
});
