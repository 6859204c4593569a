import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { allocations, demoStudio, evaluations, schools, studios, teachers } from './support/demo.ts';
import { subtreePrefix } from '../lib/domain/region-code.ts';
import { contractOperation } from './support/contract.ts';
import { describe, expect, test, type GraphQLResponse, type Office, expectRefusal } from './support/hub.ts';

const HEADLINE = contractOperation('pending-second-evaluations-by-county.graphql');
const OVERVIEW = contractOperation('region-overview.graphql');
const STUDIO_PAGE = contractOperation('studio-page.graphql');
const YEAR = 2025;
const fen = (money: string) => BigInt(money.replace('.', ''));

const yexianSchool = schools.find((s) => s.name === '叶县求是高级中学')!;
/** One office of each level along one path: 河南省 → 平顶山市 → 叶县 → a school in 叶县. */
const OFFICES: [string, Office, outside: string][] = [
  ['province 河南省', { level: 'PROVINCE', region: '410000' }, '420000'],
  ['city 平顶山市', { level: 'CITY', region: '410400' }, '410000'],
  ['county 叶县', { level: 'COUNTY', region: '410422' }, '410400'],
  ['school 叶县求是高级中学', { level: 'SCHOOL', region: '410422', school: yexianSchool.id }, '410400'],
];

/** The oracle: what the demo put in the database, seen from an office. */
function expected(office: Office, code = office.region) {
  const inScope = (s: { regionCode: string; hostSchoolId: string }) =>
    s.regionCode.startsWith(subtreePrefix(code)) && (!office.school || s.hostSchoolId === office.school);
  const mine = studios.filter(inScope);
  const ids = new Set(mine.map((s) => s.id));
  return {
    studioIds: [...ids].sort(),
    allocated: allocations.filter((a) => ids.has(a.studioId) && a.year === YEAR).reduce((n, a) => n + a.amountFen, 0n),
    pendingSecond: new Set(
      evaluations
        .filter((e) => ids.has(e.studioId) && e.kind === 'SECOND_EVALUATION' && e.status === 'PENDING')
        .map((e) => e.studioId),
    ).size,
    evaluationsInYear: evaluations.filter((e) => ids.has(e.studioId) && e.year === YEAR).length,
  };
}

