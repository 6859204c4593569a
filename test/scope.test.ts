import ExcelJS from 'exceljs';
import { allocations, evaluations, schools, studios } from '../demo/world.ts';
import { subtreePrefix } from '../lib/region-code.ts';
import { contractOperation } from './support/contract.ts';
import { describe, expect, test, type Office } from './support/hub.ts';

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
    expect(region.parent).toEqual(
      expect.objectContaining({ code: office.level === 'PROVINCE' ? '100000' : expect.any(String) }),
    );
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

  test(`a region above or beside its own (${outside}) is FORBIDDEN in every contract operation`, async ({ hub }) => {
    for (const [operation, variables] of [
      [HEADLINE, { within: outside }],
      [OVERVIEW, { code: outside, year: YEAR }],
      [STUDIO_PAGE, { within: outside, first: 10, year: YEAR }],
    ] as const) {
      const { data, errors } = await hub.query(operation, variables, office);
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
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
    expect(lines[0]).toMatch(/^编号,工作室名称,级别,状态/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(expected(office).studioIds);

    const xlsx = await fetch(`${hub.url}/export/studios.xlsx?within=${office.region}&year=${YEAR}`, { headers: auth });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('工作室名称');
    expect(sheet.rowCount - 1).toBe(expected(office).studioIds.length);

    for (const name of ['pending-second-evaluations', 'region-overview']) {
      const res = await fetch(`${hub.url}/export/${name}.csv?within=${office.region}&year=${YEAR}`, { headers: auth });
      expect(res.status, name).toBe(200);
    }
    const overview = await fetch(`${hub.url}/export/region-overview.csv?within=${office.region}&year=${YEAR}`, { headers: auth });
    const rows = (await overview.text()).trim().split('\r\n').slice(1);
    const own = studios.filter(
      (s) => s.regionCode === office.region && (!office.school || s.hostSchoolId === office.school),
    ).length;
    expect(rows.reduce((n, r) => n + Number(r.split(',')[2]), 0) + own).toBe(expected(office).studioIds.length);
  });

  test(`exports of a region outside its scope (${outside}) are FORBIDDEN`, async ({ hub }) => {
    const auth = { authorization: `Bearer ${await hub.token(office)}` };
    for (const name of ['studios', 'pending-second-evaluations', 'region-overview']) {
      const res = await fetch(`${hub.url}/export/${name}.xlsx?within=${outside}&year=${YEAR}`, { headers: auth });
      expect(res.status, name).toBe(403);
      expect((await res.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  test('a studio outside its scope is FORBIDDEN by id, not returned in part', async ({ hub }) => {
    const others = studios.filter((s) => !expected(office).studioIds.includes(s.id));
    const { data, errors } = await hub.query(
      'query ($id: ID!) { studio(id: $id) { name evaluations { kind } funding(year: 2025) { allocated } } }',
      { id: others[0]!.id },
      office,
    );
    expect(data?.studio ?? null).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('personal data and schools', () => {
  test("a viewer gets FORBIDDEN for a teacher's phone; an editor may read it", async ({ hub }) => {
    const host = studios[0]!.hostTeacherId;
    const query = 'query ($id: ID!) { teacher(id: $id) { name phone } }';
    const viewer = await hub.query(query, { id: host }, { level: 'CITY', region: '410400', roles: ['viewer'] });
    expect(viewer.data.teacher.name).toBeTruthy();
    expect(viewer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
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
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
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
