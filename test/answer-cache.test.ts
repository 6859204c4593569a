import { describe, expect, test, PROVINCE_ADMIN, type Office, type TestHub } from './support/hub.ts';

/**
 * Issue 11: the gateway keeps whole answers of queries (gateway/answer-cache.ts) and serves one only to the same
 * viewer, for the same document and variables, while no subgraph's data has changed since it was computed.
 */
const SCHOOLS_IN = 'query ($within: ID!) { schools(within: $within) { id name } }';
const REGISTER = 'mutation ($input: RegisterSchoolInput!) { registerSchool(input: $input) { id } }';
const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
const PINGDINGSHAN: Office = { level: 'CITY', region: '410400', roles: ['viewer'] };

async function ask(
  hub: TestHub,
  as: Office,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(as)}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { cache: res.headers.get('x-hub-cache'), json: (await res.json()) as { data?: any; errors?: unknown[] } };
}

/** Polls (bounded: 100 × 20 ms) until `done`; the answer cache learns of a change by a notification. */
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
 * delivered, and an answer computed while a write commits is never kept.
 */
const untilHit = (hub: TestHub, as: Office, query: string, variables: Record<string, unknown>) =>
  eventually(
    () => ask(hub, as, query, variables),
    (r) => r.cache === 'hit',
  );

const following = async (hub: TestHub) =>
  ((await (await fetch(`${hub.url}/health`)).json()) as { answerCache: { following: boolean } }).answerCache.following;

describe('the answer cache (issue 11: caching of rollups with correct invalidation and scope)', () => {
  test('a repeated query by the same viewer is answered from the cache, with the same data', async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    const first = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    const second = await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.json).toEqual(first.json);
    // other variables are another answer
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410422' })).cache).toBe('miss');
  });

  test("the relays' idle claims (statements on outbox_event that change no answer) leave kept answers standing", async ({
    hub,
  }) => {
    await eventually(() => following(hub), Boolean);
    await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    // each publishing subgraph's relay looks for events twice a second
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBe('hit');
  });

  test('scope: another viewer never gets a kept answer, even for the same document and variables', async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    const province = await untilHit(hub, PROVINCE_ADMIN, SCHOOLS_IN, { within: '410400' });
    // a city clerk who has not asked before may read the same schools: the first answer is theirs, not the kept one
    const city = await ask(hub, { ...PINGDINGSHAN, subject: 'scope-probe' }, SCHOOLS_IN, { within: '410400' });
    expect(city.cache).toBe('miss');
    expect(city.json.errors).toBeUndefined();
    // 叶县 asking for its city's schools gets its own refusal, never the province's kept answer
    const county = await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410400' });
    expect(county.cache).toBe('miss');
    expect(county.json).not.toEqual(province.json);
  });

  test('a mutation through the gateway is read at once by the next query', async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    const before = await untilHit(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
    expect(before.cache).toBe('hit');
    const made = await ask(hub, YEXIAN, REGISTER, {
      input: { name: '叶县缓存测试小学', regionCode: '410422', stage: 'PRIMARY' },
    });
    expect(made.json.errors).toBeUndefined();
    const after = await ask(hub, YEXIAN, SCHOOLS_IN, { within: '410422' });
    expect(after.cache).toBe('miss');
    expect(after.json.data.schools.map((s: { name: string }) => s.name)).toContain('叶县缓存测试小学');
  });

  test("a write behind the gateway's back (SQL in a subgraph's own schema) makes the kept answer stale", async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    const original = await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect(original.cache).toBe('hit');
    const school = original.json.data.schools[0] as { id: string; name: string };
    await hub.subgraphs
      .personnel!.orm.orm.em.getConnection()
      .execute('update school set name = ? where id = ?', [`${school.name}（改）`, school.id]);
    const fresh = await eventually(
      () => ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' }),
      (r) => r.json.data.schools.some((s: { name: string }) => s.name === `${school.name}（改）`),
    );
    expect(fresh.json.data.schools.map((s: { name: string }) => s.name)).toContain(`${school.name}（改）`);
  });

  test('Cache-Control: no-cache is answered afresh; an answer with errors is never kept', async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    await untilHit(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' }, { 'cache-control': 'no-cache' })).cache).toBeNull();
    const refused = await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '999999' });
    expect(refused.json.errors).toBeDefined();
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '999999' })).cache).not.toBe('hit');
  });

  test('while a subgraph cannot tell its version (its listener cut), nothing is served from the cache', async ({ hub }) => {
    await eventually(() => following(hub), Boolean);
    await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' });
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBe('hit');
    await hub.subgraphs
      .personnel!.orm.orm.em.getConnection()
      .execute("select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen hub_changes_personnel'");
    expect(
      await eventually(
        () => following(hub),
        (f) => !f,
      ),
    ).toBe(false);
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBeNull();
    // it reconnects under a new epoch: the old answer is not served again
    expect(await eventually(() => following(hub), Boolean)).toBe(true);
    expect((await ask(hub, PINGDINGSHAN, SCHOOLS_IN, { within: '410400' })).cache).toBe('miss');
  });
});
