import { PENDING_SECOND_EVALUATIONS } from './support/contract.ts';
import { allRegions } from '../lib/domain/region-tree.ts';
import { requestStatements } from './support/statements.ts';
import { describe, expect, PROVINCE_ADMIN, test, expectRefusal } from './support/hub.ts';

const HEADLINE = PENDING_SECOND_EVALUATIONS;

interface County {
  code: string;
  name: string;
  parent: { code: string; name: string };
  evaluations: { studioCount: number };
}
interface Headline {
  region: { code: string; name: string; level: string; descendants: County[] };
}

describe('studios per county with a pending 二次评估 (contract: pending-second-evaluations-by-county)', () => {
  test('lists all 181 county-level regions of 河南省 once each, zero counts included', async ({ hub }) => {
    const { data, errors } = await hub.query<Headline>(HEADLINE, { within: '410000' });
    expect(errors).toBeUndefined();
    expect(data!.region).toMatchObject({ code: '410000', name: '河南省', level: 'PROVINCE' });
    const counties = data!.region.descendants;
    expect(counties).toHaveLength(181);
    expect(new Set(counties.map((c) => c.code)).size).toBe(181);
    expect(counties.every((c) => c.code.startsWith('41') && c.parent.code.startsWith('41'))).toBe(true);
    expect(counties.filter((c) => c.evaluations.studioCount === 0).length).toBeGreaterThan(170);
    // functional zones are county-level regions too (DOMAIN: 高新区 410471, 新城区 410472)
    expect(counties.map((c) => c.code)).toEqual(expect.arrayContaining(['410471', '410472']));
  });

  test('finds the pending 二次评估 after failed creation evaluations in at least two Pingdingshan counties (000)', async ({
    hub,
  }) => {
    const { data } = await hub.query<Headline>(HEADLINE, { within: '410000' });
    const pending = data!.region.descendants.filter((c) => c.evaluations.studioCount > 0);
    const pingdingshan = pending.filter((c) => c.parent.code === '410400');
    expect(pingdingshan.length).toBeGreaterThanOrEqual(2);
    expect(pingdingshan.map((c) => c.name)).toEqual(expect.arrayContaining(['叶县', '宝丰县']));
  });

  test('for a city lists its own county-level regions with the same counts as at province level', async ({ hub }) => {
    const province = await hub.query<Headline>(HEADLINE, { within: '410000' });
    const city = await hub.query<Headline>(HEADLINE, { within: '410400' });
    expect(city.errors).toBeUndefined();
    const counties = city.data!.region.descendants;
    expect(counties.map((c) => c.code)).toEqual([
      '410402',
      '410403',
      '410404',
      '410411',
      '410421',
      '410422',
      '410423',
      '410425',
      '410471',
      '410472',
      '410481',
      '410482',
    ]);
    const fromProvince = new Map(province.data!.region.descendants.map((c) => [c.code, c.evaluations.studioCount]));
    for (const c of counties) expect(c.evaluations.studioCount).toBe(fromProvince.get(c.code));
    expect(counties.every((c) => c.parent.name === '平顶山市')).toBe(true);
  });

  test('counts a studio once however many pending evaluations it has, and completed ones not at all', async ({ hub }) => {
    // 郏县's studio passed its 二次评估 in 2025 (000: pass → plaque); it is no longer pending
    const { data } = await hub.query<Headline>(HEADLINE, { within: '410400' });
    const byName = new Map(data!.region.descendants.map((c) => [c.name, c.evaluations.studioCount]));
    expect(byName.get('郏县')).toBe(0);
    expect(byName.get('叶县')).toBe(1); // two studios in 叶县, one on hold
  });

  test('answers the whole batch of counties with one SQL statement in the evaluations subgraph', async ({ hub }) => {
    const evaluations = hub.subgraphs.evaluations!.orm.queries;
    const personnel = hub.subgraphs.personnel!.orm.queries;
    evaluations.reset();
    personnel.reset();
    const { data } = await hub.query<Headline>(HEADLINE, { within: '410000' }, PROVINCE_ADMIN, { fresh: true });
    expect(data!.region.descendants).toHaveLength(181);
    // the event relay polls in the background; its statements are not the request's
    const sent = requestStatements(evaluations.statements);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/group by grouping sets/);
    // the region, its descendants and their parents are reference data every subgraph holds in memory: no statement
    expect(requestStatements(personnel.statements)).toHaveLength(0);
  });

  test("asked again with nothing changed, the headline costs no SQL statement but the cache's check (the answer cache, issues 11 and 23)", async ({
    hub,
  }) => {
    const counters = [hub.subgraphs.evaluations!.orm.queries, hub.subgraphs.personnel!.orm.queries];
    // the gateway follows every subgraph's data version from its start; wait (bounded) until it does
    for (let i = 0; i < 100; i++) {
      const health = (await (await fetch(`${hub.url}/health`)).json()) as { answerCache: { following: boolean } };
      if (health.answerCache.following) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // a write meanwhile (the demo's events still being delivered just after the start) makes the next one afresh
    let statements = -1;
    for (let i = 0; i < 20 && statements !== 0; i++) {
      const first = await hub.query<Headline>(HEADLINE, { within: '410000' });
      for (const c of counters) c.reset();
      const again = await hub.query<Headline>(HEADLINE, { within: '410000' });
      expect(again).toEqual(first);
      statements = counters.flatMap((c) =>
        requestStatements(c.statements).filter((sql) => !sql.includes('hub_data_change')),
      ).length;
    }
    expect(statements).toBe(0);
    // the check: one statement in each subgraph the answer came from, evaluations alone (it answers the regions too)
    expect(counters.map((c) => c.statements.filter((sql) => sql.includes('hub_data_change')).length)).toEqual([1, 0]);
  });

  test('works for a province outside the demo: every county listed with zero', async ({ hub }) => {
    const { data } = await hub.query<Headline>(HEADLINE, { within: '440000' }, { level: 'PROVINCE', region: '440000' });
    const counties = data!.region.descendants;
    // 东莞市, 中山市 and 儋州市's peers: cities without counties stand at county level too
    expect(counties.map((c) => c.code)).toEqual(expect.arrayContaining(['441900', '442000']));
    expect(counties.find((c) => c.code === '440304')!.evaluations.studioCount).toBe(0);
  });
});

