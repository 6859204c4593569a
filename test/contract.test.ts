import { REGION_OVERVIEW as OVERVIEW, STUDIO_PAGE, type StudioPage } from './support/contract.ts';
import { describe, expect, test, expectRefusal, expectAnswer } from './support/hub.ts';

const fen = (money: string) => BigInt(money.replace('.', ''));

describe("one region's dashboard (contract: region-overview)", () => {
  test("a city's figures are its counties' plus those of the schools it runs itself", async ({ hub }) => {
    const data = expectAnswer(await hub.query(OVERVIEW, { code: '410400', year: 2025 }));
    const city = data.region;
    expect(city.parent).toEqual({ code: '410000', name: '河南省' });
    // the one city-run studio (平顶山市求是高级中学) hangs on the city itself, not on any county
    const childTotal = city.children.reduce((n, c) => n + c.studios.total, 0);
    expect(city.studios.total).toBe(childTotal + 1);
    const childAllocated = city.children.reduce((n, c) => n + fen(c.funding.allocated), 0n);
    expect(fen(city.funding.allocated) - childAllocated).toBe(3_000_000n); // the city-run studio's 30,000.00
    expect(city.studios.byStatus.reduce((n, s) => n + s.count, 0)).toBe(city.studios.total);
    expect(city.studios.byLevel.reduce((n, s) => n + s.count, 0)).toBe(city.studios.total);
  });

  test('balance is allocated minus spent, and the execution rate is their ratio, 0 with nothing allocated', async ({ hub }) => {
    const data = expectAnswer(await hub.query(OVERVIEW, { code: '440300', year: 2020 }, { level: 'CITY', region: '440300' }));
    const f = data.region.funding;
    expect(fen(f.balance)).toBe(fen(f.allocated) - fen(f.spent));
    expect(f.executionRate).toBeCloseTo(Number(fen(f.spent)) / Number(fen(f.allocated)), 4);
    // 003: districts match the city's 40,000 at least 1:1 for district schools' studios
    expect(fen(f.matched)).toBe(8_500_000n);
    const empty = await hub.query(OVERVIEW, { code: '650000', year: 2020 }, { level: 'PROVINCE', region: '650000' });
    expect(empty.data!.region.funding).toMatchObject({ allocated: '0.00', spent: '0.00', balance: '0.00', executionRate: 0 });
  });

  test("a province's studio total equals the sum over its cities", async ({ hub }) => {
    const data = expectAnswer(await hub.query(OVERVIEW, { code: '410000', year: 2025 }));
    const sum = data.region.children.reduce((n, c) => n + c.studios.total, 0);
    expect(data.region.studios.total).toBe(sum);
    expect(data.region.studios.total).toBe(9);
  });
});

describe('studio pages for incremental sync (contract: studio-page)', () => {
  test('walks every studio of a subtree exactly once in stable order', async ({ hub }) => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount = 0;
    do {
      const data: StudioPage = expectAnswer(await hub.query(STUDIO_PAGE, { within: '410000', first: 2, after, year: 2025 }));
      totalCount = data.studios.totalCount;
      seen.push(...data.studios.edges.map((e) => e.node.id));
      after = data.studios.pageInfo.hasNextPage ? data.studios.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 20);
    expect(totalCount).toBe(9);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect(pages).toBe(5);
  });

  test('updatedSince returns only studios changed at or after the instant', async ({ hub }) => {
    const shenzhen = { level: 'CITY', region: '440300' } as const;
    const all = await hub.query(STUDIO_PAGE, { within: '440300', first: 50, year: 2020 }, shenzhen);
    const times = all.data!.studios.edges.map((e) => e.node.updatedAt).sort();
    const last = times.at(-1)!;
    const since = await hub.query(STUDIO_PAGE, { within: '440300', first: 50, year: 2020, updatedSince: last }, shenzhen);
    expect(since.data!.studios.totalCount).toBe(times.filter((t) => t >= last).length);
    const future = await hub.query(
      STUDIO_PAGE,
      { within: '440300', first: 50, year: 2020, updatedSince: '2099-01-01T00:00:00Z' },
      shenzhen,
    );
    expect(future.data!.studios).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('page size is 1 to 500: both edges accepted, beyond them BAD_USER_INPUT', async ({ hub }) => {
    for (const first of [1, 500])
      expect((await hub.query(STUDIO_PAGE, { within: '410000', first, year: 2025 })).errors).toBeUndefined();
    for (const first of [0, 501]) {
      const { errors } = await hub.query(STUDIO_PAGE, { within: '410000', first, year: 2025 });
      expectRefusal({ errors }, 'BAD_USER_INPUT');
      expect(errors![0]!.message).toContain('1 到 500');
    }
  });

  test('a forged cursor is BAD_USER_INPUT', async ({ hub }) => {
    const { errors } = await hub.query(STUDIO_PAGE, { within: '410000', first: 2, after: 'not-a-cursor', year: 2025 });
    expectRefusal({ errors }, 'BAD_USER_INPUT');
  });
});
