import { allocations, demoStudio, evaluations, schools, studios, teachers } from './support/demo.ts';
import { describe, expect, test, expectRefusal } from './support/hub.ts';

const STUDIO_ROLLUP = `query ($within: ID!, $groupBy: [StudioDimension!]!, $regionLevel: RegionLevel) {
  studioRollup(within: $within, groupBy: $groupBy, regionLevel: $regionLevel) {
    region { code name } level status policy { id } studioCount memberCount share
  }
}`;
const sum = (rows: any[], key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);

describe('grouped aggregates for analysts (studioRollup, evaluationRollup, fundingRollup)', () => {
  test("groups a province's studios by city, every studio counted once", async ({ hub }) => {
    const { data, errors } = await hub.query(STUDIO_ROLLUP, { within: '410000', groupBy: ['REGION'], regionLevel: 'CITY' });
    expect(errors).toBeUndefined();
    expect(data.studioRollup).toEqual([
      expect.objectContaining({ region: { code: '410400', name: '平顶山市' }, studioCount: 9, share: 1 }),
    ]);
  });

  test("at county level a city-run school's studio stays on the city, and the shares add up to 1", async ({ hub }) => {
    const { data } = await hub.query(STUDIO_ROLLUP, { within: '410400', groupBy: ['REGION'], regionLevel: 'COUNTY' });
    const groups = data.studioRollup;
    expect(sum(groups, 'studioCount')).toBe(9);
    expect(groups.find((g: any) => g.region.code === '410400').studioCount).toBe(1);
    expect(groups.find((g: any) => g.region.code === '410422').studioCount).toBe(2);
    expect(sum(groups, 'share')).toBeCloseTo(1, 3);
  });

  test('groups by several dimensions at once, members included', async ({ hub }) => {
    const { data } = await hub.query(
      STUDIO_ROLLUP,
      { within: '440300', groupBy: ['LEVEL', 'STATUS'] },
      { level: 'CITY', region: '440300' },
    );
    const shenzhen = studios.filter((s) => s.regionCode.startsWith('4403'));
    expect(sum(data.studioRollup, 'studioCount')).toBe(shenzhen.length);
    expect(sum(data.studioRollup, 'memberCount')).toBe(shenzhen.reduce((n, s) => n + s.members.length, 0));
    expect(data.studioRollup.every((g: any) => g.level && g.status && g.region === null)).toBe(true);
  });

  test('groups evaluations by kind and result for a year', async ({ hub }) => {
    const { data, errors } = await hub.query(
      `{ evaluationRollup(within: "410000", groupBy: [KIND, RESULT], filter: { year: 2025 }) { kind result count studioCount } }`,
    );
    expect(errors).toBeUndefined();
    const expected = evaluations.filter((e) => e.regionCode.startsWith('41') && e.year === 2025);
    expect(sum(data.evaluationRollup, 'count')).toBe(expected.length);
    const annualPass = data.evaluationRollup.find((g: any) => g.kind === 'ANNUAL' && g.result === 'PASS');
    expect(annualPass.count).toBe(expected.filter((e) => e.kind === 'ANNUAL' && e.result === 'PASS').length);
  });

  test('splits allocations by source and spending by category, in Money strings', async ({ hub }) => {
    const shenzhen = { level: 'CITY', region: '440300' } as const;
    const bySource = await hub.query(
      `{ fundingRollup(within: "440300", groupBy: [SOURCE], year: 2020) { source allocated matched share } }`,
      {},
      shenzhen,
    );
    expect(bySource.errors).toBeUndefined();
    const fen = (source: string) =>
      allocations
        .filter((a) => a.regionCode.startsWith('4403') && a.year === 2020 && a.source === source)
        .reduce((n, a) => n + a.amountFen, 0n);
    expect(bySource.data.fundingRollup).toEqual([
      { source: 'CITY', allocated: `${fen('CITY') / 100n}.00`, matched: '0.00', share: expect.any(Number) },
      {
        source: 'COUNTY',
        allocated: `${fen('COUNTY') / 100n}.00`,
        matched: `${fen('COUNTY') / 100n}.00`,
        share: expect.any(Number),
      },
    ]);
    const byCategory = await hub.query(
      `{ fundingRollup(within: "440300", groupBy: [CATEGORY]) { category spent share } }`,
      {},
      shenzhen,
    );
    expect(byCategory.data.fundingRollup.length).toBeGreaterThan(0);
    expect(byCategory.data.fundingRollup.every((g: any) => g.category && Number(g.spent) > 0)).toBe(true);
    expect(sum(byCategory.data.fundingRollup, 'share')).toBeCloseTo(1, 3);
  });

  test('rollups are scoped: outside the subtree FORBIDDEN, a school sees only its own studios', async ({ hub }) => {
    const county = { level: 'COUNTY', region: '410422' } as const;
    for (const field of [
      'studioRollup(within: "410400", groupBy: [LEVEL]) { studioCount }',
      'evaluationRollup(within: "410400", groupBy: [KIND]) { count }',
      'fundingRollup(within: "410400", groupBy: [YEAR]) { allocated }',
    ]) {
      const { errors } = await hub.query(`{ ${field} }`, {}, county);
      expectRefusal({ errors }, 'FORBIDDEN');
    }
    const school = demoStudio({ regionCode: '410422' }).hostSchoolId;
    const { data } = await hub.query(
      STUDIO_ROLLUP,
      { within: '410422', groupBy: [] },
      { level: 'SCHOOL', region: '410422', school },
    );
    expect(data.studioRollup).toEqual([
      expect.objectContaining({ studioCount: studios.filter((s) => s.hostSchoolId === school).length }),
    ]);
  });

  test('a dimension asked for twice is BAD_USER_INPUT', async ({ hub }) => {
    const { errors } = await hub.query(STUDIO_ROLLUP, { within: '410000', groupBy: ['LEVEL', 'LEVEL'] });
    expectRefusal({ errors }, 'BAD_USER_INPUT');
  });
});

