import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier } from '../lib/auth/tokens.ts';
import { toCsv } from '../lib/http/csv.ts';
import type { SubgraphName } from '../lib/service/config.ts';
import { startGateway } from '../gateway/index.ts';
import { WARM_MAX } from '../gateway/answer-cache.ts';
import { SUPERGRAPH_PATH } from '../schema/compose.ts';
import { contractOperation } from './support/contract.ts';
import { evaluations, studios } from './support/demo.ts';
import { freePort } from './support/ports.ts';
import { runImport } from './support/import.ts';
import { describe, expect, test, PROVINCE_ADMIN, type Office, type TestHub } from './support/hub.ts';

/**
 * Issue 11 and issue 23: the gateway keeps whole answers of queries (gateway/answer-cache.ts), shares one among the
 * viewers of one office (scope and roles, never the person), and serves it only while nothing it depends on (the
 * regions it read, the rows it returned) has been written since its snapshot: checked exactly before each hit.
 */
const SCHOOLS_IN = 'query ($within: ID!) { schools(within: $within) { id name } }';
const STUDIO = 'query ($id: ID!) { studio(id: $id) { status version } }';
const REGISTER = 'mutation ($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }';
const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
const LUSHAN: Office = { level: 'COUNTY', region: '410423', roles: ['viewer'] };
const PINGDINGSHAN: Office = { level: 'CITY', region: '410400', roles: ['viewer'] };
const SHENZHEN: Office = { level: 'CITY', region: '440300', roles: ['viewer'] };

async function ask(
  hub: TestHub,
  as: Office,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  url = hub.url,
) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(as)}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { cache: res.headers.get('x-hub-cache'), json: (await res.json()) as { data?: any; errors?: unknown[] } };
}

/** Polls (bounded: 100 × 20 ms) until `done`. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let i = 0; i < 100 && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await probe();
  }
  return value;
}

/**
 * Asks until the answer comes from the cache (bounded): right after a start the demo's events may still be
 * delivered, and they are writes in the regions asked about.
 */
const untilHit = (hub: TestHub, as: Office, query: string, variables: Record<string, unknown>, url = hub.url) =>
  eventually(
    () => ask(hub, as, query, variables, {}, url),
    (r) => r.cache === 'hit',
  );

interface CacheHealth {
  following: boolean;
  hits: number;
  warmed: number;
  warmRounds: number;
  warming: boolean;
}
const health = async (hub: TestHub) =>
  ((await (await fetch(`${hub.url}/health`)).json()) as { answerCache: CacheHealth }).answerCache;
const sql = (hub: TestHub, name: SubgraphName) => hub.subgraphs[name]!.orm.orm.em.getConnection();
const names = (r: { json: { data?: any } }) => r.json.data.schools.map((s: { name: string }) => s.name) as string[];

/** A second gateway over the same subgraphs, as a second replica behind a load balancer. */
async function secondGateway(hub: TestHub, answerCacheMb = hub.config.ANSWER_CACHE_MB) {
  return startGateway({
    host: '127.0.0.1',
    port: await freePort(),
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: Object.fromEntries(
      Object.entries(hub.subgraphs).map(([name, subgraph]) => [name, `${subgraph!.url}/graphql`]),
    ) as Record<SubgraphName, string>,
    verifyToken: await createTokenVerifier(hub.config),
    gatewaySecret: hub.config.GATEWAY_SECRET!,
    subgraphTimeoutMs: hub.config.SUBGRAPH_TIMEOUT_MS,
    answerCacheMb,
    drainTimeoutMs: hub.config.DRAIN_TIMEOUT_MS,
    metrics: 'open',
    exports: { concurrency: hub.config.EXPORT_CONCURRENCY, queue: hub.config.EXPORT_QUEUE },
  });
}