describe.each(OFFICES)('scope matrix: as the %s office', (_name, office, outside) => {
  test('the headline lists its county-level regions with exactly its own pending 二次评估', async ({ hub }) => {
    const { data, errors } = await hub.query(HEADLINE, { within: office.region }, office);
    expect(errors).toBeUndefined();
    for (const county of data.region.descendants) {
      expect(county.evaluations.studioCount, county.name).toBe(expected(office, county.code).pendingSecond);
    }
  });

  test('the region overview shows its subtree only, and figures add up over children plus what hangs on the region', async ({
    hub,
  }) => {
    const { data, errors } = await hub.query(OVERVIEW, { code: office.region, year: YEAR }, office);
    expect(errors).toBeUndefined();
    const region = data.region;
    const mine = expected(office);
    expect(region.studios.total).toBe(mine.studioIds.length);
    expect(fen(region.funding.allocated)).toBe(mine.allocated);
    expect(region.evaluations.count).toBe(mine.evaluationsInYear);
    // what hangs on the region itself: studios of schools it runs directly
    const own = studios.filter((s) => s.regionCode === office.region && (!office.school || s.hostSchoolId === office.school));
    const ownAllocated = allocations
      .filter((a) => own.some((s) => s.id === a.studioId) && a.year === YEAR)
      .reduce((n, a) => n + a.amountFen, 0n);
    const children = region.children as { studios: { total: number }; funding: { allocated: string } }[];
    expect(region.studios.total).toBe(children.reduce((n, c) => n + c.studios.total, 0) + own.length);
    expect(fen(region.funding.allocated)).toBe(children.reduce((n, c) => n + fen(c.funding.allocated), 0n) + ownAllocated);
    // a province's parent is the nation (100000)
    expect(region.parent).toEqual(expect.objectContaining({ code: office.level === 'PROVINCE' ? '100000' : expect.any(String) }));
  });

  test('the studio page walks exactly its studios', async ({ hub }) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors }: { data?: any; errors?: unknown } = await hub.query(
        STUDIO_PAGE,
        { within: office.region, first: 3, after, year: YEAR },
        office,
      );
      expect(errors).toBeUndefined();
      seen.push(...data.studios.edges.map((e: any) => e.node.id));
      after = data.studios.pageInfo.hasNextPage ? data.studios.pageInfo.endCursor : null;
      if (!after) break;
    }
    expect(seen.sort()).toEqual(expected(office).studioIds);
  });

  test(`a region above or beside its own (${outside}) is FORBIDDEN in every contract operation, said once though every subgraph the region is asked of refuses it`, async ({
    hub,
  }) => {
    for (const [operation, variables] of [
      [HEADLINE, { within: outside }],
      [OVERVIEW, { code: outside, year: YEAR }],
      [STUDIO_PAGE, { within: outside, first: 10, year: YEAR }],
    ] as const) {
      const { data, errors } = await hub.query(operation, variables, office);
      expect(errors).toHaveLength(1);
      expectRefusal({ errors }, 'FORBIDDEN');
      expect(errors?.[0]?.message).toContain('无权查看');
      expect(data?.region ?? data?.studios ?? null).toBeNull();
    }
  });

  test('exports exactly its studios as CSV and XLSX with Chinese headers', async ({ hub }) => {
    const auth = { authorization: `Bearer ${await hub.token(office)}` };
    const csv = await fetch(`${hub.url}/export/studios.csv?within=${office.region}&year=${YEAR}`, { headers: auth });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^工作室名称,级别,状态,.*,编号,级别代码,状态代码$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').at(-3))
        .sort(),
    ).toEqual(expected(office).studioIds);

    const xlsx = await fetch(`${hub.url}/export/studios.xlsx?within=${office.region}&year=${YEAR}`, { headers: auth });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe('工作室名称'); // under the title row
    // a title row, the header, the studios and a 合计 row
    expect(sheet.rowCount - 3).toBe(expected(office).studioIds.length);

    // every level that may call them gets rows: a county's (and a school's) own region is its one row
    const pending = await fetch(`${hub.url}/export/pending-second-evaluations.csv?within=${office.region}`, { headers: auth });
    expect(pending.status).toBe(200);
    const counties = (await pending.text()).trim().split('\r\n').slice(1);
    expect(counties.length).toBeGreaterThan(0);
    if (office.level === 'COUNTY' || office.level === 'SCHOOL')
      expect(counties.map((r) => r.split(',')[1])).toEqual([office.region]); // 区县, then 区县代码
    const overview = await fetch(`${hub.url}/export/region-overview.csv?within=${office.region}&year=${YEAR}`, { headers: auth });
    expect(overview.status).toBe(200);
    const rows = (await overview.text()).trim().split('\r\n').slice(1);
    const total = rows.reduce((n, r) => n + Number(r.split(',')[2]), 0);
    if (office.level === 'COUNTY' || office.level === 'SCHOOL') {
      expect(rows.map((r) => r.split(',')[1])).toEqual([office.region]); // 地区, then 地区代码
      expect(total).toBe(expected(office).studioIds.length);
    } else {
      const own = studios.filter((s) => s.regionCode === office.region).length;
      expect(total + own).toBe(expected(office).studioIds.length);
    }
  });

  test(`exports of a region outside its scope (${outside}) are FORBIDDEN`, async ({ hub }) => {
    const auth = { authorization: `Bearer ${await hub.token(office)}` };
    for (const name of ['studios', 'pending-second-evaluations', 'region-overview']) {
      const res = await fetch(`${hub.url}/export/${name}.xlsx?within=${outside}&year=${YEAR}`, { headers: auth });
      expect(res.status, name).toBe(403);
      expectRefusal(await res.json(), 'FORBIDDEN');
    }
  });

  test('a studio outside its scope is NOT_FOUND by id, as one that does not exist, not returned in part', async ({ hub }) => {
    const others = studios.filter((s) => !expected(office).studioIds.includes(s.id));
    const { data, errors } = await hub.query(
      'query ($id: ID!) { studio(id: $id) { name evaluations { kind } funding(year: 2025) { allocated } } }',
      { id: others[0]!.id },
      office,
    );
    expect(data?.studio ?? null).toBeNull();
    expectRefusal({ errors }, 'NOT_FOUND');
  });
});

