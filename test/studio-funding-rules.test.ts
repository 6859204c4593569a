import { publishProblems } from '../subgraphs/studios/policy/authoring.ts';
import { demoStudio, schools, studios, teachers } from './support/demo.ts';
import {
  describe,
  expect,
  test,
  TEST_TODAY,
  type GraphQLResponse,
  type Office,
  type TestHub,
  expectRefusal,
} from './support/hub.ts';

/**
 * Issue 24 item 1, the studios and funding clauses that had no rule code: who funds a studio without a sum
 * (funding.provided), the host's stipend (funding.hostStipend), the yearly naming quota (naming.perYear.max), one
 * obligation any of several kinds meets (orKinds, “三选一”) and the work kinds 送培送教 and 精品课, each through the
 * gateway on both sides, from the programme files that state them.
 */

const Y = Number(TEST_TODAY.slice(0, 4));
const ALLOCATE = `mutation ($i: AllocateFundsInput!) { allocateFunds(input: $i) { id source amount stipend } }`;
const FUNDING = `query ($id: ID!) { studio(id: $id) { fundingProvided { sources seed text } hostStipend { source amountPerYear seed } } }`;
const APPLY = `mutation ($p: ID!, $t: ID!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "试点", startYear: $y }) { id }
}`;
const RESEARCH = `mutation ($t: ID!) { addResearchProject(teacherId: $t, title: "班级管理课题", level: SCHOOL, hosted: true) { id } }`;
const RECORD = 'mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id kind } }';
const OBLIGATIONS = `query ($id: ID!, $asOf: String!) {
  studio(id: $id) { obligations(asOf: $asOf) { kind per required done state minLevel orKinds seed } } }`;
const DRAFT = `mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id } }`;
const PUBLISH = `mutation ($p: ID!, $v: Int!) { publishPolicyVersion(policyId: $p, version: $v) { id } }`;
const VERSION = 'query ($id: ID!) { studio(id: $id) { version status } }';
const TRANSITION = `mutation ($input: TransitionStudioInput!) { transitionStudio(input: $input) { status } }`;

const ok = <T>(r: GraphQLResponse<T>): T => {
  expect(r.errors).toBeUndefined();
  return r.data!;
};
const henan: Office = { level: 'PROVINCE', region: '410000', roles: ['editor', 'admin', 'finance'] };
const hosting = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const regionOf = (schoolId: string) => schools.find((s) => s.id === schoolId)!.regionCode;
const used = new Set<string>();
/**
 * A teacher of a region (a code prefix) in no studio, young enough to stay in post for a cycle, each once in the file;
 * `honoured`: the first teacher of a school, whom the demo gives a 市级先进班集体 and a 市级优秀班主任.
 */
function teacherOf(region: string, honoured = false) {
  const found = teachers.find(
    (t) =>
      !hosting.has(t.id) &&
      !used.has(t.id) &&
      regionOf(t.schoolId).startsWith(region) &&
      Number(t.birthDate.slice(0, 4)) >= Y - 46 &&
      (!honoured || t.id === teachers.find((x) => x.schoolId === t.schoolId)!.id),
  );
  if (!found) throw new Error(`the demo has no free teacher in ${region}`);
  used.add(found.id);
  return found;
}

async function found(hub: TestHub, policyId: string, teacherId: string, as: Office, startYear = Y): Promise<string> {
  return ok(await hub.query(APPLY, { p: policyId, t: teacherId, y: startYear }, as)).applyForStudio.id;
}
const allocate = (hub: TestHub, as: Office, i: Record<string, unknown>) => hub.query(ALLOCATE, { i: { year: Y, ...i } }, as);

