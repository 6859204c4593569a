import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schools, studios, teachers } from './support/demo.ts';
import { today } from '../lib/domain/clock.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';
import { runImport } from './support/import.ts';

/**
 * Issue 15: an office authors its own programme (from a file), publishes it, studios are bound to the version
 * they were founded under; a second version with a stricter team rule binds a new batch's studios only.
 */

const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['admin', 'editor'], subject: 'yexian-admin' };
const XINHUA: Office = { level: 'COUNTY', region: '410402', roles: ['admin', 'editor'], subject: 'xinhua-admin' };
const POLICY = '410402-xinhua-2026';
const year = Number(today().slice(0, 4));

const APPLY = `mutation ($p: ID!, $t: ID!, $b: String!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: $b, startYear: $y }) { id policyVersion endYear }
}`;
const READ = `query ($id: ID!) { studio(id: $id) { version policyVersion compliance { rule passed policyId policyVersion } } }`;
const ADD = `mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id memberCount } }`;
const PUBLISH = `mutation ($p: ID!, $v: Int!) { publishPolicyVersion(policyId: $p, version: $v) { id versions { number status effectiveFrom } } }`;
const DRAFT = `mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id versions { number status } } }`;

const hosting = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const xinhuaStaff = teachers.filter(
  (t) => !hosting.has(t.id) && schools.find((s) => s.id === t.schoolId)!.regionCode === '410402',
);

async function addMember(hub: TestHub, studioId: string, teacherId: string) {
  const { version } = (await hub.query(READ, { id: studioId }, XINHUA)).data.studio;
  return hub.query(ADD, { input: { studioId, version, teacherId, role: 'MEMBER' } }, XINHUA);
}

const rule = (code: string, value: unknown, clause: string, text = '—') => ({ code, value, clause, text });
const programme = {
  policyId: POLICY,
  title: '新华区中小学名班主任工作室管理办法',
  issuer: '平顶山市新华区教育体育局',
  documentNumber: '新教体〔2026〕1号',
  batch: '第一批',
  rules: [
    rule('cycle.years', 3, '第五条', '建设周期为三年'),
    rule('evaluation.kinds', ['ANNUAL', 'FINAL'], '第九条', '年度考核和期满考核'),
    rule('team.hosts', { min: 1, max: 1 }, '第三条', '主持人1名'),
    rule('team.members', { max: 8 }, '第三条', '成员不超过8人'),
  ],
};