describe('the whole country in one request: the nation, 100000, above the provinces', () => {
  const NATION = { level: 'NATION', region: '100000' } as const;

  test('a national office gets every county-level region of the country with the provinces’ counts', async ({ hub }) => {
    const evaluations = hub.subgraphs.evaluations!.orm.queries;
    evaluations.reset();
    const { data, errors } = await hub.query<Headline>(HEADLINE, { within: '100000' }, NATION);
    expect(errors).toBeUndefined();
    expect(data!.region).toMatchObject({ code: '100000', name: '中华人民共和国', level: 'NATION' });
    const counties = data!.region.descendants;
    expect(counties).toHaveLength(2978);
    expect(new Set(counties.map((c) => c.code)).size).toBe(2978);
    // one for the figures; the answer cache's snapshot (hub_data_change) is not the request's work
    expect(requestStatements(evaluations.statements).filter((sql) => !sql.includes('hub_data_change'))).toHaveLength(1);
    const henan = await hub.query<Headline>(HEADLINE, { within: '410000' });
    const national = new Map(counties.map((c) => [c.code, c.evaluations.studioCount]));
    for (const c of henan.data!.region.descendants) expect(national.get(c.code)).toBe(c.evaluations.studioCount);
  });

  test("the nation's children are the 31 provinces, and a province's parent is the nation", async ({ hub }) => {
    const { data } = await hub.query(
      '{ region(code: "100000") { parent { code } children { code level parent { code name } } } }',
      {},
      NATION,
    );
    expect(data.region.parent).toBeNull();
    expect(data.region.children).toHaveLength(31);
    expect(data.region.children.every((c: any) => c.level === 'PROVINCE' && c.parent.code === '100000')).toBe(true);
    expect(data.region.children[0].parent.name).toBe('中华人民共和国');
  });

  test("a province's office cannot read the nation's figures", async ({ hub }) => {
    const { errors } = await hub.query(HEADLINE, { within: '100000' });
    expectRefusal({ errors }, 'FORBIDDEN');
  });
});

describe('bad region codes get clear errors with stable codes', () => {
  test('a code that is not six digits is BAD_USER_INPUT, in Chinese', async ({ hub }) => {
    const { data, errors } = await hub.query(HEADLINE, { within: '4104' });
    expect(data?.region ?? null).toBeNull();
    expectRefusal({ errors }, 'BAD_USER_INPUT');
    expect(errors![0]!.message).toContain('六位数字');
  });

  test('a well-formed code that names no region is NOT_FOUND', async ({ hub }) => {
    const { errors } = await hub.query(HEADLINE, { within: '419999' });
    expectRefusal({ errors }, 'NOT_FOUND');
    expect(errors![0]!.message).toContain('419999');
  });

  test('descendants at SCHOOL level is refused: schools are not regions', async ({ hub }) => {
    const { errors } = await hub.query('{ region(code: "410400") { descendants(level: SCHOOL) { code } } }');
    expectRefusal({ errors }, 'BAD_USER_INPUT');
  });
});

describe('regions, answered by every subgraph from the tree it holds (lib/domain/region-tree.ts)', () => {
  test("the tree every subgraph holds is personnel's region table, row for row", async ({ hub }) => {
    const rows = await hub.subgraphs
      .personnel!.orm.fork()
      .getConnection()
      .execute<{ code: string; name: string; level: string; parent_code: string | null; county_level: boolean }[]>(
        'select code, name, level, parent_code, county_level from region order by code',
      );
    expect(rows.map((r) => [r.code, r.name, r.level, r.parent_code, r.county_level])).toEqual(
      allRegions().map((r) => [r.code, r.name, r.level, r.parentCode, r.countyLevel]),
    );
  });
});