describe('funding.provided: who funds a studio where the clause names no sum', () => {
  test('000 四.4 “建设经费由所在学校提供保障”: the studio shows the school must fund it; a city grant is refused, the school’s made', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', regionCode: '410425' });
    const city: Office = { level: 'CITY', region: '410400', roles: ['finance'] };
    const shown = ok(await hub.query(FUNDING, { id: studio.id }, city)).studio;
    expect(shown.fundingProvided).toEqual({ sources: ['SCHOOL'], seed: '000 四.4', text: '建设经费由所在学校提供保障' });
    expect(shown.hostStipend).toBeNull();
    const refused = await allocate(hub, city, { studioId: studio.id, source: 'CITY', amount: '1.00' });
    expectRefusal(refused, 'POLICY_VIOLATION', 'funding.provided');
    expect(refused.errors![0]!.message).toContain(
      '该工作室的经费由学校提供（000 四.4：建设经费由所在学校提供保障），不能由市级拨款',
    );
    expect(ok(await allocate(hub, city, { studioId: studio.id, source: 'SCHOOL', amount: '1.00' })).allocateFunds).toMatchObject({
      source: 'SCHOOL',
      stipend: false,
    });
  });

  test('001 八(三) “区教育局…给予经费支持，工作室所在学校也要给予必要的经费保障”: the district and the school give, the city does not', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
    const city: Office = { level: 'CITY', region: '320400', roles: ['finance'] };
    expect(ok(await hub.query(FUNDING, { id: studio.id }, city)).studio.fundingProvided.sources).toEqual(['COUNTY', 'SCHOOL']);
    expectRefusal(
      await allocate(hub, city, { studioId: studio.id, source: 'CITY', amount: '1.00' }),
      'POLICY_VIOLATION',
      'funding.provided',
    );
    ok(await allocate(hub, city, { studioId: studio.id, source: 'COUNTY', amount: '1.00' }));
    ok(await allocate(hub, city, { studioId: studio.id, source: 'SCHOOL', amount: '1.00' }));
  });

  test('a programme without the rule names no one: 004 方案10 (its standard from the school) takes a county grant as before', async ({
    hub,
  }) => {
    const host = teacherOf('410422');
    const yexian: Office = { level: 'COUNTY', region: '410422', roles: ['editor', 'finance'] };
    const id = await found(hub, '004-school-plan10', host.id, henan);
    expect(ok(await hub.query(FUNDING, { id }, yexian)).studio.fundingProvided).toBeNull();
    ok(await allocate(hub, yexian, { studioId: id, source: 'COUNTY', amount: '1.00' }));
  });
});

describe('funding.hostStipend: the host’s work stipend only where the programme grants it', () => {
  test('004 方案9 四.3 “主持人享受相应的工作补助”: a stipend from the school is allocated (not a grant), from the county refused; a grant from the county is refused too (四.3 学校提供一定的经费)', async ({
    hub,
  }) => {
    const host = teacherOf('41', true);
    ok(await hub.query(RESEARCH, { t: host.id }, henan));
    const id = await found(hub, '004-school-plan9', host.id, henan);
    expect(ok(await hub.query(FUNDING, { id }, henan)).studio).toEqual({
      fundingProvided: { sources: ['SCHOOL'], seed: '004 方案9 四.3', text: '学校为名班主任工作室提供一定的经费' },
      hostStipend: { source: 'SCHOOL', amountPerYear: null, seed: '004 方案9 四.3' },
    });
    const stipend = ok(await allocate(hub, henan, { studioId: id, source: 'SCHOOL', amount: '3000.00', stipend: true }));
    expect(stipend.allocateFunds).toMatchObject({ source: 'SCHOOL', amount: '3000.00', stipend: true });
    const wrongSource = await allocate(hub, henan, { studioId: id, source: 'COUNTY', amount: '1.00', stipend: true });
    expectRefusal(wrongSource, 'POLICY_VIOLATION', 'funding.hostStipend');
    expect(wrongSource.errors![0]!.message).toContain('主持人工作补助应由学校拨付（004 方案9 四.3：主持人享受相应的工作补助）');
    expectRefusal(
      await allocate(hub, henan, { studioId: id, source: 'COUNTY', amount: '1.00' }),
      'POLICY_VIOLATION',
      'funding.provided',
    );
    ok(await allocate(hub, henan, { studioId: id, source: 'SCHOOL', amount: '1.00' }));
  });

  test('001 states no stipend: a stipend to its studio’s host is refused, naming the rule', async ({ hub }) => {
    const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
    const city: Office = { level: 'CITY', region: '320400', roles: ['finance'] };
    const refused = await allocate(hub, city, { studioId: studio.id, source: 'SCHOOL', amount: '1.00', stipend: true });
    expectRefusal(refused, 'POLICY_VIOLATION', 'funding.hostStipend');
    expect(refused.errors![0]!.message).toBe('该工作室执行的政策没有规定主持人工作补助，不能拨付补助');
  });
});