describe('an answer that reaches past the scope (README, scope)', () => {
  test("is partial, never leaky: a county viewer's walk over its city's counties has its own county's figures, and each other county null beside a FORBIDDEN naming its path", async ({
    hub,
  }) => {
    const county: Office = { level: 'COUNTY', region: '410422' };
    const { data, errors } = await hub.query(
      '{ region(code: "410422") { parent { descendants(level: COUNTY) { code studios { total } } } } }',
      {},
      county,
    );
    const counties = data.region.parent.descendants as { code: string; studios: { total: number } | null }[];
    const own = counties.find((c) => c.code === '410422')!;
    expect(own.studios!.total).toBe(studios.filter((s) => s.regionCode === '410422').length);
    const others = counties.filter((c) => c.code !== '410422');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((c) => c.studios === null)).toBe(true);
    expect(errors!.every((e) => e.extensions!.code === 'FORBIDDEN')).toBe(true);
    expect(errors!.map((e) => e.path!.join('.')).sort()).toEqual(
      others.map((c) => `region.parent.descendants.${counties.indexOf(c)}.studios`).sort(),
    );
  });
});

describe('personal data and schools', () => {
  test("a viewer gets FORBIDDEN for a teacher's phone; an editor may read it", async ({ hub }) => {
    const host = studios[0]!.hostTeacherId;
    const query = 'query ($id: ID!) { teacher(id: $id) { name phone } }';
    const viewer = await hub.query(query, { id: host }, { level: 'CITY', region: '410400', roles: ['viewer'] });
    expect(viewer.data.teacher.name).toBeTruthy();
    expectRefusal(viewer, 'FORBIDDEN');
    expect(viewer.errors![0]!.path).toEqual(['teacher', 'phone']);
    const editor = await hub.query(query, { id: host }, { level: 'CITY', region: '410400', roles: ['editor'] });
    expect(editor.errors).toBeUndefined();
  });

  test('a school user sees only its own school in the school list', async ({ hub }) => {
    const { data } = await hub.query('{ schools(within: "410422") { id } }', {}, OFFICES[3]![1]);
    expect(data.schools).toEqual([{ id: yexianSchool.id }]);
  });
});

