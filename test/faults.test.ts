import pg from 'pg';
import { withLogs } from './support/logs.ts';
import { studios } from './support/demo.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/service/config.ts';
import { REGION_OVERVIEW } from './support/contract.ts';
import { describe, expect, PROVINCE_ADMIN, test, type GraphQLResponse, type TestHub, expectRefusal } from './support/hub.ts';

// Faults a busy province meets: a burst of changes at one studio, PostgreSQL restarting under writes, a subgraph
// going down. All on loopback against the file's own hub; each test bounded to a few seconds.

const OVERVIEW = REGION_OVERVIEW;
// two studios of 河南省, where the acting province administrator may change anything
const [busy, other] = studios.filter((s) => s.policyId === '000-pingdingshan' && s.status === 'RUNNING');

const RECORD = `mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id } }`;
const record = (studioId: string, title: string) => ({
  input: { studioId, kind: 'OFFLINE_STUDY', title, doneOn: '2026-03-02', halfDays: 1 },
});

/** POSTs to the gateway, giving up after `ms`: a request that hangs is reported as such, never waited on for ever. */
async function bounded(hub: TestHub, query: string, variables: Record<string, unknown>, ms = 20_000) {
  const started = Date.now();
  try {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(ms),
    });
    return { body: (await res.json()) as GraphQLResponse, ms: Date.now() - started };
  } catch (error) {
    return { body: null, hung: (error as Error).name === 'TimeoutError', ms: Date.now() - started };
  }
}

const health = async (url: string) => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).status;

async function withDatabase<T>(hub: TestHub, run: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: hub.database!.url });
  db.on('error', () => {}); // a restart ends this session too
  await db.connect();
  try {
    return await run(db);
  } finally {
    await db.end().catch(() => {});
  }
}

const idleInTransaction = (db: pg.Client) =>
  db
    .query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
    )
    .then((r) => r.rows[0].n as number);

async function connectionsInUse(hub: TestHub, name: SubgraphName): Promise<number> {
  const pool = (await hub.subgraphs[name]!.orm.orm.em.getConnection().getNativeClient()) as pg.Pool;
  return pool.totalCount - pool.idleCount;
}

/** Every subgraph and the gateway's /health answer, and one operation touching all four answers without errors. */
async function everythingAnswers(hub: TestHub): Promise<boolean> {
  try {
    const statuses = await Promise.all([hub.url, ...SUBGRAPH_NAMES.map((n) => hub.subgraphs[n]!.url)].map(health));
    if (statuses.some((s) => s !== 200)) return false;
    const { body } = await bounded(hub, OVERVIEW, { code: '410400', year: 2025 }, 2_000);
    return !!body?.data?.region && !body.errors;
  } catch {
    return false;
  }
}

describe('no request holds a connection while it waits for another', () => {
  test('64 changes at once to one studio all answer; then every subgraph, /health and the pool are free', async ({ hub }) => {
    const { data } = await hub.query('query ($id: ID!) { studio(id: $id) { version } }', { id: busy!.id });
    const version = data.studio.version;
    const changes = [
      () =>
        bounded(hub, 'mutation ($id: ID!, $v: Int!) { applyAbsenceRule(studioId: $id, version: $v) { id } }', {
          id: busy!.id,
          v: version,
        }),
      () =>
        bounded(hub, 'mutation ($i: RevokeForMisconductInput!) { revokeStudioForMisconduct(input: $i) { id } }', {
          i: { id: busy!.id, version, finding: '经查，利用工作室名义有偿补课' },
        }),
      () =>
        bounded(hub, 'mutation ($i: TransitionStudioInput!) { transitionStudio(input: $i) { id } }', {
          i: { id: busy!.id, version, to: 'WARNED', reason: '压力测试' },
        }),
      () => bounded(hub, RECORD, record(busy!.id, '并发教研')),
    ];
    const started = Date.now();
    const answers = await withDatabase(hub, async (db) => {
      // the worst moment: every change reaches the database together, after a second in which it was busy, the
      // first half reading their studio's policy inside their transactions, on the version all of them read
      await db.query('begin');
      await db.query('lock table studios.studio in access exclusive mode');
      const burst = Promise.all(Array.from({ length: 64 }, (_, i) => changes[i < 32 ? i % 2 : 2 + (i % 2)]!()));
      await new Promise((r) => setTimeout(r, 1_000));
      await db.query('commit');
      return burst;
    });
    const seconds = (Date.now() - started) / 1000;
    const codes = answers.map((a) => (a.body ? (a.body.errors?.[0]?.extensions?.code ?? 'OK') : a.hung ? 'HUNG' : 'FAILED'));
    console.info(`burst: ${codes.filter((c) => c !== 'HUNG').length}/64 answered in ${seconds.toFixed(1)} s`, count(codes));
    expect(codes.filter((c) => !['OK', 'CONFLICT', 'BAD_USER_INPUT', 'POLICY_VIOLATION'].includes(c))).toEqual([]);
    expect(codes.filter((c) => c === 'OK').length).toBeGreaterThanOrEqual(16); // every recordWork at least
    expect(await everythingAnswers(hub)).toBe(true);
    expect(await withDatabase(hub, idleInTransaction)).toBe(0);
  });
});