describe('the answer cache (issue 11: caching of rollups with correct invalidation and scope)', () => {
  test('a repeated query by the same office is answered from the cache, with the same data', async ({ hub }) => {
    const first = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    const second = await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.json).toEqual(first.json);
    // other variables are another answer
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410422' })).cache).toBe('miss');
  });

  test('hits asked at once are checked together: 16 concurrent hits cost personnel fewer checks than hits (gathered)', async ({
    hub,
  }) => {
    await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    const queries = hub.subgraphs.personnel!.orm.queries;
    queries.reset();
    const answers = await Promise.all(Array.from({ length: 16 }, () => ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })));
    const checks = queries.statements.filter((statement) => statement.includes('hub_data_change')).length;
    // a write in between (the demo's events) may end the answer; every one is still checked, none unchecked
    expect(answers.filter((a) => a.cache === 'hit').length).toBeGreaterThan(0);
    expect(checks).toBeGreaterThan(0);
    expect(checks).toBeLessThan(16);
  });

  test('ANSWER_CACHE_MB bounds the kept answers: past it the least recently served goes, the latest stay', async ({ hub }) => {
    // a gateway keeping 1 MB; each query text (its own alias) is an answer of its own, all of one size
    const small = await secondGateway(hub, 1);
    const sized = (alias: string) =>
      `query { ${alias}: schools(within: "410400") { id name stage runBy updatedAt region { code name level } } }`;
    const bytes = async () =>
      ((await (await fetch(`${small.url}/health`)).json()) as { answerCache: { bytes: number; entries: number } }).answerCache;
    try {
      await untilHit(hub, PINGDINGSHAN, sized('a0'), {}, small.url);
      const one = (await bytes()).bytes;
      const fit = Math.floor((1024 * 1024) / one);
      // within the bound every answer stays: the first is still served from the cache
      for (let i = 1; i < fit; i++) await ask(hub, PINGDINGSHAN, sized(`a${i}`), {}, {}, small.url);
      expect((await bytes()).entries).toBe(fit);
      expect((await ask(hub, PINGDINGSHAN, sized('a0'), {}, {}, small.url)).cache).toBe('hit');
      // past it: the least recently served (a1, as a0 was just served) goes, the newest stays, never over 1 MB
      for (let i = fit; i < fit + 5; i++) await ask(hub, PINGDINGSHAN, sized(`a${i}`), {}, {}, small.url);
      const after = await bytes();
      expect(after.bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(after.entries).toBeLessThan(fit + 5);
      expect((await ask(hub, PINGDINGSHAN, sized('a1'), {}, {}, small.url)).cache).toBe('miss');
      expect((await ask(hub, PINGDINGSHAN, sized(`a${fit + 4}`), {}, {}, small.url)).cache).toBe('hit');
    } finally {
      await small.close();
    }
  });

  test("the relays' idle claims (statements on outbox_event that change no answer) leave kept answers standing", async ({
    hub,
  }) => {
    await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    // each publishing subgraph's relay looks for events twice a second
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBe('hit');
  });

  test('shared by scope and roles (issue 23.1): a second clerk of the office hits; another office or role never does', async ({
    hub,
  }) => {
    const province = await untilHit(hub, PROVINCE_ADMIN, SCHOOLS_IN, { within: '410400' });
    // another person of the province's office with the same roles: the kept answer is theirs too
    const colleague = await ask(hub, { ...PROVINCE_ADMIN, subject: 'another-clerk' }, SCHOOLS_IN, { within: '410400' });
    expect(colleague.cache).toBe('hit');
    expect(colleague.json).toEqual(province.json);
    // the same office with other roles is another answer
    expect((await ask(hub, { ...PROVINCE_ADMIN, roles: ['viewer'] }, SCHOOLS_IN, { within: '410400' })).cache).toBe('miss');
    // a city clerk who may read the same schools gets the city's answer (kept or not), not the province's
    const city = await ask(hub, { ...PINGDINGSHAN, subject: 'scope-probe' }, SCHOOLS_IN, { within: '410400' });
    expect(city.json.errors).toBeUndefined();
    // 叶县 asking for its city's schools gets its own refusal, never the province's kept answer
    const county = await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410400' });
    expect(county.cache).toBe('miss');
    expect(county.json).not.toEqual(province.json);
  });

  test('sharing is sound (issue 23.1): no answer of the contract operations depends on who asks beyond scope and roles', async ({
    hub,
  }) => {
    const asked = [
      ['pending-second-evaluations-by-county.graphql', { within: '410400' }],
      ['region-overview.graphql', { code: '410400', year: 2026 }],
      ['studio-page.graphql', { within: '410400', first: 50, year: 2026 }],
    ] as const;
    for (const [name, variables] of asked) {
      const fresh = { 'cache-control': 'no-cache' };
      const one = await ask(hub, { ...PINGDINGSHAN, subject: 'clerk-one' }, contractOperation(name), variables, fresh);
      const two = await ask(hub, { ...PINGDINGSHAN, subject: 'clerk-two' }, contractOperation(name), variables, fresh);
      expect(one.json.errors, name).toBeUndefined();
      expect(two.json, name).toEqual(one.json);
    }
  });

  test('a mutation through the gateway is read at once by the next query', async ({ hub }) => {
    const before = await untilHit(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
    expect(before.cache).toBe('hit');
    const made = await ask(hub, YEXIAN, REGISTER, {
      input: { name: '叶县缓存测试小学', regionCode: '410422', stage: 'PRIMARY' },
    });
    expect(made.json.errors).toBeUndefined();
    const after = await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
    expect(after.cache).toBe('miss');
    expect(names(after)).toContain('叶县缓存测试小学');
  });

  test('Cache-Control: no-cache is answered afresh; an answer with errors is never kept', async ({ hub }) => {
    await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' }, { 'cache-control': 'no-cache' })).cache).toBeNull();
    const refused = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '999999' });
    expect(refused.json.errors).toBeDefined();
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '999999' })).cache).not.toBe('hit');
  });
});