describe('funding.hostStipend with a sum, and who a programme may name as funder', () => {
  test('a county programme granting a stipend of 500 a year beside a school standard of 1,000: 500 is paid, a fen more refused; the stipend leaves the standard whole', async ({
    hub,
  }) => {
    const yexian: Office = { level: 'COUNTY', region: '410422', roles: ['admin', 'editor', 'finance'] };
    const policyId = '410422-stipend';
    const rules = [
      { code: 'cycle.years', value: 3, clause: '第三条', text: '建设周期为三年' },
      { code: 'funding.standard', value: { source: 'SCHOOL', yuanPerYear: 1000 }, clause: '第八条', text: '学校每年安排1000元' },
      {
        code: 'funding.hostStipend',
        value: { source: 'SCHOOL', yuanPerYear: 500 },
        clause: '第九条',
        text: '主持人每年补助500元',
      },
    ];
    ok(
      await hub.query(
        DRAFT,
        {
          input: {
            policyId,
            title: '补助测试方案',
            issuer: '叶县教育体育局',
            rules: rules.map((r) => ({ ...r, value: JSON.stringify(r.value) })),
          },
        },
        yexian,
      ),
    );
    ok(await hub.query(PUBLISH, { p: policyId, v: 1 }, yexian));
    const id = await found(hub, policyId, teacherOf('410422').id, yexian);
    expect(ok(await hub.query(FUNDING, { id }, yexian)).studio.hostStipend).toEqual({
      source: 'SCHOOL',
      amountPerYear: '500.00',
      seed: '第九条',
    });
    ok(await allocate(hub, yexian, { studioId: id, source: 'SCHOOL', amount: '500.00', stipend: true }));
    const over = await allocate(hub, yexian, { studioId: id, source: 'SCHOOL', amount: '0.01', stipend: true });
    expectRefusal(over, 'POLICY_VIOLATION', 'funding.hostStipend');
    expect(over.errors![0]!.message).toContain('超出主持人工作补助标准：每年 500.00 元（第九条）');
    ok(await allocate(hub, yexian, { studioId: id, source: 'SCHOOL', amount: '1000.00' }));
    expectRefusal(
      await allocate(hub, yexian, { studioId: id, source: 'SCHOOL', amount: '0.01' }),
      'POLICY_VIOLATION',
      'funding.standard',
    );
  });

  test('publishing: a school programme may name the school as funder, not the county above it', () => {
    const base = [{ code: 'cycle.years', value: 3, clause: '四.2', text: '三年为一个工作周期' }];
    const naming = (sources: string[]) => [
      ...base,
      { code: 'funding.provided', value: { sources }, clause: '四.3', text: '学校为名班主任工作室提供一定的经费' },
    ];
    expect(publishProblems('SCHOOL', naming(['SCHOOL']))).toEqual([]);
    expect(publishProblems('SCHOOL', naming(['COUNTY', 'SCHOOL']))).toEqual([
      { rule: 'funding.provided', message: '规则“funding.provided”规定由县级出资，学校政策无权规定上级的经费' },
    ]);
  });
});