describe('people figures (Region.people)', () => {
  test("counts a subtree's schools and teachers by stage, and a city's equal its counties' plus its own schools'", async ({
    hub,
  }) => {
    const { data, errors } = await hub.query(`{ region(code: "410400") {
      people { schoolCount teacherCount activeHeadTeacherCount byStage { stage schoolCount } }
      children { people { schoolCount teacherCount } } } }`);
    expect(errors).toBeUndefined();
    const { people, children } = data.region;
    const expected = schools.filter((s) => s.regionCode.startsWith('4104'));
    expect(people.schoolCount).toBe(expected.length);
    expect(people.teacherCount).toBe(teachers.filter((t) => expected.some((s) => s.id === t.schoolId)).length);
    const own = schools.filter((s) => s.regionCode === '410400').length;
    expect(children.reduce((n: number, c: any) => n + c.people.schoolCount, 0) + own).toBe(people.schoolCount);
    expect(sum(people.byStage, 'schoolCount')).toBe(people.schoolCount);
  });
});

describe('rollup exports', () => {
  test('exports a rollup with a column per dimension asked for, in Chinese, and refuses out of scope', async ({ hub }) => {
    const auth = { authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}` };
    const res = await fetch(`${hub.url}/export/studio-rollup.csv?within=410400&groupBy=REGION,STATUS&regionLevel=COUNTY`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    const [header, ...rows] = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('地区,地区代码,状态,工作室数,成员数,占比,状态代码');
    expect(rows.reduce((n, r) => n + Number(r.split(',')[3]), 0)).toBe(9);
    expect(rows.some((r) => r.startsWith('叶县,410422,暂缓授牌,1,') && r.endsWith(',ON_HOLD'))).toBe(true);

    const funding = await fetch(`${hub.url}/export/funding-rollup.xlsx?within=410400&groupBy=YEAR&year=2025`, { headers: auth });
    expect(funding.status).toBe(200);
    const evaluationsExport = await fetch(`${hub.url}/export/evaluation-rollup.csv?within=410400&groupBy=KIND,RESULT`, {
      headers: auth,
    });
    const bytes = new Uint8Array(await evaluationsExport.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte-order mark, so Excel reads UTF-8
    expect(new TextDecoder().decode(bytes).split('\r\n')[0]).toBe(
      '评估类型,结果,评估次数,涉及工作室数,合格及以上（归一）,优秀（归一）,不合格,占比,评估类型代码,结果代码',
    );

    const outside = await fetch(`${hub.url}/export/studio-rollup.csv?within=410000&groupBy=LEVEL`, { headers: auth });
    expect(outside.status).toBe(403);
    const bad = await fetch(`${hub.url}/export/studio-rollup.csv?within=410400&groupBy=COLOUR`, { headers: auth });
    expect(bad.status).toBe(400);
  });

  test('each rollup export takes REGION with its own dimensions, as the README shows, and names the ones it takes', async ({
    hub,
  }) => {
    const auth = { authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}` };
    for (const path of [
      'studio-rollup.csv?within=410400&groupBy=REGION,LEVEL&regionLevel=COUNTY',
      'evaluation-rollup.csv?within=410400&groupBy=REGION,KIND&regionLevel=COUNTY',
      'funding-rollup.csv?within=410400&groupBy=REGION,SOURCE&regionLevel=COUNTY&year=2025',
    ]) {
      const res = await fetch(`${hub.url}/export/${path}`, { headers: auth });
      expect(res.status, path).toBe(200);
      expect((await res.text()).replace(/^\uFEFF/, '').split('\r\n')[0], path).toMatch(/^地区,地区代码,/);
    }
    // LEVEL is a studio dimension: the evaluation and funding rollups refuse it in Chinese, naming what they take
    for (const [name, takes] of [
      ['evaluation-rollup', 'REGION、KIND、STATUS、RESULT、YEAR'],
      ['funding-rollup', 'REGION、YEAR、SOURCE、CATEGORY'],
    ] as const) {
      const res = await fetch(`${hub.url}/export/${name}.csv?within=410400&groupBy=REGION,LEVEL`, { headers: auth });
      expect(res.status).toBe(400);
      const { errors } = await res.json();
      expectRefusal({ errors }, 'BAD_USER_INPUT', { argumentName: 'groupBy' });
      expect(errors[0].message).toBe(`参数 groupBy 可选 ${takes}（用逗号分隔），不支持 LEVEL`);
    }
    const level = await fetch(`${hub.url}/export/studio-rollup.csv?within=410400&groupBy=REGION&regionLevel=TOWN`, {
      headers: auth,
    });
    expect(level.status).toBe(400);
    expect((await level.json()).errors[0].message).toContain('PROVINCE、CITY、COUNTY');
  });
});