describe('a county authors its programme from a file and versions it (issue 15, done-when)', () => {
  test('v1 from a JSON file, a studio founded under it; v2 limits members to 6: the first studio keeps 8, a new batch’s stops at 6', async ({
    hub,
  }) => {
    expect(xinhuaStaff.length).toBeGreaterThanOrEqual(17);
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    try {
      const file = join(dir, '新华区方案.json');
      await writeFile(file, JSON.stringify(programme));
      const imported = await runImport(hub, 'policy', file, await hub.token(XINHUA));
      expect(imported.out).toContain(`已保存政策 ${POLICY} 第1版草稿（4 条规则）`);
      expect(imported.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // a draft binds nobody
    const [host1, host2, ...staff] = xinhuaStaff;
    const early = await hub.query(APPLY, { p: POLICY, t: host1!.id, b: '第一批', y: year }, XINHUA);
    expectRefusal(early, 'POLICY_VIOLATION', 'policy.published');
    const v1 = await hub.query(PUBLISH, { p: POLICY, v: 1 }, XINHUA);
    expect(v1.errors).toBeUndefined();
    expect(v1.data.publishPolicyVersion.versions).toEqual([{ number: 1, status: 'PUBLISHED', effectiveFrom: null }]);

    const first = (await hub.query(APPLY, { p: POLICY, t: host1!.id, b: '第一批', y: year }, XINHUA)).data.applyForStudio;
    expect(first).toMatchObject({ policyVersion: 1, endYear: year + 2 });

    // v2: members at most 6, from today; published versions never change
    const v2rules = programme.rules.map((r) =>
      r.code === 'team.members' ? rule('team.members', { max: 6 }, '第三条', '成员不超过6人') : r,
    );
    const drafted = await hub.query(
      DRAFT,
      {
        input: {
          policyId: POLICY,
          documentNumber: '新教体〔2026〕9号',
          effectiveFrom: today(),
          note: '成员人数收紧为不超过6人',
          rules: v2rules.map((r) => ({ ...r, value: JSON.stringify(r.value) })),
        },
      },
      XINHUA,
    );
    expect(drafted.errors).toBeUndefined();
    expect((await hub.query(PUBLISH, { p: POLICY, v: 2 }, XINHUA)).errors).toBeUndefined();
    expectRefusal(await hub.query(PUBLISH, { p: POLICY, v: 1 }, XINHUA), 'BAD_USER_INPUT');

    const second = (await hub.query(APPLY, { p: POLICY, t: host2!.id, b: '第二批', y: year }, XINHUA)).data.applyForStudio;
    expect(second.policyVersion).toBe(2);

    // version 1: 8 members pass, the 9th is refused, naming version 1
    for (const t of staff.slice(0, 8)) expect((await addMember(hub, first.id, t.id)).errors).toBeUndefined();
    const ninth = await addMember(hub, first.id, staff[8]!.id);
    expectRefusal(ninth, 'POLICY_VIOLATION', { rule: 'team.members', policyId: POLICY, policyVersion: 1 });
    // version 2: 6 members pass, the 7th is refused, naming version 2
    for (const t of staff.slice(9, 15)) expect((await addMember(hub, second.id, t.id)).errors).toBeUndefined();
    const seventh = await addMember(hub, second.id, staff[15]!.id);
    expectRefusal(seventh, 'POLICY_VIOLATION', { rule: 'team.members', policyVersion: 2 });
    expect(seventh.errors![0]!.message).toContain('上限 6 人');

    const verdicts = (await hub.query(READ, { id: first.id }, XINHUA)).data.studio.compliance;
    expect(verdicts.find((v: { rule: string }) => v.rule === 'team.members')).toMatchObject({ passed: true, policyVersion: 1 });

    // the first studio keeps version 1 until it renews or joins a new batch, recorded with who and why
    const MOVE = `mutation ($input: MoveStudioToCurrentPolicyVersionInput!) { moveStudioToCurrentPolicyVersion(input: $input) { policyVersion batch } }`;
    let { version } = (await hub.query(READ, { id: first.id }, XINHUA)).data.studio;
    const kept = await hub.query(MOVE, { input: { id: first.id, version, reason: '统一执行新版' } }, XINHUA);
    expectRefusal(kept, 'POLICY_VIOLATION', 'policy.binding');
    const moved = await hub.query(MOVE, { input: { id: first.id, version, reason: '转入第二批', batch: '第二批' } }, XINHUA);
    expect(moved.data.moveStudioToCurrentPolicyVersion).toEqual({ policyVersion: 2, batch: '第二批' });
    ({ version } = (await hub.query(READ, { id: first.id }, XINHUA)).data.studio);
    const after = (await hub.query(READ, { id: first.id }, XINHUA)).data.studio.compliance;
    expect(after.find((v: { rule: string }) => v.rule === 'team.members')).toMatchObject({ passed: false, policyVersion: 2 });
    const changes = await hub.query(
      `{ region(code: "410402") { studioChanges(first: 5) { action actor summary } } }`,
      {},
      XINHUA,
    );
    expect(changes.data.region.studioChanges[0]).toMatchObject({
      action: 'moveStudioToCurrentPolicyVersion',
      actor: 'xinhua-admin',
    });
    expect(changes.data.region.studioChanges[0].summary).toContain('转入第二批');
  });
});

describe('validation: every value against its code, and what publishing refuses (issue 15.1)', () => {
  const draft = (hub: TestHub, policyId: string, rules: ReturnType<typeof rule>[], as: Office = YEXIAN, extra = {}) =>
    hub.query(
      DRAFT,
      {
        input: {
          policyId,
          title: '测试方案',
          issuer: '测试局',
          ...extra,
          rules: rules.map((r) => ({ ...r, value: JSON.stringify(r.value) })),
        },
      },
      as,
    );

  test('a value off its shape is refused at once, the message naming the rule and the shape; min above max too', async ({
    hub,
  }) => {
    const bad = await draft(hub, '410422-bad', [rule('cycle.years', 3, '一'), rule('team.members', { min: 9, max: 3 }, '三')]);
    expectRefusal(bad, 'BAD_USER_INPUT', 'team.members');
    expect(bad.errors![0]!.message).toContain('规则“team.members”的值 {"min":9,"max":3} 不符合要求');
    const share = await draft(hub, '410422-bad', [rule('ownSchool.memberShare', { max: 1.5 }, '三')]);
    expect(share.errors![0]!.message).toContain('比例上限');
    const uncited = await draft(hub, '410422-bad', [rule('cycle.years', 3, ' ')]);
    expect(uncited.errors![0]!.message).toContain('未注明所依据的条款');
    const obligation = await draft(hub, '410422-bad', [rule('obligation.PLAN', { count: 0, per: 'DAY' }, '四')]);
    expect(obligation.errors![0]!.message).toContain('规则“obligation.PLAN”');
  });

  test('a policy id in another object’s id shape is refused (six digits, a UUID, annual-…), so node(id:) finds one object; one beside them is taken', async ({
    hub,
  }) => {
    for (const id of ['410422', 'annual-2026-410422', '9b2f1c3e-1d2a-4c5b-8e9f-0a1b2c3d4e5f', 'x'.repeat(65)]) {
      const refused = await draft(hub, id, [rule('cycle.years', 3, '一')]);
      expectRefusal(refused, 'BAD_USER_INPUT', { argumentName: 'policyId' });
      expect(refused.errors![0]!.message).toContain('政策编号');
    }
    for (const id of ['4104220', 'annual2026', 'x'.repeat(64)])
      expect((await draft(hub, id, [rule('cycle.years', 3, '一')])).errors, id).toBeUndefined();
  });

  test('publishing refuses an unknown code, a contradictory pair, and a rule the level cannot enforce', async ({ hub }) => {
    expect(
      (await draft(hub, '410422-unknown', [rule('cycle.years', 3, '一'), rule('team.magic', 1, '二')])).errors,
    ).toBeUndefined();
    const unknown = await hub.query(PUBLISH, { p: '410422-unknown', v: 1 }, YEXIAN);
    expectRefusal(unknown, 'BAD_USER_INPUT', 'team.magic');
    expect(unknown.errors![0]!.message).toContain('规则代码“team.magic”不存在');

    await draft(hub, '410422-contradiction', [
      rule('cycle.years', 3, '一'),
      rule('team.core', { min: 5 }, '三'),
      rule('team.members', { min: 4 }, '三'),
      rule('team.total', { max: 8 }, '三'),
    ]);
    const contradiction = await hub.query(PUBLISH, { p: '410422-contradiction', v: 1 }, YEXIAN);
    expect(contradiction.errors![0]!.message).toContain('下限合计 9 人，超过“team.total”的上限 8 人');
    // 9 ≤ 9 is no contradiction
    await draft(hub, '410422-contradiction', [
      rule('cycle.years', 3, '一'),
      rule('team.core', { min: 5 }, '三'),
      rule('team.members', { min: 4 }, '三'),
      rule('team.total', { max: 9 }, '三'),
    ]);
    expect((await hub.query(PUBLISH, { p: '410422-contradiction', v: 1 }, YEXIAN)).errors).toBeUndefined();

    await draft(hub, '410422-city-money', [
      rule('cycle.years', 3, '一'),
      rule('funding.standard', { source: 'CITY', yuanPerYear: 10000 }, '六'),
    ]);
    const level = await hub.query(PUBLISH, { p: '410422-city-money', v: 1 }, YEXIAN);
    expectRefusal(level, 'BAD_USER_INPUT', 'funding.standard');
    expect(level.errors![0]!.message).toContain('县级政策无权规定上级的经费');
  });

  test('drafts of one new policy sent at once: each is saved in turn or told CONFLICT, never an internal error; one policy stands', async ({
    hub,
  }) => {
    const tries = await Promise.all(
      [3, 4, 5, 6, 7, 8].map((years) => draft(hub, '410422-at-once', [rule('cycle.years', years, '一')])),
    );
    const codes = tries.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toContain('OK');
    expect(codes.filter((c) => c !== 'OK' && c !== 'CONFLICT')).toEqual([]);
    for (const refused of tries.filter((r) => r.errors))
      expect(refused.errors![0]!.message).toBe('该政策刚被他人办理，请刷新后查看');
    const READ_POLICY = '{ policies { id versions { number status } rules { code value } } }';
    const policies = (await hub.query(READ_POLICY, {}, YEXIAN)).data.policies.filter(
      (p: { id: string }) => p.id === '410422-at-once',
    );
    expect(policies).toHaveLength(1);
    expect(policies[0].versions).toEqual([{ number: 1, status: 'DRAFT' }]);
  });

  test('an office authors for its own region only; drafts are seen by it and the offices above, not by others', async ({
    hub,
  }) => {
    await draft(hub, '410422-scoped', [rule('cycle.years', 3, '一')]);
    const lushan: Office = { level: 'COUNTY', region: '410423', roles: ['admin'] };
    // another office's draft is not there for it to publish (issue 22.3); a published policy of another is FORBIDDEN
    expectRefusal(await hub.query(PUBLISH, { p: '410422-scoped', v: 1 }, lushan), 'NOT_FOUND');
    expectRefusal(await hub.query(PUBLISH, { p: '001-wujin', v: 2 }, lushan), 'FORBIDDEN');
    expectRefusal(await draft(hub, '410422-scoped', [rule('cycle.years', 4, '一')], lushan), 'FORBIDDEN');
    const editor = { ...YEXIAN, roles: ['editor' as const] };
    expectRefusal(await draft(hub, '410422-editor', [rule('cycle.years', 3, '一')], editor), 'FORBIDDEN');
    const LIST = '{ policies { id versions { number status } } }';
    const seen = async (as: Office) =>
      (await hub.query(LIST, {}, as)).data.policies.find((p: { id: string }) => p.id === '410422-scoped');
    expect((await seen({ level: 'PROVINCE', region: '410000' })).versions).toEqual([{ number: 1, status: 'DRAFT' }]);
    expect((await seen({ level: 'CITY', region: '410400' })).versions).toEqual([{ number: 1, status: 'DRAFT' }]);
    expect(await seen(lushan)).toBeUndefined();
  });

  test('a school authors from nothing, or adopts its county’s template (002/004 方案1, issue 24.4): inherited rules are marked, overridden or dropped explicitly, kept at every save, and not the school’s to answer for at publishing', async ({
    hub,
  }) => {
    const school = schools.find((s) => s.regionCode === '410422')!;
    const office: Office = { level: 'SCHOOL', region: '410422', school: school.id, roles: ['admin'] };
    // any office may write its programme as written, a school included
    expect((await draft(hub, 'school-own', [rule('cycle.years', 3, '一')], office)).errors).toBeUndefined();
    expect((await hub.query(PUBLISH, { p: 'school-own', v: 1 }, office)).errors).toBeUndefined();

    const adopted = await draft(hub, 'school-plan', [rule('team.total', { max: 6 }, '三')], office, {
      template: '004-county-teachers',
    });
    expect(adopted.errors).toBeUndefined();
    const READ_PLAN = `{ policy(id: "school-plan") { issuingLevel studioLevel template { id } versions { rules { code inheritedFrom } } } }`;
    const read = async () => (await hub.query(READ_PLAN, {}, office)).data.policy;
    const plan = await read();
    expect(plan).toMatchObject({ issuingLevel: 'SCHOOL', studioLevel: 'SCHOOL', template: { id: '004-county-teachers' } });
    const from = (p: typeof plan, code: string) =>
      p.versions[0].rules.find((r: { code: string }) => r.code === code)?.inheritedFrom;
    // its own team.total overrides the template's; the rest is inherited, and says so
    expect(from(plan, 'team.total')).toBeNull();
    expect(from(plan, 'funding.standard')).toBe('004-county-teachers');
    expect(from(plan, 'cycle.years')).toBe('004-county-teachers');
    // saved again without naming the template: still the template's rules (Policy.template stays true)
    expect((await draft(hub, 'school-plan', [rule('team.total', { max: 5 }, '三')], office)).errors).toBeUndefined();
    expect(from(await read(), 'funding.standard')).toBe('004-county-teachers');
    // another template once made is refused; dropping a rule the template lacks too
    const other = await draft(hub, 'school-plan', [], office, { template: '001-wujin' });
    expectRefusal(other, 'BAD_USER_INPUT', { argumentName: 'template' });
    const unknown = await draft(hub, 'school-plan', [], office, { drop: ['member.age.under'] });
    expectRefusal(unknown, 'BAD_USER_INPUT', { argumentName: 'drop' });
    // the county's funding rule, inherited, is not the school's to answer for: it publishes
    expect((await hub.query(PUBLISH, { p: 'school-plan', v: 1 }, office)).errors).toBeUndefined();
    // the school stating county money itself is refused; dropping the inherited one explicitly removes it
    const stated = await draft(
      hub,
      'school-plan',
      [rule('funding.standard', { source: 'COUNTY', yuanPerYear: 5000 }, '五')],
      office,
      { effectiveFrom: '2027-01-01' },
    );
    expect(stated.errors).toBeUndefined();
    expectRefusal(await hub.query(PUBLISH, { p: 'school-plan', v: 2 }, office), 'BAD_USER_INPUT', 'funding.standard');
    const dropped = await draft(hub, 'school-plan', [], office, { effectiveFrom: '2027-01-01', drop: ['funding.standard'] });
    expect(dropped.errors).toBeUndefined();
    const v2 = (await read()).versions[1].rules.map((r: { code: string }) => r.code);
    expect(v2).not.toContain('funding.standard');
    expect(v2).toContain('cycle.years');
    // another school of the county may not change it
    const another: Office = { ...office, school: schools.filter((s) => s.regionCode === '410422')[1]!.id };
    expectRefusal(await draft(hub, 'school-plan', [rule('cycle.years', 2, '一')], another), 'FORBIDDEN');
  });

  test('imports report own and inherited rules (issue 24.4): --template and --drop on a spreadsheet and on a JSON file alike', async ({
    hub,
  }) => {
    const [first, second] = schools.filter((s) => s.regionCode === '410422').slice(1, 3);
    const template = (await hub.query('{ policy(id: "004-county-teachers") { rules { code } } }')).data.policy.rules.length;
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    try {
      const csv = join(dir, '学校方案.csv');
      await writeFile(csv, '规则代码,值,条款,原文\nteam.total,"{""max"":6}",三,成员不超过6人\ncycle.years,2,一,两年一个周期\n');
      const token = await hub.token({ level: 'SCHOOL', region: '410422', school: first!.id, roles: ['admin'] });
      const fromSheet = await runImport(hub, 'policy', csv, token, [
        '--policy',
        'school-sheet',
        '--title',
        '学校名班主任工作室方案',
        '--issuer',
        '某校',
        '--template',
        '004-county-teachers',
        '--drop',
        'funding.standard',
      ]);
      expect(fromSheet.code).toBe(0);
      // the template's rules less the two the school states and the one it drops
      const inherited = template - 3;
      expect(fromSheet.out).toContain(
        `已保存政策 school-sheet 第1版草稿（${inherited + 2} 条规则：本方案 2 条，继承自模板 004-county-teachers ${inherited} 条）`,
      );
      const json = join(dir, '学校方案.json');
      await writeFile(
        json,
        JSON.stringify({
          policyId: 'school-json',
          title: '学校名班主任工作室方案',
          issuer: '另一校',
          rules: [{ code: 'cycle.years', value: 2, clause: '一', text: '两年一个周期' }],
        }),
      );
      const other = await hub.token({ level: 'SCHOOL', region: '410422', school: second!.id, roles: ['admin'] });
      const fromJson = await runImport(hub, 'policy', json, other, ['--template', '004-county-teachers']);
      expect(fromJson.code).toBe(0);
      expect(fromJson.out).toContain(
        `已保存政策 school-json 第1版草稿（${template} 条规则：本方案 1 条，继承自模板 004-county-teachers ${template - 1} 条）`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a province office authors and publishes a provincial programme (issue 24.5)', () => {
  const HENAN: Office = { level: 'PROVINCE', region: '410000', roles: ['admin', 'editor'], subject: 'henan-admin' };
  const CITY: Office = { level: 'CITY', region: '410400', roles: ['admin', 'editor'], subject: 'pds-admin' };
  const PROVINCIAL = '410000-henan-2026';
  const READ_POLICY = `query ($p: ID!) { policy(id: $p) { issuingLevel studioLevel issuingRegion { code }
    versions { number status } rules { code seed } } }`;

  test('draftPolicy → publishPolicyVersion through the gateway: a draft the city below neither sees nor publishes; published, it founds a PROVINCIAL studio', async ({
    hub,
  }) => {
    const drafted = await hub.query(
      DRAFT,
      {
        input: {
          policyId: PROVINCIAL,
          title: '河南省中小学名班主任工作室建设方案',
          issuer: '河南省教育厅',
          batch: '第一批',
          rules: [
            rule('cycle.years', 3, '第四条', '建设周期为三年'),
            rule('evaluation.kinds', ['ANNUAL', 'FINAL'], '第八条', '实行年度考核和期满考核'),
            rule('team.hosts', { min: 1, max: 1 }, '第三条', '主持人1名'),
            rule('team.members', { max: 10 }, '第三条', '成员不超过10人'),
            rule('funding.standard', { source: 'PROVINCE', yuanPerYear: 50000 }, '第十条', '省级财政每年资助5万元'),
          ].map((r) => ({ ...r, value: JSON.stringify(r.value) })),
        },
      },
      HENAN,
    );
    expect(drafted.errors).toBeUndefined();
    expect(drafted.data.draftPolicy).toEqual({ id: PROVINCIAL, versions: [{ number: 1, status: 'DRAFT' }] });
    // below the province, the draft is not there to see or publish
    expect((await hub.query(READ_POLICY, { p: PROVINCIAL }, CITY)).data?.policy ?? null).toBeNull();
    const byCity = await hub.query(PUBLISH, { p: PROVINCIAL, v: 1 }, CITY);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(byCity.errors?.[0]?.extensions?.code);

    const published = await hub.query(PUBLISH, { p: PROVINCIAL, v: 1 }, HENAN);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishPolicyVersion.versions).toEqual([{ number: 1, status: 'PUBLISHED', effectiveFrom: null }]);
    // a published programme is public: the city reads it, rules with their clauses
    const seen = (await hub.query(READ_POLICY, { p: PROVINCIAL }, CITY)).data.policy;
    expect(seen).toMatchObject({
      issuingLevel: 'PROVINCE',
      studioLevel: 'PROVINCIAL',
      issuingRegion: { code: '410000' },
      versions: [{ number: 1, status: 'PUBLISHED' }],
    });
    expect(seen.rules).toContainEqual({ code: 'funding.standard', seed: '第十条' });

    const host = teachers.find((t) => !hosting.has(t.id) && schools.find((s) => s.id === t.schoolId)!.regionCode === '410421')!;
    const founded = await hub.query(
      `mutation ($p: ID!, $t: ID!) { applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "第一批", startYear: ${year} }) { level policyVersion endYear } }`,
      { p: PROVINCIAL, t: host.id },
      HENAN,
    );
    expect(founded.errors).toBeUndefined();
    expect(founded.data.applyForStudio).toEqual({ level: 'PROVINCIAL', policyVersion: 1, endYear: year + 2 });
  });
});