describe('naming.perYear.max: at most so many studios named a year (004 方案6 (二) 每年度遴选命名20个)', () => {
  test('a city programme naming one a year: the first studio of the year is plaqued, the second refused, one of the next year plaqued', async ({
    hub,
  }) => {
    const city: Office = { level: 'CITY', region: '410400', roles: ['admin', 'editor'] };
    const policyId = '410400-naming-quota';
    const rules = [
      { code: 'cycle.years', value: 3, clause: '第四条', text: '建设周期为三年' },
      { code: 'naming.perYear.max', value: 1, clause: '第二条', text: '每年度遴选命名1个市级名班主任工作室' },
    ];
    ok(
      await hub.query(
        DRAFT,
        {
          input: {
            policyId,
            title: '命名名额测试方案',
            issuer: '平顶山市教育体育局',
            rules: rules.map((r) => ({ ...r, value: JSON.stringify(r.value) })),
          },
        },
        city,
      ),
    );
    ok(await hub.query(PUBLISH, { p: policyId, v: 1 }, city));
    const [first, second, nextYear] = [
      await found(hub, policyId, teacherOf('4104').id, city),
      await found(hub, policyId, teacherOf('4104').id, city),
      await found(hub, policyId, teacherOf('4104').id, city, Y + 1),
    ];
    const step = async (id: string, to: string) => {
      const { version } = ok(await hub.query(VERSION, { id }, city)).studio;
      return hub.query(TRANSITION, { input: { id, version, to, reason: '评审通过' } }, city);
    };
    for (const id of [first, second, nextYear]) for (const to of ['UNDER_REVIEW', 'IN_PUBLICITY']) ok(await step(id, to));
    expect(ok(await step(first, 'ESTABLISHED')).transitionStudio.status).toBe('ESTABLISHED');
    const refused = await step(second, 'ESTABLISHED');
    expectRefusal(refused, 'POLICY_VIOLATION', 'naming.perYear.max');
    expect(refused.errors![0]!.message).toContain(`${Y} 年已按该方案命名 1 个工作室，每年至多命名 1 个（第二条`);
    expect(ok(await step(nextYear, 'ESTABLISHED')).transitionStudio.status).toBe('ESTABLISHED');
    // a studio named once and plaqued again after 暂缓授牌 is not named twice
    ok(await step(first, 'ON_HOLD'));
    expect(ok(await step(first, 'ESTABLISHED')).transitionStudio.status).toBe('ESTABLISHED');
  });
});

describe('obligations over several kinds, and the kinds 送培送教 and 精品课', () => {
  const state = async (hub: TestHub, id: string, kind: string, as: Office) =>
    (
      ok(await hub.query(OBLIGATIONS, { id, asOf: TEST_TODAY }, as)).studio.obligations as {
        kind: string;
        state: string;
        done: number;
        orKinds: string[];
        minLevel: string | null;
        seed: string;
      }[]
    ).find((o) => o.kind === kind)!;
  const record = (hub: TestHub, studioId: string, kind: string, level: string | null, as: Office) =>
    hub.query(RECORD, { input: { studioId, kind, title: kind, doneOn: TEST_TODAY, level } }, as);

  test('004 方案8 四(二) “县级公开课、讲座或研讨会” (三选一): a school-level lecture does not meet it, a county forum does; 四(四) 送培送教 twice a year', async ({
    hub,
  }) => {
    const yexian: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
    const id = await found(hub, '004-county-teachers', teacherOf('410422').id, yexian);
    ok(await record(hub, id, 'LECTURE', '校级', yexian));
    expect(await state(hub, id, 'PUBLIC_CLASS', yexian)).toMatchObject({
      orKinds: ['LECTURE', 'FORUM'],
      minLevel: 'COUNTY',
      done: 0,
      seed: '004 方案8 四(二)',
    });
    ok(await record(hub, id, 'FORUM', '县级', yexian));
    expect(await state(hub, id, 'PUBLIC_CLASS', yexian)).toMatchObject({ done: 1, state: 'MET' });

    ok(await record(hub, id, 'OUTREACH_TEACHING', null, yexian));
    expect((await state(hub, id, 'OUTREACH_TEACHING', yexian)).state).not.toBe('MET');
    expect(ok(await record(hub, id, 'OUTREACH_TEACHING', null, yexian)).recordWork.kind).toBe('OUTREACH_TEACHING');
    expect(await state(hub, id, 'OUTREACH_TEACHING', yexian)).toMatchObject({ done: 2, state: 'MET' });
  });

  test('004 方案10 三 5 “每学期集体推出精品课一堂”: a member’s 公开课 is not the 精品课; a 精品课 meets it', async ({ hub }) => {
    const yexian: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
    const id = await found(hub, '004-school-plan10', teacherOf('410422').id, henan);
    ok(await record(hub, id, 'PUBLIC_CLASS', null, yexian));
    expect(await state(hub, id, 'SHOWCASE_CLASS', yexian)).toMatchObject({ done: 0, orKinds: [] });
    ok(await record(hub, id, 'SHOWCASE_CLASS', null, yexian));
    expect(await state(hub, id, 'SHOWCASE_CLASS', yexian)).toMatchObject({ done: 1, state: 'MET', seed: '004 方案10 三 5' });
  });
});
