import pg from 'pg';
import { requestStatements } from './support/statements.ts';
import { SUBGRAPH_NAMES } from '../lib/service/config.ts';
import { DENSITY, seed, SeedError } from '../scripts/seed.ts';
import { contractOperation } from './support/contract.ts';
import { startTestHub, type TestHub } from './support/hub.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const HEADLINE = contractOperation('pending-second-evaluations-by-county.graphql');
const OVERVIEW = contractOperation('region-overview.graphql');
const STUDIO_PAGE = contractOperation('studio-page.graphql');
const HENAN_COUNTIES = 181;

let hub: TestHub & { dispose(): Promise<void> };
let db: pg.Client;

beforeAll(async () => {
  hub = await startTestHub({ DEMO_DATA: 'off' });
  await seed(hub.database!.url, 'province', { quiet: true });
  db = new pg.Client({ connectionString: hub.database!.url });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await db?.end();
  await hub?.dispose();
});

/** Every SQL statement the four subgraphs send for one request (the event relay's and housekeeping's polling left out). */
async function statementsOf(run: () => Promise<unknown>): Promise<number> {
  const counters = SUBGRAPH_NAMES.map((name) => hub.subgraphs[name]!.orm.queries);
  for (const c of counters) c.reset();
  await run();
  return counters.reduce((n, c) => n + requestStatements(c.statements).length, 0);
}

describe('the generator at province scale (河南, 181 county-level regions)', () => {
  test('fills each subgraph with the rows of its density, every studio on a seeded policy', async () => {
    const count = async (table: string) => Number((await db.query(`select count(*) from ${table}`)).rows[0].count);
    const studios = HENAN_COUNTIES * DENSITY.studios;
    expect(await count('personnel.school')).toBe(HENAN_COUNTIES * DENSITY.schools);
    expect(await count('personnel.teacher')).toBe(HENAN_COUNTIES * DENSITY.schools * DENSITY.teachersPerSchool);
    expect(await count('studios.studio')).toBe(studios);
    expect(await count('studios.studio_member')).toBe(studios * DENSITY.membersPerStudio);
    expect(await count('evaluations.evaluation')).toBe(studios * DENSITY.evaluationsPerStudio);
    expect(await count('funding.allocation')).toBe(studios * DENSITY.allocationsPerStudio);
    expect(await count('funding.expenditure')).toBe(studios * DENSITY.expendituresPerStudio);
    const { rows } = await db.query(
      `select count(*) as orphans from studios.studio s
        where not exists (select 1 from personnel.teacher t where t.id = s.host_teacher_id and t.school_id = s.host_school_id)`,
    );
    expect(Number(rows[0].orphans)).toBe(0);
  });

  test('refuses to fill tables that already have rows unless told to replace them', async () => {
    await expect(seed(hub.database!.url, 'county', { quiet: true })).rejects.toBeInstanceOf(SeedError);
  });

  test('the headline counts what a plain count over the subtree finds', async () => {
    const { data, errors } = await hub.query(HEADLINE, { within: '410000' });
    expect(errors).toBeUndefined();
    const counties = data.region.descendants as { code: string; evaluations: { studioCount: number } }[];
    expect(counties).toHaveLength(HENAN_COUNTIES);
    const { rows } = await db.query(
      `select region_code, count(distinct studio_id) as n from evaluations.evaluation
        where kind = 'SECOND_EVALUATION' and status = 'PENDING' group by region_code`,
    );
    const expected = new Map(rows.map((r) => [r.region_code, Number(r.n)]));
    for (const c of counties) expect(c.evaluations.studioCount).toBe(expected.get(c.code) ?? 0);
    expect(counties.some((c) => c.evaluations.studioCount > 0)).toBe(true);
  });

  test("the overview's figures equal the sums over its children", async () => {
    const { data, errors } = await hub.query(OVERVIEW, { code: '410000', year: 2022 });
    expect(errors).toBeUndefined();
    const region = data.region;
    expect(region.studios.total).toBe(HENAN_COUNTIES * DENSITY.studios);
    expect(region.children.reduce((n: number, c: any) => n + c.studios.total, 0)).toBe(region.studios.total);
    const fen = (money: string) => BigInt(money.replace('.', ''));
    const allocated = region.children.reduce((n: bigint, c: any) => n + fen(c.funding.allocated), 0n);
    expect(allocated).toBe(fen(region.funding.allocated));
    expect(allocated).toBeGreaterThan(0n);
  });
});

describe('studio pages cost the same statements whatever their size', () => {
  test('statements(first 50) = statements(first 500)', async () => {
    const page = (first: number) => async () => {
      const { data, errors } = await hub.query(STUDIO_PAGE, { within: '410000', first, year: 2022 });
      expect(errors).toBeUndefined();
      expect(data.studios.edges).toHaveLength(first);
      expect(data.studios.edges.every((e: any) => e.node.memberCount >= 0 && e.node.funding)).toBe(true);
    };
    const at50 = await statementsOf(page(50));
    const at500 = await statementsOf(page(500));
    expect(at50).toBeGreaterThan(0);
    expect(at500).toBe(at50);
  });
});