describe('kept answers outlive writes they do not depend on (issue 23.1)', () => {
  test('a write in 叶县 leaves 鲁山县 and 深圳 their kept answers and ends 平顶山, 河南 and 叶县 itself', async ({ hub }) => {
    const kept = [
      [LUSHAN, '410423'],
      [SHENZHEN, '440300'],
    ] as const;
    const ended = [
      [YEXIAN, '410422'],
      [PINGDINGSHAN, '410400'],
      [PROVINCE_ADMIN, '410000'],
    ] as const;
    for (const [as, within] of kept) await untilHit(hub, as, SCHOOLS_IN, { within });
    // asked once each (kept, but not popular: no background recomputation comes between the write and the count)
    const asked = [];
    for (const [as, within] of ended) asked.push(await ask(hub, { ...as, roles: ['finance'] }, SCHOOLS_IN, { within }));
    const [school] = asked[0]!.json.data.schools;
    await sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}（叶县改）`, school.id]);
    for (const [as, within] of kept) expect((await ask(hub, as, SCHOOLS_IN, { within })).cache, within).toBe('hit');
    for (const [as, within] of ended) {
      const after = await ask(hub, { ...as, roles: ['finance'] }, SCHOOLS_IN, { within });
      expect(after.cache, within).toBe('miss');
      expect(names(after), within).toContain(`${school.name}（叶县改）`);
    }
  });

  test("an answer that climbs out of the region it asked for (`parent`) depends on the viewer's whole scope", async ({ hub }) => {
    const CLIMBING = '{ region(code: "410422") { parent { children { name people { teacherCount } } } } }';
    const city: Office = { ...PINGDINGSHAN, roles: ['evaluator'] };
    await untilHit(hub, city, CLIMBING, {});
    // a write in 鲁山县, a sibling of the region asked for, read through 平顶山
    await sql(hub, 'personnel').execute("update school set name = name where region_code = '410423'");
    expect((await ask(hub, city, CLIMBING, {})).cache).toBe('miss');
  });

  test("each commit records, whoever wrote, its rows' regions up to the nation and their ids (psql, a table without a region column)", async ({
    hub,
  }) => {
    const studio = studios.find((s) => s.regionCode === '410423')!;
    // studio_member has no region: its rows count under their studio's (hub_change_region)
    await sql(hub, 'studios').execute('update studio_member set role = role where studio_id = ?', [studio.id]);
    const keys = await sql(hub, 'studios').execute<{ key: string }[]>(
      `select key from hub_data_change
        where xid = (select max(xid) from hub_data_change where key = ?) order by key`,
      [`id:${studio.id}`],
    );
    const written = keys.map((k) => k.key);
    expect(written).toEqual(
      expect.arrayContaining(['at:410423', 'in:100000', 'in:410000', 'in:410400', 'in:410423', `id:${studio.id}`]),
    );
    expect(written.filter((k) => k.startsWith('at:'))).toEqual(['at:410423']);
  });
});

describe('never stale after an acknowledged write, on any gateway (issue 23.2)', () => {
  test('a school registered through a second gateway is read at once through the first, every time (10 of 10)', async ({
    hub,
  }) => {
    const other = await secondGateway(hub);
    try {
      let stale = 0;
      for (let i = 0; i < 10; i++) {
        await untilHit(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
        const name = `叶县二号网关学校${'一二三四五六七八九十'[i]}`;
        const made = await ask(hub, YEXIAN, REGISTER, { input: { name, regionCode: '410422', stage: 'PRIMARY' } }, {}, other.url);
        expect(made.json.errors).toBeUndefined();
        if (!names(await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410422' })).includes(name)) stale++;
      }
      expect(stale).toBe(0);
    } finally {
      await other.close();
    }
  });

  test("a write committed by another client (SQL in the subgraph's schema) is read by the very next query", async ({ hub }) => {
    const original = await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    const school = original.json.data.schools[0] as { id: string; name: string };
    await sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}（改）`, school.id]);
    const fresh = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect(fresh.cache).toBe('miss');
    expect(names(fresh)).toContain(`${school.name}（改）`);
  });

  test("an event's consequence (a passed 二次评估 plaques the studio) is read as soon as its database holds it", async ({
    hub,
  }) => {
    const studio = studios.find((s) => s.regionCode === '410422' && s.status === 'ON_HOLD')!;
    const second = evaluations.find((e) => e.studioId === studio.id && e.kind === 'SECOND_EVALUATION')!;
    const before = await untilHit(hub, PINGDINGSHAN, STUDIO, { id: studio.id });
    expect(before.json.data.studio.status).toBe('ON_HOLD');
    const recorded = await ask(
      hub,
      { level: 'CITY', region: '410400', roles: ['evaluator'] },
      'mutation ($id: ID!) { recordEvaluationResult(input: { id: $id, version: 1, result: PASS }) { id } }',
      { id: second.id },
    );
    expect(recorded.json.errors).toBeUndefined();
    // the studios subgraph applies the event in its own transaction; the read starts once it has committed
    const status = async () =>
      (await sql(hub, 'studios').execute<{ status: string }[]>('select status from studio where id = ?', [studio.id]))[0]!.status;
    const held = await eventually(status, (s) => s !== 'ON_HOLD');
    expect(held).toBe('ESTABLISHED');
    expect((await ask(hub, PINGDINGSHAN, STUDIO, { id: studio.id })).json.data.studio.status).toBe(held);
  });

  test('schools imported by `npm run import` are read by the very next query', async ({ hub }) => {
    const dir = await mkdtemp(join(tmpdir(), 'studio-hub-cache-'));
    try {
      await untilHit(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
      const file = join(dir, 'schools.csv');
      await writeFile(file, toCsv(['学校名称', '行政区划代码', '学段'], [['叶县导入缓存小学', '410422', '小学']]));
      const { code, out } = await runImport(hub, 'schools', file, await hub.token(YEXIAN));
      expect(code, out).toBe(0);
      expect(names(await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410422' }))).toContain('叶县导入缓存小学');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("the check needs no stream: with a subgraph's listener cut, hits are still exact and a write is still seen", async ({
    hub,
  }) => {
    const original = await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    await sql(hub, 'personnel').execute(
      "select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen hub_changes_personnel'",
    );
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBe('hit');
    const school = original.json.data.schools[0] as { id: string; name: string };
    await sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}（断流）`, school.id]);
    const after = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect(after.cache).toBe('miss');
    expect(names(after)).toContain(`${school.name}（断流）`);
    expect(await eventually(async () => (await health(hub)).following, Boolean)).toBe(true);
  });
});

describe('warm after a write (issue 23.4)', () => {
  test('an answer asked again and again is computed once in the background after a write, and the next viewer hits', async ({
    hub,
  }) => {
    await eventually(async () => (await health(hub)).following, Boolean);
    const original = await untilHit(hub, SHENZHEN, SCHOOLS_IN, { within: '440300' });
    const school = original.json.data.schools[0] as { id: string; name: string };
    // the earlier tests' writes recomputed; now nothing is
    const before = await eventually(
      () => health(hub),
      (h) => !h.warming,
    );
    await sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}（预热）`, school.id]);
    // the round recomputes every popular answer the write ended, this one among them
    const warmed = await eventually(
      () => health(hub),
      (h) => h.warmed > before.warmed && !h.warming,
    );
    expect(warmed.warmed).toBeGreaterThan(before.warmed);
    const next = await ask(hub, SHENZHEN, SCHOOLS_IN, { within: '440300' });
    expect(next.cache).toBe('hit');
    expect(names(next)).toContain(`${school.name}（预热）`);
  });

  test('a burst of 20 writes makes fewer rounds than writes, and no more recomputations than rounds allow', async ({ hub }) => {
    await eventually(async () => (await health(hub)).following, Boolean);
    const original = await untilHit(hub, SHENZHEN, SCHOOLS_IN, { within: '440300' });
    const school = original.json.data.schools[0] as { id: string; name: string };
    const before = await health(hub);
    // twenty commits sent at once, as a burst comes, the last one named -19
    await Promise.all(
      Array.from({ length: 19 }, (_, i) =>
        sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}-${i}`, school.id]),
      ),
    );
    await sql(hub, 'personnel').execute('update school set name = ? where id = ?', [`${school.name}-19`, school.id]);
    // quiet: two checks a round apart see the same counts
    let after = await health(hub);
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await health(hub);
      if (now.warmRounds === after.warmRounds && now.warmed === after.warmed && now.warmed > before.warmed) break;
      after = now;
    }
    const rounds = after.warmRounds - before.warmRounds;
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThan(20);
    expect(after.warmed - before.warmed).toBeLessThanOrEqual(rounds * WARM_MAX);
    expect(names(await ask(hub, SHENZHEN, SCHOOLS_IN, { within: '440300' }))).toContain(`${school.name}-19`);
  });
});