describe('subgraphs answer only the gateway', () => {
  const ENTITIES =
    '{ _entities(representations: [{ __typename: "Region", code: "410000" }]) { ... on Region { evaluations { count } } } }';

  test.for(['personnel', 'studios', 'evaluations', 'funding'] as const)(
    "a request straight to %s without the gateway's credentials gets nothing",
    async (name, { hub }) => {
      const url = `${hub.subgraphs[name]!.url}/graphql`;
      const userToken = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] });
      const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${userToken}` }, { 'x-hub-viewer': userToken }];
      for (const headers of attempts) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: name === 'evaluations' ? ENTITIES : '{ __typename }' }),
        });
        expect(res.status).toBe(401);
        const body = await res.json();
        expect(body.data ?? null).toBeNull();
        expectRefusal(body, 'UNAUTHENTICATED');
      }
    },
  );

  test('exports need a signed-in user and say which parameter is missing', async ({ hub }) => {
    expect((await fetch(`${hub.url}/export/studios.csv?within=410000&year=2025`)).status).toBe(401);
    const auth = { authorization: `Bearer ${await hub.token({ level: 'PROVINCE', region: '410000' })}` };
    const missing = await fetch(`${hub.url}/export/studios.csv?within=410000`, { headers: auth });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors[0].message).toContain('year');
  });

  test('the gateway refuses a request without a token, and a token signed with another key', async ({ hub }) => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const none = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJsZXZlbCI6IlBST1ZJTkNFIiwicmVnaW9uIjoiNDEwMDAwIiwicm9sZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
    const bad = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body,
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).errors[0].message).toContain('令牌无效');
  });
});

describe('outsiders get the same answer whether or not a thing exists (NOT_FOUND), in every read and change', () => {
  /** Teachers who neither host nor belong to any studio, of one school: moving them changes no studio. */
  const freeTeachers = (schoolName: string) => {
    const school = schools.find((s) => s.name === schoolName)!;
    const busy = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
    return teachers.filter((t) => t.schoolId === school.id && !busy.has(t.id));
  };
  /** An office of 宝丰县 (410421) with every role: only its scope stands between it and 叶县's things. */
  const BAOFENG: Office = { level: 'COUNTY', region: '410421', roles: ['admin'] };
  const baofengTeacher = freeTeachers('宝丰县求是高级中学')[0]!;
  const yexianStudio = demoStudio({ regionCode: '410422', status: 'RUNNING' });
  const revokedStudio = demoStudio({ regionCode: '410423', status: 'REVOKED' });
  const yexianEvaluation = evaluations.find((e) => e.regionCode === '410422')!;
  const yexianTeacher = freeTeachers('叶县致远初级中学')[0]!;
  const yexianSchool = schools.find((s) => s.name === '叶县致远初级中学')!;

  const refusal = (res: GraphQLResponse, id: string) => {
    // nothing answered: no field, no entity (`_entities` answers [null])
    expect(
      res.data
        ? Object.values(res.data)
            .flat()
            .filter((v) => v !== null)
        : [],
    ).toEqual([]);
    const error = res.errors![0]!;
    return { code: error.extensions?.code, message: error.message.replaceAll(id, '<id>') };
  };

  const BY_STUDIO: [string, string][] = [
    ['studio', 'query ($id: ID!) { studio(id: $id) { id name } }'],
    [
      'transitionStudio',
      'mutation ($id: ID!) { transitionStudio(input: { id: $id, version: 1, to: REVOKED, reason: "撤销" }) { id } }',
    ],
    [
      'revokeStudioForMisconduct',
      'mutation ($id: ID!) { revokeStudioForMisconduct(input: { id: $id, version: 1, finding: "违规" }) { id } }',
    ],
    [
      'recordWork',
      'mutation ($id: ID!) { recordWork(input: { studioId: $id, kind: LECTURE, title: "讲座", doneOn: "2025-11-01" }) { id } }',
    ],
    [
      'applyToJoinStudio',
      `mutation ($id: ID!) { applyToJoinStudio(studioId: $id, teacherId: "${baofengTeacher.id}", role: MEMBER) { id } }`,
    ],
    [
      'addStudioMember',
      `mutation ($id: ID!) { addStudioMember(input: { studioId: $id, version: 1, teacherId: "${baofengTeacher.id}", role: MEMBER }) { id } }`,
    ],
    ['scheduleEvaluation', 'mutation ($id: ID!) { scheduleEvaluation(studioId: $id, kind: ANNUAL, year: 2027) { id } }'],
    [
      'allocateFunds',
      'mutation ($id: ID!) { allocateFunds(input: { studioId: $id, year: 2025, source: COUNTY, amount: "1.00" }) { id } }',
    ],
    [
      'setBudget',
      'mutation ($id: ID!) { setBudget(input: { studioId: $id, year: 2025, lines: [{ category: RESEARCH, amount: "1.00" }] }) { year } }',
    ],
    [
      'proposeExpenditure',
      'mutation ($id: ID!) { proposeExpenditure(input: { studioId: $id, year: 2025, use: RESEARCH, amount: "1.00", purpose: "资料", voucher: "V1", spentOn: "2025-05-01" }) { id } }',
    ],
  ];

  test.for(BY_STUDIO)(
    '%s: a studio of another county, a revoked one and none at all get one NOT_FOUND',
    async ([, operation], { hub }) => {
      const missing = randomUUID();
      const answers = [];
      for (const id of [yexianStudio.id, revokedStudio.id, missing]) {
        answers.push(refusal(await hub.query(operation, { id }, BAOFENG), id));
      }
      expect(answers[0]!.code).toBe('NOT_FOUND');
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    },
  );

  const BY_OTHER: [string, string, () => string][] = [
    ['teacher', 'query ($id: ID!) { teacher(id: $id) { id name } }', () => yexianTeacher.id],
    ['school', 'query ($id: ID!) { school(id: $id) { id name } }', () => yexianSchool.id],
    [
      'transferTeacher',
      `mutation ($id: ID!) { transferTeacher(teacherId: $id, toSchoolId: "${baofengTeacher.schoolId}", movedOn: "2025-09-01", reason: "调动") { id } }`,
      () => yexianTeacher.id,
    ],
    ['evaluation', 'query ($id: ID!) { evaluation(id: $id) { id } }', () => yexianEvaluation.id],
    [
      'recordEvaluationResult',
      'mutation ($id: ID!) { recordEvaluationResult(input: { id: $id, version: 1, result: PASS }) { id } }',
      () => yexianEvaluation.id,
    ],
    [
      'addRectificationOpinion',
      'mutation ($id: ID!) { addRectificationOpinion(evaluationId: $id, opinion: "整改", deadline: "2099-01-01") { id } }',
      () => yexianEvaluation.id,
    ],
  ];

  test.for(BY_OTHER)('%s: one of another county and none at all get one NOT_FOUND', async ([, operation, idOf], { hub }) => {
    const missing = randomUUID();
    const outside = refusal(await hub.query(operation, { id: idOf() }, BAOFENG), idOf());
    expect(outside.code).toBe('NOT_FOUND');
    expect(refusal(await hub.query(operation, { id: missing }, BAOFENG), missing)).toEqual(outside);
  });

  const ENTITIES: [string, 'studios' | 'personnel' | 'evaluations', () => string][] = [
    ['Studio', 'studios', () => yexianStudio.id],
    ['School', 'personnel', () => yexianSchool.id],
    ['Teacher', 'personnel', () => yexianTeacher.id],
    ['Evaluation', 'evaluations', () => yexianEvaluation.id],
  ];

  test.for(ENTITIES)(
    '_entities: a %s of another county and none at all get one NOT_FOUND; its own county gets it',
    async ([type, subgraph, idOf], { hub }) => {
      const ENTITY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`;
      const ask = (id: string, as: Office) => hub.subgraphQuery(subgraph, ENTITY, { r: [{ __typename: type, id }] }, as);
      const missing = randomUUID();
      const outside = refusal(await ask(idOf(), BAOFENG), idOf());
      expect(outside.code).toBe('NOT_FOUND');
      expect(refusal(await ask(missing, BAOFENG), missing)).toEqual(outside);
      const own = await ask(idOf(), { level: 'COUNTY', region: '410422' });
      expect(own.errors).toBeUndefined();
      expect(own.data._entities).toEqual([{ id: idOf() }]);
    },
  );

  test("applyToJoinStudio: the county's own office files to its own studio, and is told when its studio is revoked", async ({
    hub,
  }) => {
    const APPLY =
      'mutation ($s: ID!, $t: ID!) { applyToJoinStudio(studioId: $s, teacherId: $t, role: MEMBER) { status studio { id } } }';
    const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
    const { data, errors } = await hub.query(APPLY, { s: yexianStudio.id, t: yexianTeacher.id }, YEXIAN);
    expect(errors).toBeUndefined();
    expect(data.applyToJoinStudio).toEqual({ status: 'PENDING', studio: { id: yexianStudio.id } });
    // 鲁山县 sees its own revoked studio, so it may learn that it takes no members
    const LUSHAN: Office = { level: 'COUNTY', region: '410423', roles: ['editor'] };
    const revoked = await hub.query(APPLY, { s: revokedStudio.id, t: freeTeachers('鲁山县求是高级中学')[0]!.id }, LUSHAN);
    expectRefusal(revoked, 'BAD_USER_INPUT');
    expect(revoked.errors![0]!.message).toBe('该工作室已不再接收成员');
  });

  const QUOTAS =
    'query ($w: ID!) { nominationQuotas(policyId: "000-pingdingshan", batch: "2026年", within: $w) { region { code } used } }';

  test('nominationQuotas: a school reads no quota use, not even of its own county; its county office does', async ({ hub }) => {
    const school: Office = { level: 'SCHOOL', region: '410422', school: yexianSchool.id };
    const refused = await hub.query(QUOTAS, { w: '410422' }, school);
    expect(refused.data?.nominationQuotas ?? null).toBeNull();
    expectRefusal(refused, 'FORBIDDEN');
    expect(refused.errors![0]!.message).toContain('学校用户无权查看');
    const county = await hub.query(QUOTAS, { w: '410422' }, { level: 'COUNTY', region: '410422' });
    expect(county.errors).toBeUndefined();
    expect(county.data.nominationQuotas.map((q: { region: { code: string } }) => q.region.code)).toEqual(['410422']);
  });

  test('personnelChanges: a transfer between counties is told to each county naming only its own school', async ({ hub }) => {
    const mover = freeTeachers('叶县育才小学')[0]!;
    const from = schools.find((s) => s.name === '叶县育才小学')!;
    const to = schools.find((s) => s.name === '宝丰县育才小学')!;
    const moved = await hub.query(
      'mutation ($t: ID!, $s: ID!) { transferTeacher(teacherId: $t, toSchoolId: $s, movedOn: "2025-09-01", reason: "工作需要") { id } }',
      { t: mover.id, s: to.id },
      { level: 'CITY', region: '410400', roles: ['editor'] },
    );
    expect(moved.errors).toBeUndefined();
    const CHANGES = 'query ($c: ID!) { region(code: $c) { personnelChanges { entityId summary before after } } }';
    const seen = async (code: string, as: Office) =>
      (
        (await hub.query(CHANGES, { c: code }, as)).data.region.personnelChanges as {
          entityId: string;
          summary: string;
          before: string | null;
          after: string | null;
        }[]
      ).filter((e) => e.entityId === mover.id);
    const yexian = await seen('410422', { level: 'COUNTY', region: '410422' });
    expect(yexian.map((e) => e.summary)).toEqual([`${mover.name}：调出${from.name}（2025-09-01，工作需要）`]);
    expect(JSON.stringify(yexian)).not.toContain(to.id);
    const baofeng = await seen('410421', { level: 'COUNTY', region: '410421' });
    expect(baofeng.map((e) => e.summary)).toEqual([`${mover.name}：调入${to.name}（2025-09-01，工作需要）`]);
    expect(JSON.stringify(baofeng)).not.toContain(from.id);
    // a school reads its own end; the city above both reads both
    const school = await seen('410421', { level: 'SCHOOL', region: '410421', school: to.id });
    expect(school.map((e) => e.summary)).toEqual(baofeng.map((e) => e.summary));
    expect(await seen('410421', { level: 'SCHOOL', region: '410421', school: baofengTeacher.schoolId })).toEqual([]);
    expect((await seen('410400', { level: 'CITY', region: '410400' })).map((e) => e.summary).sort()).toEqual(
      [...yexian, ...baofeng].map((e) => e.summary).sort(),
    );
  });
});