describe('pools recover by themselves after PostgreSQL restarts', () => {
  test('restarted under writes: every acknowledged write is stored, and every subgraph answers again by itself, no restart of ours (time reported, not asserted)', async ({
    hub,
  }) => {
    const acknowledged: string[] = [];
    const refused: string[] = [];
    let writing = true;
    let n = 0;
    const writer = async () => {
      while (writing) {
        const { body, hung } = await bounded(hub, RECORD, record(other!.id, `重启期间的记录 ${n++}`), 15_000);
        const id = body?.data?.recordWork?.id;
        if (id) acknowledged.push(id);
        else refused.push(hung ? 'HUNG' : String(body?.errors?.[0]?.extensions?.code ?? 'FAILED'));
        if (!id) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const writers = Array.from({ length: 12 }, writer);
    await new Promise((r) => setTimeout(r, 1_000));
    await hub.database!.restart();
    const back = Date.now();
    let recovered = false;
    while (!(recovered = await everythingAnswers(hub)) && Date.now() - back < 60_000)
      await new Promise((r) => setTimeout(r, 100));
    const recovery = Date.now() - back;
    await new Promise((r) => setTimeout(r, 1_000));
    writing = false;
    await Promise.all(writers);

    const stored = await withDatabase(hub, (db) =>
      db.query('select count(*)::int as n from studios.work_item where id = any($1::uuid[])', [acknowledged]),
    );
    console.info(
      `restart: ${acknowledged.length} writes acknowledged, ${stored.rows[0].n} stored; ${refused.length} refused`,
      count(refused),
      `; all answering ${recovery} ms after PostgreSQL was back`,
    );
    expect(refused.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(stored.rows[0].n).toBe(acknowledged.length);
    expect(recovered).toBe(true);
    expect(await withDatabase(hub, idleInTransaction)).toBe(0);
    // the connections that died with their transactions were dropped, not left counted as in use
    for (const name of SUBGRAPH_NAMES) expect(await connectionsInUse(hub, name)).toBe(0);
  });
});

describe('a subgraph that is down is named, and the rest still arrives', () => {
  test('studios down: 工作室服务暂不可用 (SERVICE_UNAVAILABLE, serviceName) with the region and its other figures; back after a restart', async ({
    hub,
  }) => {
    await hub.subgraphs.studios!.close();
    const { body } = await bounded(hub, OVERVIEW, { code: '410400', year: 2025 });
    expect(body!.data.region).toMatchObject({ code: '410400', name: '平顶山市', studios: null });
    expect(body!.data.region.funding.allocated).toMatch(/^\d+\.\d{2}$/);
    expect(body!.data.region.evaluations.count).toBeGreaterThan(0);
    const error = body!.errors!.find((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')!;
    expect(error.message).toContain('工作室服务暂不可用');
    expect(error.extensions!.serviceName).toBe('studios');
    for (const e of body!.errors!) expect(JSON.stringify(e)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|http:|fetch failed/);
    expect(await health(hub.url)).toBe(503);

    await hub.restartSubgraph('studios');
    const again = await bounded(hub, OVERVIEW, { code: '410400', year: 2025 });
    expect(again.body!.errors).toBeUndefined();
    expect(again.body!.data.region.studios.total).toBeGreaterThan(0);
  });

  test('a subgraph asking one that is down names the one that is down (人员服务暂不可用, serviceName personnel)', async ({
    hub,
  }) => {
    await hub.subgraphs.personnel!.close();
    const { body } = await bounded(
      hub,
      'mutation ($s: ID!, $t: ID!) { applyToJoinStudio(studioId: $s, teacherId: $t, role: MEMBER) { id } }',
      { s: other!.id, t: busy!.members[0]!.teacherId },
    );
    expect(expectRefusal(body!, 'SERVICE_UNAVAILABLE', { serviceName: 'personnel' }).message).toContain('人员服务暂不可用');
    await hub.restartSubgraph('personnel');
    expect(await everythingAnswers(hub)).toBe(true);
  });

  test('every error log line is JSON: the subgraph that did not answer is named with the service and the request id, and the request is logged as failed in it (level error)', async ({
    hub,
  }) => {
    await hub.subgraphs.funding!.close();
    const logs = await withLogs('warn', async () => {
      try {
        const res = await fetch(`${hub.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}`,
            'x-request-id': 'req-funding-down',
          },
          body: JSON.stringify({ query: OVERVIEW, variables: { code: '410400', year: 2025 } }),
        });
        const body = (await res.json()) as GraphQLResponse;
        expectRefusal(body, 'SERVICE_UNAVAILABLE', { serviceName: 'funding' });
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await hub.restartSubgraph('funding');
      }
    });
    const entries = logs.entries();
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 50,
        service: 'gateway',
        requestId: 'req-funding-down',
        subgraph: 'funding',
        msg: 'funding did not answer',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 50,
        service: 'gateway',
        requestId: 'req-funding-down',
        status: 200,
        failedSubgraphs: ['funding'],
        msg: 'request failed in a subgraph',
      }),
    );
  });
});

function count(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of codes) counts[c] = (counts[c] ?? 0) + 1;
  return counts;
}
